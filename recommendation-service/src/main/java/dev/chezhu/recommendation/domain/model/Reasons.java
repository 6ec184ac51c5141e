package dev.chezhu.recommendation.domain.model;

/** The stable reason codes of a recommendation. */
public final class Reasons {

    public static final String BECAUSE_YOU_FINISHED = "BECAUSE_YOU_FINISHED";
    public static final String BECAUSE_YOU_LISTENED = "BECAUSE_YOU_LISTENED";
    public static final String FOR_YOUR_COMMUTE = "FOR_YOUR_COMMUTE";
    public static final String POPULAR_WITH_OWNERS = "POPULAR_WITH_OWNERS";
    public static final String POPULAR_IN_YOUR_REGION = "POPULAR_IN_YOUR_REGION";
    public static final String MATCHES_YOUR_INTERESTS = "MATCHES_YOUR_INTERESTS";
    public static final String TRENDING = "TRENDING";
    public static final String NEW_IN_CATALOGUE = "NEW_IN_CATALOGUE";
    public static final String EDITORS_PICK = "EDITORS_PICK";

    private Reasons() {
    }
}

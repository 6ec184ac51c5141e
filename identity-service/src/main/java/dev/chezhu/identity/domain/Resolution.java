package dev.chezhu.identity.domain;

/** What identity resolution did with an observation. */
public record Resolution(PersonProfile person, Outcome outcome, boolean replayed) {

    public enum Outcome {
        /** No identifier matched: a new person. */
        CREATED,
        /** One person matched: the observation was attached. */
        ATTACHED,
        /** Several persons matched and were merged into the oldest. */
        MERGED
    }
}

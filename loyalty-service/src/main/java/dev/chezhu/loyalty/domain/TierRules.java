package dev.chezhu.loyalty.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Tiers on points earned (or spend) in a rolling window. A person moves UP as soon as their
 * qualifying value reaches a higher tier, and DOWN only at their review date (one review period after
 * they reached the tier or were last reviewed), to the tier they qualify for then.
 */
public final class TierRules {

    public enum Basis {
        POINTS,
        SPEND
    }

    private final List<TierLevel> levels;
    private final Basis basis;
    private final Duration window;
    private final Duration reviewPeriod;

    public TierRules(List<TierLevel> levels, Basis basis, Duration window, Duration reviewPeriod) {
        this.levels = levels.stream().sorted(Comparator.comparingLong(TierLevel::threshold)).toList();
        if (this.levels.isEmpty() || this.levels.get(0).threshold() != 0) {
            throw new IllegalArgumentException("the lowest tier must start at 0");
        }
        this.basis = basis;
        this.window = window;
        this.reviewPeriod = reviewPeriod;
    }

    public Basis basis() {
        return basis;
    }

    public TierLevel entry() {
        return levels.get(0);
    }

    /** Start of the window the qualifying value is counted in. */
    public Instant windowStart(Instant now) {
        return now.minus(window);
    }

    public TierLevel level(String code) {
        return levels.stream().filter(l -> l.code().equals(code)).findFirst().orElse(entry());
    }

    public TierLevel qualified(long value) {
        TierLevel reached = entry();
        for (TierLevel level : levels) {
            if (value >= level.threshold()) {
                reached = level;
            }
        }
        return reached;
    }

    private int rank(String code) {
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i).code().equals(code)) {
                return i;
            }
        }
        return 0;
    }

    /** After activity: an upgrade at once when the person qualifies for a higher tier; never a downgrade. */
    public Optional<TierChangeDecision> afterActivity(String current, long qualifying, Instant now) {
        TierLevel qualified = qualified(qualifying);
        if (rank(qualified.code()) <= rank(current)) {
            return Optional.empty();
        }
        return Optional.of(new TierChangeDecision(current, qualified.code(), true, now.plus(reviewPeriod)));
    }

    /**
     * At the review date: down to the tier the person qualifies for now, or kept (and reviewed again a
     * period later). The entry tier is never reviewed.
     */
    public TierChangeDecision atReview(String current, long qualifying, Instant now) {
        TierLevel qualified = qualified(qualifying);
        if (rank(qualified.code()) >= rank(current)) {
            String kept = rank(qualified.code()) > rank(current) ? qualified.code() : current;
            return new TierChangeDecision(current, kept, !kept.equals(current), reviewAfter(kept, now));
        }
        return new TierChangeDecision(current, qualified.code(), false, reviewAfter(qualified.code(), now));
    }

    private Instant reviewAfter(String tier, Instant now) {
        return rank(tier) == 0 ? null : now.plus(reviewPeriod);
    }

    /** A tier decision: from, to, whether it is an upgrade, and the next review date (null for the entry tier). */
    public record TierChangeDecision(String from, String to, boolean upgrade, Instant nextReview) {

        public boolean changed() {
            return !from.equals(to);
        }
    }
}

package dev.chezhu.recommendation.domain.model;

import java.time.Duration;

import dev.chezhu.recommendation.domain.EventType;

/**
 * How much one listening event says about a listener's taste for an item (implicit feedback). The
 * preference of a listener for an item is the sum over their events: finishing or liking is a clear
 * yes, skipping early a clear no, skipping late little more than a start. The live Redis projection
 * and the trainer add exactly these increments, so the service and the offline evaluation agree.
 */
public final class ImplicitFeedback {

    /** A preference at least this high means the listener finished the item (at least once). */
    public static final double FINISHED = 1.0;

    private ImplicitFeedback() {
    }

    /** The listen ratio: how much of the item was heard, 0..1 (0 when the duration is unknown). */
    public static double listenRatio(Duration listened, Duration itemDuration) {
        if (listened == null || itemDuration == null || itemDuration.isZero() || itemDuration.isNegative()) {
            return 0;
        }
        return Math.max(0, Math.min(1, (double) listened.toMillis() / itemDuration.toMillis()));
    }

    /** The preference increment of one event. */
    public static double preference(EventType type, Duration listened, Duration itemDuration) {
        double ratio = listenRatio(listened, itemDuration);
        return switch (type) {
            case STARTED -> 0.1;
            case COMPLETED -> FINISHED;
            case LIKED -> 1.5;
            // an early skip is a clear no; a skip near the end is almost a completion
            case SKIPPED -> Math.max(-1.0, Math.min(0.2, -1.0 + 1.2 * ratio));
            case DISLIKED -> -2.0;
        };
    }

    /**
     * The outcome of a play for context learning: +1 a positive end (completed, liked, skipped after
     * most of it), 0 a negative end (skipped, disliked), -1 not an end (a start).
     */
    public static int outcome(EventType type, Duration listened, Duration itemDuration) {
        return switch (type) {
            case STARTED -> -1;
            case COMPLETED, LIKED -> 1;
            case SKIPPED -> listenRatio(listened, itemDuration) >= 0.8 ? 1 : 0;
            case DISLIKED -> 0;
        };
    }

    /** The confidence a positive preference gives the collaborative model (iALS-style 1 + a·log(1+p/e)). */
    public static double confidence(double preference) {
        return preference <= 0 ? 0 : 1 + 2.0 * Math.log1p(preference / 0.5);
    }
}

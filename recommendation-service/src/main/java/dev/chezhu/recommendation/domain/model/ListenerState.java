package dev.chezhu.recommendation.domain.model;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.chezhu.recommendation.domain.AudioKind;
import dev.chezhu.recommendation.domain.EventType;
import dev.chezhu.recommendation.domain.ListeningContext;

/**
 * What the ranker knows about one listener at request time.
 *
 * @param preferences item ID → summed {@link ImplicitFeedback#preference} (personal history)
 * @param contextCounts context cell + {@code #n} / {@code #p} → plays ended / plays ended well
 * @param recent items played recently: never recommended again right away
 * @param driveSkips items skipped in the current drive: left out, their neighbours demoted
 * @param segments profile segments ({@code model:…}, {@code region:…}, {@code tag:…}, {@code lifecycle:…})
 * @param personalised false without personalisation consent: history, context counts and segments
 *        are then empty and the list is non-personal
 */
public record ListenerState(Map<String, Double> preferences, Map<String, Double> contextCounts, Set<String> recent,
        Set<String> driveSkips, List<String> segments, boolean personalised) {

    public static final String COUNT = "#n";
    public static final String POSITIVE = "#p";

    public static ListenerState anonymous(Set<String> recent, Set<String> driveSkips) {
        return new ListenerState(Map.of(), Map.of(), recent, driveSkips, List.of(), false);
    }

    /** Keeps only what may be used without personalisation consent: the session's recent plays and skips. */
    public ListenerState withoutPersonalisation() {
        return anonymous(recent, driveSkips);
    }

    public ListenerState withSegments(List<String> newSegments) {
        return new ListenerState(preferences, contextCounts, recent, driveSkips, List.copyOf(newSegments), personalised);
    }

    /** Builds a state by folding events, exactly as the live projection adds them up in Redis. */
    public static final class Builder {
        private final Map<String, Double> preferences = new HashMap<>();
        private final Map<String, Double> contextCounts = new HashMap<>();
        private final Set<String> recent = new HashSet<>();

        public Builder add(String itemId, AudioKind kind, java.time.Duration itemDuration, EventType type,
                java.time.Duration listened, ListeningContext context) {
            preferences.merge(itemId, ImplicitFeedback.preference(type, listened, itemDuration), Double::sum);
            for (ContextUpdate update : contextUpdates(kind, itemDuration, type, listened, context)) {
                contextCounts.merge(update.field(), update.increment(), Double::sum);
            }
            recent.add(itemId);
            return this;
        }

        public ListenerState build(List<String> segments, boolean withRecent) {
            return new ListenerState(Map.copyOf(preferences), Map.copyOf(contextCounts),
                    withRecent ? Set.copyOf(recent) : Set.of(), Set.of(), List.copyOf(segments), true);
        }
    }

    /** One field increment of the context counts. */
    public record ContextUpdate(String field, double increment) {
    }

    /** The context-count increments of one event (none for a start). */
    public static List<ContextUpdate> contextUpdates(AudioKind kind, java.time.Duration itemDuration, EventType type,
            java.time.Duration listened, ListeningContext context) {
        int outcome = ImplicitFeedback.outcome(type, listened, itemDuration);
        if (outcome < 0) {
            return List.of();
        }
        String place = ContextKeys.placeCell(ContextKeys.place(context), kind);
        return List.of(new ContextUpdate(place + COUNT, 1), new ContextUpdate(place + POSITIVE, outcome));
    }
}

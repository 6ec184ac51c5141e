package dev.chezhu.recommendation.domain;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.recommendation.domain.model.ListenerState;
import dev.chezhu.recommendation.domain.model.Scorer;
import dev.chezhu.recommendation.persistence.ListeningSignals;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

/**
 * Serves the trained model: a few Redis reads (the listener's recent plays, this drive's skips,
 * their preference and context history), the consent answer (cached), the profile when consent is
 * granted (cached), then in-memory scoring by {@link Scorer} over the active catalogue. Without
 * consent the listener's history and profile are not read into the ranking: the list is the
 * non-personal one (popularity in context, editors' order, new items), minus what was just played.
 */
@ApplicationScoped
public class ModelRanker implements Ranker {

    private final ServingModel serving;
    private final ListeningSignals signals;
    private final ConsentGate consent;
    private final ListenerProfiles profiles;
    private final Clock clock;
    private final Scorer scorer = new Scorer();

    public ModelRanker(ServingModel serving, ListeningSignals signals, ConsentGate consent, ListenerProfiles profiles,
            Clock clock) {
        this.serving = serving;
        this.signals = signals;
        this.consent = consent;
        this.profiles = profiles;
        this.clock = clock;
    }

    /** The key whose long-term history ranks: the person's own, or the vehicle's when no person is named. */
    static String historyKey(Listener listener) {
        return listener.personId().map(id -> "person:" + id).orElseGet(() -> "vehicle:" + listener.vin().get());
    }

    @Override
    @WithSpan("ModelRanker.rank")
    public Uni<RecommendationList> rank(RecommendQuery query) {
        Span.current().setAttribute("recommendation.count", query.count());
        query.listener().personId().ifPresent(id -> Span.current().setAttribute("person.id", id));
        return rank(query, 0);
    }

    /** Follows a merged person ID to its survivor (a few hops at most: chains are short, never cycles). */
    private Uni<RecommendationList> rank(RecommendQuery query, int hops) {
        Listener listener = query.listener();
        String aliasOf = hops < 3 ? listener.personId().orElse(null) : null;
        return signals.read(listener.keys(), historyKey(listener), aliasOf)
                .flatMap(raw -> raw.survivor() == null ? rank(query, raw)
                        : rank(new RecommendQuery(new Listener(java.util.Optional.of(raw.survivor()), listener.vin()),
                                query.context(), query.count()), hops + 1));
    }

    private Uni<RecommendationList> rank(RecommendQuery query, ListeningSignals.Raw signalsRead) {
        Listener listener = query.listener();
        return Uni.combine().all().unis(serving.current(), consent.personalisationAllowed(listener),
                Uni.createFrom().item(signalsRead)).asTuple()
                .flatMap(t -> {
                    boolean personalised = t.getItem2();
                    Span.current().setAttribute("recommendation.personalised", personalised);
                    ListeningSignals.Raw raw = t.getItem3();
                    if (!personalised) {
                        return Uni.createFrom().item(score(t.getItem1(),
                                ListenerState.anonymous(raw.recent(), raw.driveSkips()), query, false));
                    }
                    return profiles.segments(listener).map(segments -> score(t.getItem1(),
                            new ListenerState(raw.preferences(), raw.contextCounts(), raw.recent(), raw.driveSkips(),
                                    withVehicleLine(segments, listener), true),
                            query, true));
                });
    }

    private static List<String> withVehicleLine(List<String> segments, Listener listener) {
        if (listener.vin().isEmpty()) {
            return segments;
        }
        String line = ListenerProfiles.vehicleLine(listener.vin().get());
        if (segments.contains(line)) {
            return segments;
        }
        List<String> all = new ArrayList<>(segments);
        all.add(line);
        return all;
    }

    private RecommendationList score(Serving current, ListenerState state, RecommendQuery query, boolean personalised) {
        List<RankedItem> ranked = scorer.rank(current.model(), current.active(), state, query.context(), query.count(),
                clock.instant());
        return new RecommendationList(ranked, current.model().version(), personalised);
    }
}

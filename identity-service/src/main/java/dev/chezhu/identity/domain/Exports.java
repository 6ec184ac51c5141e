package dev.chezhu.identity.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.persistence.AdminStore;
import dev.chezhu.identity.persistence.ConsentStore;
import dev.chezhu.identity.persistence.LeadStore;
import dev.chezhu.identity.persistence.LifecycleStore;
import dev.chezhu.identity.persistence.PersonStore;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Everything this service holds about a person (the whole cluster), for a data-subject export. */
@ApplicationScoped
public class Exports {

    /** identity-service's part of a person's export. */
    public record PersonExport(PersonProfile person, List<String> personIds, List<PersonProfile.ReportedTrait> traits,
            List<Consent.Record> consents, List<AdminStore.MergeRow> merges, List<Lead> leads,
            List<Lifecycle.Activity> activities, Lifecycle.View lifecycle, long observationCount,
            Optional<LifecycleStore.Tier> loyaltyTier, Instant exportedAt) {
    }

    private final PersonLocks locks;
    private final PersonStore persons;
    private final ProfileAssembler profiles;
    private final ConsentStore consents;
    private final AdminStore admin;
    private final LeadStore leads;
    private final LifecycleStore lifecycleStore;
    private final LifecycleRules rules;
    private final Clock clock;

    public Exports(PersonLocks locks, PersonStore persons, ProfileAssembler profiles, ConsentStore consents,
            AdminStore admin, LeadStore leads, LifecycleStore lifecycleStore, LifecycleRules rules, Clock clock) {
        this.locks = locks;
        this.persons = persons;
        this.profiles = profiles;
        this.consents = consents;
        this.admin = admin;
        this.leads = leads;
        this.lifecycleStore = lifecycleStore;
        this.rules = rules;
        this.clock = clock;
    }

    @WithSpan("Exports.export")
    @WithSession
    public Uni<PersonExport> export(@SpanAttribute("person.id") String personId) {
        Instant now = clock.instant();
        return locks.rootOf(personId).flatMap(root -> persons.snapshot(root).flatMap(snapshot -> {
            PersonProfile profile = profiles.assemble(snapshot);
            List<String> ids = new ArrayList<>();
            ids.add(root);
            ids.addAll(snapshot.members());
            return consents.history(root, Integer.MAX_VALUE, null, 0)
                    .flatMap(history -> admin.merges(ids)
                            .flatMap(merges -> leads.leadsOf(root)
                                    .flatMap(leadList -> lifecycleStore.activities(root)
                                            .flatMap(activities -> lifecycleStore
                                                    .facts(root, rules.loyalCutoff(now), rules.advocateCutoff(now))
                                                    .flatMap(facts -> admin.observationCount(ids)
                                                            .flatMap(observations -> lifecycleStore.tier(root)
                                                                    .map(tier -> new PersonExport(profile, List.copyOf(ids),
                                                                            snapshot.traits(), history, merges, leadList,
                                                                            activities, rules.evaluate(root, facts.facts(), now),
                                                                            observations, tier, now))))))));
        }));
    }
}

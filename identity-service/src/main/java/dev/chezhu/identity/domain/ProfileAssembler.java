package dev.chezhu.identity.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.domain.PersonProfile.Interest;
import dev.chezhu.identity.domain.PersonProfile.TraitValue;
import dev.chezhu.identity.persistence.PersonStore;
import dev.chezhu.identity.persistence.PersonStore.ClusterSnapshot;
import io.smallrye.mutiny.Uni;

/** Reads a root person's whole cluster (itself and everyone merged into it) into one profile. */
@ApplicationScoped
public class ProfileAssembler {

    static final String DEALER_CRM = "dealer_crm:";

    private final PersonStore store;
    private final TraitSurvivorship survivorship;

    public ProfileAssembler(PersonStore store, TraitSurvivorship survivorship) {
        this.store = store;
        this.survivorship = survivorship;
    }

    public Uni<PersonProfile> load(String rootId) {
        return store.snapshot(rootId).map(this::assemble);
    }

    /**
     * The profile of a person this transaction just created: exactly what was written, so no read is
     * needed (the hot path of a new customer).
     */
    static PersonProfile created(String id, Observation observation, List<IdentifierKey> attached, Instant now) {
        List<PersonProfile.KnownIdentifier> identifiers = attached.stream()
                .map(k -> new PersonProfile.KnownIdentifier(k, observation.source(), now, false)).toList();
        Map<String, TraitValue> traits = new TreeMap<>();
        observation.traits().forEach((k, v) -> traits.put(k, new TraitValue(v, observation.source(), observation.observedAt())));
        Map<String, VehicleLink> vehicles = new LinkedHashMap<>();
        observation.vehicles().forEach(v -> vehicles.putIfAbsent(v.vin() + '|' + v.role(),
                new VehicleLink(v.vin(), v.role(), observation.source(), now, v.attributes())));
        List<Interest> interests = observation.interests().stream().sorted()
                .map(tag -> new Interest(tag, List.of(observation.source()), observation.observedAt())).toList();
        TreeSet<String> dealers = new TreeSet<>();
        if (observation.source().startsWith(DEALER_CRM)) {
            dealers.add(observation.source().substring(DEALER_CRM.length()));
        }
        attached.stream().filter(k -> k.kind() == IdentifierKind.DEALER_CRM_ID).forEach(k -> dealers.add(k.scope()));
        return new PersonProfile(id, now, now, identifiers, traits, List.copyOf(vehicles.values()), interests, List.of(),
                List.copyOf(dealers));
    }

    PersonProfile assemble(ClusterSnapshot s) {
        Map<String, TraitValue> traits = survivorship.survivors(s.traits().stream()
                .map(t -> new TraitSurvivorship.Reported(t.key(), new TraitValue(t.value(), t.source(), t.observedAt())))
                .toList());
        Map<String, VehicleLink> vehicles = new LinkedHashMap<>();
        s.vehicles().forEach(v -> vehicles.putIfAbsent(v.vin() + '|' + v.role(), v));
        Map<String, TreeSet<String>> sources = new TreeMap<>();
        Map<String, Instant> latest = new TreeMap<>();
        s.interests().forEach(i -> {
            sources.computeIfAbsent(i.tag(), t -> new TreeSet<>()).add(i.source());
            latest.merge(i.tag(), i.observedAt(), (a, b) -> a.isAfter(b) ? a : b);
        });
        List<Interest> interests = new ArrayList<>();
        sources.forEach((tag, from) -> interests.add(new Interest(tag, List.copyOf(from), latest.get(tag))));
        return new PersonProfile(s.id(), s.createdAt(), s.updatedAt(), s.identifiers(), traits,
                List.copyOf(vehicles.values()), interests, s.members(), s.dealerIds());
    }
}

package dev.chezhu.identity.domain;



import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.domain.PersonProfile.KnownIdentifier;
import dev.chezhu.identity.domain.PersonProfile.TraitValue;
import dev.chezhu.identity.persistence.PersonEntity;
import dev.chezhu.identity.persistence.PersonStore;
import io.smallrye.mutiny.Uni;

/** Reads a root person's whole cluster (itself and everyone merged into it) into one profile. */
@ApplicationScoped
public class ProfileAssembler {

    private final PersonStore store;

    public ProfileAssembler(PersonStore store) {
        this.store = store;
    }

    public Uni<PersonProfile> load(PersonEntity root) {
        return store.identifiersOf(root.id).flatMap(identifiers -> store.traitsOf(root.id)
                .flatMap(traits -> store.vehiclesOf(root.id).map(vehicles -> new PersonProfile(
                        root.id, root.createdAt, root.updatedAt,
                        identifiers.stream().map(i -> new KnownIdentifier(
                                new IdentifierKey(IdentifierKind.valueOf(i.type), i.scope, i.value), i.source,
                                i.firstSeenAt)).toList(),
                        TraitSurvivorship.survivors(traits.stream().map(t -> new TraitSurvivorship.Reported(t.key,
                                new TraitValue(t.value, t.source, t.observedAt))).toList()),
                        vehicles.stream().map(v -> new VehicleLink(v.vin, VehicleLink.VehicleRole.valueOf(v.role),
                                v.source, v.createdAt)).distinct().toList()))));
    }

}

package dev.chezhu.identity.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.chezhu.identity.domain.IdentifierKey;
import dev.chezhu.identity.domain.VehicleLink;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Persons, their identifiers, traits and vehicles in PostgreSQL. Rows keep the person that first
 * owned them (their origin); a merge only points the merged person at the survivor, so every query
 * here works on the cluster of a root person ({@code id = root or merged_into = root}) and an
 * unmerge can give each row back to its origin. Callers own the transaction.
 */
@ApplicationScoped
public class PersonStore {

    private static final String CLUSTER = "(select p.id from PersonEntity p where p.id = :root or p.mergedInto = :root)";

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    /** Serialises writers on one key until the transaction ends (PostgreSQL advisory lock). */
    public Uni<Void> lock(String key) {
        return session().flatMap(s -> s
                .createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtextextended(:key, 0))) l")
                .setParameter("key", key)
                .getSingleResult())
                .replaceWithVoid();
    }

    public Uni<Optional<ObservationEntity>> findObservation(String requestId) {
        return session().flatMap(s -> s.find(ObservationEntity.class, requestId)).map(Optional::ofNullable);
    }

    /** The root persons (after merges) that own any of the keys, oldest first. */
    public Uni<List<PersonEntity>> findRootsOwning(Collection<IdentifierKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (IdentifierKey key : keys) {
            if (!where.isEmpty()) {
                where.append(" or ");
            }
            int n = params.size();
            where.append("(i.type = ?").append(n + 1).append(" and i.scope = ?").append(n + 2)
                    .append(" and i.value = ?").append(n + 3).append(')');
            params.add(key.kind().name());
            params.add(key.scope());
            params.add(key.value());
        }
        String query = "select distinct r from PersonEntity r where r.id in (select coalesce(p.mergedInto, p.id) "
                + "from PersonIdentifierEntity i, PersonEntity p where p.id = i.personId and (" + where + ")) "
                + "order by r.createdAt, r.id";
        return session().flatMap(s -> {
            Mutiny.SelectionQuery<PersonEntity> q = s.createSelectionQuery(query, PersonEntity.class);
            for (int i = 0; i < params.size(); i++) {
                q.setParameter(i + 1, params.get(i));
            }
            return q.getResultList();
        });
    }

    /** The person that answers for an ID: itself, or the survivor it was merged into. */
    public Uni<Optional<PersonEntity>> findRoot(String personId) {
        return session().flatMap(s -> s.find(PersonEntity.class, personId)
                .flatMap(p -> p == null || p.mergedInto == null ? Uni.createFrom().item(p)
                        : s.find(PersonEntity.class, p.mergedInto)))
                .map(Optional::ofNullable);
    }

    public Uni<PersonEntity> createPerson(String id, Instant now) {
        PersonEntity person = new PersonEntity();
        person.id = id;
        person.createdAt = now;
        person.updatedAt = now;
        // flushed at once: the native inserts that follow reference this row
        return session().flatMap(s -> s.persist(person).call(s::flush)).replaceWith(person);
    }

    /** Points the merged persons, and everyone already merged into them, at the survivor. */
    public Uni<Void> mergeInto(PersonEntity survivor, List<PersonEntity> merged, String requestId, Instant now) {
        List<String> mergedIds = merged.stream().map(p -> p.id).toList();
        return session().flatMap(s -> s
                .createMutationQuery("update PersonEntity p set p.mergedInto = :survivor, p.updatedAt = :now "
                        + "where p.id in :merged or p.mergedInto in :merged")
                .setParameter("survivor", survivor.id)
                .setParameter("now", now)
                .setParameter("merged", mergedIds)
                .executeUpdate()
                .flatMap(ignored -> {
                    List<PersonMergeEntity> records = new ArrayList<>();
                    for (String mergedId : mergedIds) {
                        PersonMergeEntity record = new PersonMergeEntity();
                        record.survivorId = survivor.id;
                        record.mergedId = mergedId;
                        record.requestId = requestId;
                        record.mergedAt = now;
                        records.add(record);
                    }
                    return s.persistAll(records.toArray());
                }));
    }

    /** Attaches identifiers not yet known to anyone to the person. */
    public Uni<Void> addIdentifiers(String personId, Collection<IdentifierKey> keys, String source, Instant now) {
        return session().flatMap(s -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (IdentifierKey key : keys) {
                chain = chain.flatMap(v -> s
                        .createNativeQuery("insert into person_identifier (person_id, type, scope, value, source, first_seen_at) "
                                + "values (:person, :type, :scope, :value, :source, :now) "
                                + "on conflict (type, scope, value) do nothing")
                        .setParameter("person", personId)
                        .setParameter("type", key.kind().name())
                        .setParameter("scope", key.scope())
                        .setParameter("value", key.value())
                        .setParameter("source", source)
                        .setParameter("now", now)
                        .executeUpdate()
                        .replaceWithVoid());
            }
            return chain;
        });
    }

    /** Records each trait as this source reports it; a later observation from the same source wins. */
    public Uni<Void> upsertTraits(String personId, java.util.Map<String, String> traits, String source, Instant observedAt) {
        return session().flatMap(s -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (var trait : traits.entrySet()) {
                chain = chain.flatMap(v -> s
                        .createNativeQuery("insert into person_trait (person_id, key, value, source, observed_at) "
                                + "values (:person, :key, :value, :source, :at) "
                                + "on conflict (person_id, key, source) do update set value = excluded.value, "
                                + "observed_at = excluded.observed_at where person_trait.observed_at <= excluded.observed_at")
                        .setParameter("person", personId)
                        .setParameter("key", trait.getKey())
                        .setParameter("value", trait.getValue())
                        .setParameter("source", source)
                        .setParameter("at", observedAt)
                        .executeUpdate()
                        .replaceWithVoid());
            }
            return chain;
        });
    }

    public Uni<Void> linkVehicles(String personId, List<VehicleLink> vehicles, Instant now) {
        return session().flatMap(s -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (VehicleLink vehicle : vehicles) {
                chain = chain.flatMap(v -> s
                        .createNativeQuery("insert into vehicle_relationship (person_id, vin, role, source, created_at) "
                                + "values (:person, :vin, :role, :source, :now) on conflict (person_id, vin, role) do nothing")
                        .setParameter("person", personId)
                        .setParameter("vin", vehicle.vin())
                        .setParameter("role", vehicle.role().name())
                        .setParameter("source", vehicle.source())
                        .setParameter("now", now)
                        .executeUpdate()
                        .replaceWithVoid());
            }
            return chain;
        });
    }

    public Uni<Void> touch(PersonEntity person, Instant now) {
        person.updatedAt = now;
        return session().flatMap(Mutiny.Session::flush);
    }

    public Uni<ObservationEntity> recordObservation(String requestId, String source, String personId, String outcome,
            Instant now) {
        ObservationEntity observation = new ObservationEntity();
        observation.requestId = requestId;
        observation.source = source;
        observation.personId = personId;
        observation.outcome = outcome;
        observation.receivedAt = now;
        return session().flatMap(s -> s.persist(observation)).replaceWith(observation);
    }

    public Uni<List<PersonIdentifierEntity>> identifiersOf(String rootId) {
        return session().flatMap(s -> s
                .createSelectionQuery("from PersonIdentifierEntity i where i.personId in " + CLUSTER
                        + " order by i.firstSeenAt, i.id", PersonIdentifierEntity.class)
                .setParameter("root", rootId)
                .getResultList());
    }

    public Uni<List<PersonTraitEntity>> traitsOf(String rootId) {
        return session().flatMap(s -> s
                .createSelectionQuery("from PersonTraitEntity t where t.personId in " + CLUSTER
                        + " order by t.key, t.observedAt", PersonTraitEntity.class)
                .setParameter("root", rootId)
                .getResultList());
    }

    public Uni<List<VehicleRelationshipEntity>> vehiclesOf(String rootId) {
        return session().flatMap(s -> s
                .createSelectionQuery("from VehicleRelationshipEntity v where v.personId in " + CLUSTER
                        + " order by v.createdAt, v.id", VehicleRelationshipEntity.class)
                .setParameter("root", rootId)
                .getResultList());
    }

    /** Owner of one identifier, resolved to its root person. */
    public Uni<Optional<String>> findRootIdOf(IdentifierKey key) {
        return session().flatMap(s -> s
                .createSelectionQuery("select coalesce(p.mergedInto, p.id) from PersonIdentifierEntity i, PersonEntity p "
                        + "where p.id = i.personId and i.type = :type and i.scope = :scope and i.value = :value", String.class)
                .setParameter("type", key.kind().name())
                .setParameter("scope", key.scope())
                .setParameter("value", key.value())
                .getSingleResultOrNull())
                .map(Optional::ofNullable);
    }
}

package dev.chezhu.identity.domain;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cache entries a committed change made stale: lookups by identifier digest, consent views by person
 * ID, vehicle owners by VIN. Collected inside the transaction, evicted after the commit.
 */
public record CacheEvictions(Set<String> identifierDigests, Set<String> personIds, Set<String> vins) {

    public static final CacheEvictions NONE = new CacheEvictions(Set.of(), Set.of(), Set.of());

    public static CacheEvictions of(Collection<String> digests, Collection<String> personIds, Collection<String> vins) {
        return new CacheEvictions(Set.copyOf(new TreeSet<>(digests)), Set.copyOf(new TreeSet<>(personIds)),
                Set.copyOf(new TreeSet<>(vins)));
    }

    public CacheEvictions and(CacheEvictions other) {
        TreeSet<String> digests = new TreeSet<>(identifierDigests);
        digests.addAll(other.identifierDigests);
        TreeSet<String> persons = new TreeSet<>(personIds);
        persons.addAll(other.personIds);
        TreeSet<String> allVins = new TreeSet<>(vins);
        allVins.addAll(other.vins);
        return of(digests, persons, allVins);
    }

    public boolean isEmpty() {
        return identifierDigests.isEmpty() && personIds.isEmpty() && vins.isEmpty();
    }
}

package dev.chezhu.identity.domain;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a committed change made stale, collected inside the transaction and acted on after the
 * commit: lookups by identifier digest, consent views by person ID, vehicle owners by VIN, and the
 * identifiers it put in quarantine (for this replica's {@code QuarantineRegistry}).
 */
public record CacheEvictions(Set<String> identifierDigests, Set<String> personIds, Set<String> vins,
        Set<String> quarantinedDigests) {

    public static final CacheEvictions NONE = new CacheEvictions(Set.of(), Set.of(), Set.of(), Set.of());

    public static CacheEvictions of(Collection<String> digests, Collection<String> personIds, Collection<String> vins) {
        return of(digests, personIds, vins, Set.of());
    }

    public static CacheEvictions of(Collection<String> digests, Collection<String> personIds, Collection<String> vins,
            Collection<String> quarantined) {
        return new CacheEvictions(Set.copyOf(new TreeSet<>(digests)), Set.copyOf(new TreeSet<>(personIds)),
                Set.copyOf(new TreeSet<>(vins)), Set.copyOf(new TreeSet<>(quarantined)));
    }

    public boolean isEmpty() {
        return identifierDigests.isEmpty() && personIds.isEmpty() && vins.isEmpty();
    }
}

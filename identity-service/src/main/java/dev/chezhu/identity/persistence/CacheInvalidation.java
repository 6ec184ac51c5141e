package dev.chezhu.identity.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.chezhu.identity.domain.CacheEvictions;
import io.smallrye.mutiny.Uni;

/**
 * Evicts, after a commit, every cache entry the change made stale. A failure (Redis down) is
 * logged, not thrown: the change is committed, and the entries' TTL bounds the staleness.
 */
@ApplicationScoped
public class CacheInvalidation {

    private static final Logger LOG = Logger.getLogger(CacheInvalidation.class);

    private final LookupCache lookups;
    private final ConsentCache consents;
    private final VehicleOwnerCache vehicles;

    public CacheInvalidation(LookupCache lookups, ConsentCache consents, VehicleOwnerCache vehicles) {
        this.lookups = lookups;
        this.consents = consents;
        this.vehicles = vehicles;
    }

    public Uni<Void> evict(CacheEvictions evictions) {
        if (evictions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(lookups.evict(evictions.identifierDigests()), consents.evict(evictions.personIds()),
                vehicles.evict(evictions.vins())).andCollectFailures()
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Cache eviction failed for %d identifiers, %d persons, %d vehicles: %s",
                            evictions.identifierDigests().size(), evictions.personIds().size(), evictions.vins().size(),
                            failure.getClass().getSimpleName());
                    return null;
                });
    }
}

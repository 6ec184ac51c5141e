package dev.chezhu.identity.domain;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.persistence.SearchStore;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Who is related to a vehicle (owners, drivers, household members, as their surviving person) and
 * what the vehicle is: the VIN-to-owner lookup loyalty, recommendation and telematics need. A dealer
 * sees only the persons related to its own dealer.
 */
@ApplicationScoped
public class VehicleRelationships {

    /** One page of a vehicle's relationships. */
    public record Page(String vin, VehicleLink.Attributes attributes, List<SearchStore.Related> relationships,
            String nextPageToken) {
    }

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 200;

    private final SearchStore store;

    public VehicleRelationships(SearchStore store) {
        this.store = store;
    }

    @WithSpan("VehicleRelationships.list")
    public Uni<Page> list(@SpanAttribute("vehicle.vin") String vin, VehicleLink.VehicleRole role, int pageSize,
            String pageToken, Caller caller) {
        return Uni.createFrom().deferred(() -> {
            String dealer = caller.isDealer() ? PersonSearch.dealerFilter(null, caller) : null;
            String normalised = vin == null ? "" : vin.toUpperCase(Locale.ROOT);
            if (!ObservationValidator.VIN.matcher(normalised).matches()) {
                throw ServiceException.invalidField("parent", "must be vehicles/{vin} with a 17-character VIN");
            }
            if (pageSize < 0) {
                throw ServiceException.invalidField("page_size", "must not be negative");
            }
            int size = pageSize == 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
            int offset = OffsetTokens.offset(pageToken);
            return read(normalised, role, dealer).map(people -> {
                List<SearchStore.Related> all = people.relationships();
                int end = Math.min(all.size(), offset + size);
                return new Page(normalised, people.attributes(), all.subList(Math.min(offset, end), end),
                        end < all.size() ? OffsetTokens.token(end) : "");
            });
        });
    }

    @WithSession
    Uni<SearchStore.VehiclePeople> read(String vin, VehicleLink.VehicleRole role, String dealer) {
        return store.vehiclePeople(vin, role, dealer);
    }
}

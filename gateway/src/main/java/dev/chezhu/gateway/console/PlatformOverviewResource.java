package dev.chezhu.gateway.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.gateway.console.EventStreams.Backlog;
import dev.chezhu.gateway.console.ServiceMetrics.Sample;
import dev.chezhu.loyalty.v1.Campaign;
import dev.chezhu.loyalty.v1.ListCampaignsRequest;
import dev.chezhu.platform.auth.Roles;
import io.smallrye.mutiny.Uni;

/**
 * The platform overview of the console: live counters for the brand's platform team, gathered from
 * what the services already publish (their /q/metrics, the event streams, campaign budget usage).
 * A source that does not answer is named in {@code unavailable}; the rest still shows.
 */
@Path("/console/api/overview")
@Tag(name = "console")
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class PlatformOverviewResource {

    private static final Logger LOG = Logger.getLogger(PlatformOverviewResource.class);
    private static final int MAX_CAMPAIGN_PAGES = 20;

    public record Telemetry(long datapointsStored, Map<String, Long> datapointsRejectedByReason,
            Map<String, Long> alertsRaisedByType) {
    }

    public record Offers(long published, long redeemed, long rolledBack, long triggeredOffersMade, long campaigns) {
    }

    public record Resolution(Long observations, Long persons, Long merges, Long refusedMerges, Long unmerges,
            Long quarantinedIdentifiers) {
    }

    public record Overview(Instant time, Telemetry telemetry, Offers offers, Resolution resolution,
            List<Backlog> backlog, List<String> unavailable) {
    }

    private final ServiceMetrics metrics;
    private final EventStreams streams;
    private final Backends backends;

    public PlatformOverviewResource(ServiceMetrics metrics, EventStreams streams, Backends backends) {
        this.metrics = metrics;
        this.streams = streams;
        this.backends = backends;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live platform counters for the console's overview (platform team)")
    public Uni<Overview> overview() {
        // sources answer on different threads
        List<String> unavailable = java.util.Collections.synchronizedList(new ArrayList<>());
        Uni<List<Sample>> telematics = orEmpty(metrics.scrape("telematics", n -> n.startsWith("telematics_")),
                "telematics-service metrics", unavailable);
        Uni<List<Sample>> identity = orEmpty(metrics.scrape("identity",
                n -> n.startsWith("grpc_server_") || n.startsWith("identity_")), "identity-service metrics", unavailable);
        Uni<Map<String, Long>> events = streams.typeCounts().onFailure().recoverWithItem(f -> {
            unavailable.add("event streams");
            return Map.of();
        });
        Uni<List<Backlog>> backlog = streams.backlog().onFailure().recoverWithItem(f -> {
            unavailable.add("event backlog");
            return List.of();
        });
        Uni<List<Campaign>> campaigns = campaigns(List.of(), "", 0).onFailure().recoverWithItem(f -> {
            LOG.debugf("campaigns unavailable: %s", f.getMessage());
            unavailable.add("loyalty-service campaigns");
            return List.of();
        });
        return Uni.combine().all().unis(telematics, identity, events, backlog, campaigns).with((t, i, e, b, c) ->
                new Overview(Instant.now(), telemetry(t), offers(c, e), resolution(i, e), b, List.copyOf(unavailable)));
    }

    private static <T> Uni<List<T>> orEmpty(Uni<List<T>> source, String name, List<String> unavailable) {
        return source.onFailure().recoverWithItem(f -> {
            LOG.debugf("%s unavailable: %s", name, f.getMessage());
            unavailable.add(name);
            return List.of();
        });
    }

    private Uni<List<Campaign>> campaigns(List<Campaign> sofar, String pageToken, int page) {
        return backends.loyalty().listCampaigns(ListCampaignsRequest.newBuilder().setPageSize(100).setPageToken(pageToken)
                .build()).flatMap(r -> {
                    List<Campaign> all = new ArrayList<>(sofar);
                    all.addAll(r.getCampaignsList());
                    return r.getNextPageToken().isEmpty() || page + 1 >= MAX_CAMPAIGN_PAGES ? Uni.createFrom().item(all)
                            : campaigns(all, r.getNextPageToken(), page + 1);
                });
    }

    static Telemetry telemetry(List<Sample> samples) {
        return new Telemetry(
                (long) ServiceMetrics.sum(samples, "telematics_datapoints_stored_total", l -> true),
                byLabel(samples, "telematics_datapoints_rejected_total", "reason", l -> true),
                byLabel(samples, "telematics_alerts_total", "type", l -> "raised".equals(l.get("transition"))));
    }

    static Offers offers(List<Campaign> campaigns, Map<String, Long> events) {
        long published = campaigns.stream().mapToLong(c -> c.getUsage().getPublishedCount()).sum();
        long redeemed = campaigns.stream().mapToLong(c -> c.getUsage().getRedeemedCount()).sum();
        return new Offers(published, redeemed, events.getOrDefault("CouponRolledBack", 0L),
                events.getOrDefault("OfferMade", 0L), campaigns.size());
    }

    /**
     * Observations are identity's IdentifyPerson calls (and the observations of batches); merges,
     * unmerges and quarantined identifiers are its events. Persons created and refused merges show
     * when identity-service exports counters for them (identity_*), and are null until then.
     */
    static Resolution resolution(List<Sample> identity, Map<String, Long> events) {
        Function<String, Double> calls = method -> ServiceMetrics.sum(identity, "grpc_server_processing_duration_seconds_count",
                l -> method.equals(l.get("method")) && "OK".equals(l.get("statusCode")));
        double batched = ServiceMetrics.sum(identity, "identity_batch_observations_total", l -> true);
        Long observations = identity.isEmpty() ? null : (long) (calls.apply("IdentifyPerson") + batched);
        return new Resolution(observations,
                counter(identity, "identity_persons_created_total"),
                events.getOrDefault("PersonMerged", 0L),
                counter(identity, "identity_merges_refused_total"),
                events.getOrDefault("PersonUnmerged", 0L),
                events.getOrDefault("IdentifierQuarantined", 0L));
    }

    private static Long counter(List<Sample> samples, String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name)) ? (long) ServiceMetrics.sum(samples, name, l -> true)
                : null;
    }

    private static Map<String, Long> byLabel(List<Sample> samples, String name, String label,
            java.util.function.Predicate<Map<String, String>> where) {
        Map<String, Long> counts = new TreeMap<>();
        samples.stream().filter(s -> s.name().equals(name) && where.test(s.labels()))
                .forEach(s -> counts.merge(s.labels().getOrDefault(label, "unknown").toLowerCase(), (long) s.value(), Long::sum));
        return counts;
    }
}

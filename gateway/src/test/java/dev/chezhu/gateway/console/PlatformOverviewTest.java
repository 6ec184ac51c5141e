package dev.chezhu.gateway.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.v1.BudgetUsage;
import dev.chezhu.loyalty.v1.Campaign;

/** The overview's arithmetic on what the services export: no running platform needed. */
class PlatformOverviewTest {

    private static final String TELEMATICS = """
            # HELP telematics_datapoints_stored_total
            # TYPE telematics_datapoints_stored_total counter
            telematics_datapoints_stored_total 1520.0
            telematics_alerts_total{transition="raised",type="CELL_IMBALANCE"} 3.0
            telematics_alerts_total{transition="cleared",type="CELL_IMBALANCE"} 1.0
            telematics_alerts_total{transition="raised",type="SERVICE_DUE"} 2.0 # {span_id="ab",trace_id="cd"} 1.0 1795623643.776
            telematics_datapoints_rejected_total{reason="OUT_OF_RANGE"} 4.0
            jvm_threads_live_threads 40.0
            """;

    @Test
    void telemetryCountsStoredDatapointsAndRaisedAlertsByType() {
        var samples = ServiceMetrics.parse(TELEMATICS, n -> n.startsWith("telematics_"));
        var telemetry = PlatformOverviewResource.telemetry(samples);
        assertEquals(1520, telemetry.datapointsStored());
        assertEquals(Map.of("cell_imbalance", 3L, "service_due", 2L), telemetry.alertsRaisedByType());
        assertEquals(Map.of("out_of_range", 4L), telemetry.datapointsRejectedByReason());
    }

    @Test
    void offersAddUpEveryCampaignsUsage() {
        var campaigns = List.of(
                Campaign.newBuilder().setUsage(BudgetUsage.newBuilder().setPublishedCount(10).setRedeemedCount(4)).build(),
                Campaign.newBuilder().setUsage(BudgetUsage.newBuilder().setPublishedCount(5).setRedeemedCount(1)).build());
        var offers = PlatformOverviewResource.offers(campaigns, Map.of("CouponRolledBack", 2L, "OfferMade", 7L));
        assertEquals(15, offers.published());
        assertEquals(5, offers.redeemed());
        assertEquals(2, offers.rolledBack());
        assertEquals(7, offers.triggeredOffersMade());
    }

    @Test
    void resolutionCountsSuccessfulObservationsAndLeavesUnexportedCountersUnknown() {
        var identity = ServiceMetrics.parse("""
                grpc_server_processing_duration_seconds_count{method="IdentifyPerson",methodType="UNARY",service="chezhu.identity.v1.IdentityService",statusCode="OK"} 12.0
                grpc_server_processing_duration_seconds_count{method="IdentifyPerson",methodType="UNARY",service="chezhu.identity.v1.IdentityService",statusCode="INVALID_ARGUMENT"} 3.0
                grpc_server_processing_duration_seconds_count{method="GetPerson",methodType="UNARY",service="chezhu.identity.v1.IdentityService",statusCode="OK"} 30.0
                """, n -> true);
        var resolution = PlatformOverviewResource.resolution(identity, Map.of("PersonMerged", 2L));
        assertEquals(12L, resolution.observations());
        assertEquals(2L, resolution.merges());
        assertNull(resolution.persons());
        assertNull(resolution.refusedMerges());
    }
}

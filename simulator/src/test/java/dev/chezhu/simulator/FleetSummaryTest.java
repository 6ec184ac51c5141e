package dev.chezhu.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FleetSummaryTest {

    private static FleetRun.Result result(FleetCounters counters) {
        FleetRun.Options options = new FleetRun.Options(4, Duration.ofSeconds(10), 42, 10, 1, "t1");
        return new FleetRun.Result(options, Population.generate(4, 42, "t1"), counters, Instant.EPOCH,
                Duration.ofSeconds(30), 10);
    }

    @Test
    void countsAreToldAsTheyHappened() {
        FleetCounters counters = new FleetCounters(10);
        counters.add("identity.observations", 17);
        counters.add("identity.persons", 4);
        counters.count("identity.refused_merges", "LIMIT_EXCEEDED");
        counters.count("identity.refused_merges", "LIMIT_EXCEEDED");
        counters.add("identity.quarantined", 1);
        counters.count("alerts.by_type", "SERVICE_DUE");
        counters.count("alerts.by_type", "DTC");
        counters.add("alerts.service_due_marketing", 1);
        counters.add("offers.made", 1);
        counters.add("offers.redeemed", 1);
        counters.add("offers.discount_fen", 20_000);
        counters.alertToOffer(1500);
        counters.count("audio.reasons", "FOR_YOUR_COMMUTE");
        FleetSummary summary = new FleetSummary(result(counters));
        String text = summary.render();
        assertTrue(text.contains("17 observations"), text);
        assertTrue(text.contains("became 4 persons for 4 owners"), text);
        assertTrue(text.contains("2 merges refused (LIMIT_EXCEEDED 2) and 1 shared identifier(s) quarantined"), text);
        assertTrue(text.contains("2 alerts raised by telematics: DTC 1, SERVICE_DUE 1"), text);
        assertTrue(text.contains("1 personal offers made by loyalty after a service-due alert (alert to offer: median 1.5 s"),
                text);
        assertTrue(text.contains("1 coupons redeemed at dealers D001/D002 (200 yuan off"), text);
        assertTrue(text.contains("FOR_YOUR_COMMUTE 1"), text);
        assertTrue(summary.headline().startsWith("4 owners were recognised as 4 persons from 17 observations"),
                summary.headline());
        assertTrue(summary.headline().contains("raised 2 alerts. Loyalty made 1 offers, dealers redeemed 1 coupons"));
        assertEquals(Map.of("service-due alerts", 1L, "... of owners open to marketing", 1L, "offers made", 1L,
                "coupons redeemed", 1L), summary.funnel());
    }

    @Test
    void anAlertThatLedToNoOfferIsSaidPlainlyAndNoLatencyIsInvented() {
        FleetCounters counters = new FleetCounters(10);
        counters.add("alerts.service_due_marketing", 3);
        FleetSummary summary = new FleetSummary(result(counters));
        assertTrue(summary.render().contains("3 service-due alerts of owners who accept marketing led to no offer"));
        assertTrue(summary.benchLines().contains("BENCH loop.alert_to_offer_p50_ms n/a ms -"), summary.benchLines().toString());
    }

    @Test
    void datapointsPerSecondLeaveOutTheFirstSecond() {
        FleetCounters counters = new FleetCounters(3);
        counters.startClock();
        counters.stored(900); // lands in second 0, the warm-up
        FleetSummary summary = new FleetSummary(new FleetRun.Result(
                new FleetRun.Options(1, Duration.ofSeconds(3), 1, 10, 1, "t"), Population.generate(1, 1, "t"), counters,
                Instant.EPOCH, Duration.ofSeconds(3), 3));
        assertEquals(0.0, summary.storedPerSecond());
        assertEquals(900, counters.get("telemetry.stored"));
    }

    @Test
    void theHeadlineWrapsAtWordsWithinTheWidth() {
        String wrapped = FleetSummary.wrap("one two three four five six seven", 10);
        assertEquals("one two\nthree four\nfive six\nseven", wrapped);
    }

    @Test
    void quantilesAreNearestRank() {
        List<Long> values = List.of(100L, 200L, 300L, 400L);
        assertEquals(200.0, FleetCounters.quantile(values, 0.5));
        assertEquals(400.0, FleetCounters.quantile(values, 0.95));
        assertTrue(Double.isNaN(FleetCounters.quantile(List.of(), 0.5)));
    }
}

package dev.chezhu.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A fleet run told in the words of the product: people unified, data stored, alerts, offers and
 * redemptions, points and tiers, what the audio service recommended and why, what consent changed.
 * Only figures the counters hold; a part of the loop that did nothing says so.
 */
final class FleetSummary {

    /** A titled block of sentences. */
    record Section(String title, List<String> lines) {
    }

    private final FleetRun.Result result;
    private final FleetCounters c;

    FleetSummary(FleetRun.Result result) {
        this.result = result;
        this.c = result.counters();
    }

    List<Section> sections() {
        List<Section> sections = new ArrayList<>();
        sections.add(new Section("People", people()));
        sections.add(new Section("Cars", cars()));
        sections.add(new Section("Alerts, offers and dealer visits", offers()));
        sections.add(new Section("Points and tiers", points()));
        sections.add(new Section("In-car and at-home audio", audio()));
        sections.add(new Section("Consent at work", consent()));
        if (!c.problems().isEmpty()) {
            sections.add(new Section("Refused or not wired yet (" + c.get("problems") + " calls)", c.problems()));
        }
        return sections;
    }

    /** The run in two sentences. */
    String headline() {
        return String.format(Locale.ROOT,
                "%d owners were recognised as %d persons from %d observations at %d touchpoints; their cars stored %,d "
                        + "datapoints and raised %d alerts. Loyalty made %d offers, dealers redeemed %d coupons and "
                        + "recorded %d service visits, %d owners moved up a tier, and %d recommendations were served.",
                result.population().owners.size(), c.get("identity.persons"), c.get("identity.observations"),
                c.breakdown("identity.touchpoints").size(), c.get("telemetry.stored"),
                total(c.breakdown("alerts.by_type")), c.get("offers.made"), c.get("offers.redeemed"),
                c.get("visits.recorded"), total(c.breakdown("points.tier_moves")), c.get("audio.recommendations"));
    }

    List<String> people() {
        List<String> lines = new ArrayList<>();
        long observations = c.get("identity.observations");
        long persons = c.get("identity.persons");
        lines.add(String.format(Locale.ROOT, "%d observations from %d touchpoints (%s) became %d persons for %d owners",
                observations, c.breakdown("identity.touchpoints").size(), joined(c.breakdown("identity.touchpoints")),
                persons, result.population().owners.size()));
        lines.add("what identity did with them: " + joined(c.breakdown("identity.outcomes")));
        long refused = total(c.breakdown("identity.refused_merges"));
        lines.add(String.format(Locale.ROOT,
                "%d merges refused (%s) and %d shared identifier(s) quarantined: a dealer's front-desk phone "
                        + "typed for several customers did not join them into one",
                refused, joined(c.breakdown("identity.refused_merges")), c.get("identity.quarantined")));
        Map<String, Long> ignored = c.breakdown("identity.ignored");
        if (!ignored.isEmpty()) {
            lines.add("identifiers kept out of matching: " + joined(ignored));
        }
        if (!c.breakdown("identity.refused_observations").isEmpty()) {
            lines.add("observations refused: " + joined(c.breakdown("identity.refused_observations")));
        }
        return lines;
    }

    List<String> cars() {
        List<String> lines = new ArrayList<>();
        long[] perSecond = c.storedPerSecond(result.streamingSeconds());
        long peak = 0;
        for (long value : perSecond) {
            peak = Math.max(peak, value);
        }
        lines.add(String.format(Locale.ROOT,
                "%d cars streamed %,d batches over StreamTelemetry: %,d datapoints stored (%,.0f per second on average, "
                        + "peak %,d), covering %d minutes of driving each",
                result.population().owners.size(), c.get("telemetry.batches"), c.get("telemetry.stored"),
                storedPerSecond(), peak,
                result.options().duration().toSeconds() * result.options().speedup() / 60));
        if (!c.breakdown("telemetry.rejected").isEmpty()) {
            lines.add("datapoints rejected by validation: " + joined(c.breakdown("telemetry.rejected")));
        }
        if (!c.breakdown("telemetry.stream_ended").isEmpty()) {
            lines.add("streams that ended and reconnected: " + joined(c.breakdown("telemetry.stream_ended")));
        }
        if (!c.breakdown("telemetry.batch_errors").isEmpty()) {
            lines.add("batches refused: " + joined(c.breakdown("telemetry.batch_errors")));
        }
        return lines;
    }

    List<String> offers() {
        List<String> lines = new ArrayList<>();
        Map<String, Long> alerts = c.breakdown("alerts.by_type");
        lines.add(String.format(Locale.ROOT, "%d alerts raised by telematics: %s", total(alerts),
                alerts.isEmpty() ? "none" : joined(alerts)));
        List<Long> latencies = c.alertToOfferMillis();
        lines.add(String.format(Locale.ROOT, "%d personal offers made by loyalty after a service-due alert%s",
                c.get("offers.made"), latencies.isEmpty() ? ""
                        : String.format(Locale.ROOT, " (alert to offer: median %.1f s, slowest %.1f s)",
                                FleetCounters.quantile(latencies, 0.5) / 1000, latencies.get(latencies.size() - 1) / 1000.0)));
        if (!c.breakdown("offers.by_campaign").isEmpty()) {
            lines.add("offers by campaign: " + joined(c.breakdown("offers.by_campaign")));
        }
        long serviceDue = c.get("alerts.service_due_marketing");
        if (serviceDue > 0 && c.get("offers.made") == 0) {
            lines.add(serviceDue + " service-due alerts of owners who accept marketing led to no offer: "
                    + "the alert -> offer link did not fire during the run");
        }
        lines.add(String.format(Locale.ROOT, "%d coupons redeemed at dealers D001/D002 (%,.0f yuan off service bills)",
                c.get("offers.redeemed"), c.get("offers.discount_fen") / 100.0));
        if (!c.breakdown("offers.redemption_refused").isEmpty()) {
            lines.add("redemptions refused: " + joined(c.breakdown("offers.redemption_refused")));
        }
        lines.add(String.format(Locale.ROOT,
                "%d service visits recorded in the cars' signed service history (%d walk-ins without a coupon)",
                c.get("visits.recorded"), c.get("visits.walk_in")));
        if (!c.breakdown("visits.refused").isEmpty()) {
            lines.add("service visits refused: " + joined(c.breakdown("visits.refused")));
        }
        return lines;
    }

    List<String> points() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%,d points earned on service bills; %,d points held by the fleet's owners",
                c.get("points.earned"), c.get("points.balance")));
        Map<String, Long> moves = c.breakdown("points.tier_moves");
        lines.add(moves.isEmpty() ? "no tier moves" : "tier moves: " + joined(moves));
        lines.add("tiers at the end: " + joined(c.breakdown("points.tiers")));
        if (!c.breakdown("points.refused").isEmpty()) {
            lines.add("earnings refused: " + joined(c.breakdown("points.refused")));
        }
        return lines;
    }

    List<String> audio() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT,
                "%d listening sessions (%d in the car, %d at home): %d recommendations served, %d personalised lists; "
                        + "%d programmes finished, %d skipped",
                c.get("audio.sessions_in_car") + c.get("audio.sessions_at_home"), c.get("audio.sessions_in_car"),
                c.get("audio.sessions_at_home"), c.get("audio.recommendations"), c.get("audio.personalised"),
                c.get("audio.completed"), c.get("audio.skipped")));
        Map<String, Long> reasons = c.breakdown("audio.reasons");
        lines.add("why each was recommended: " + (reasons.isEmpty() ? "none served" : joined(reasons)));
        if (!c.breakdown("audio.refused").isEmpty()) {
            lines.add("sessions refused: " + joined(c.breakdown("audio.refused")));
        }
        return lines;
    }

    List<String> consent() {
        List<String> lines = new ArrayList<>();
        lines.add("granted: " + joined(c.breakdown("consent.granted")) + "; refused: "
                + joined(c.breakdown("consent.denied")));
        long withheldCars = c.breakdown("telemetry.withheld_cars").size();
        lines.add(String.format(Locale.ROOT,
                "%d car(s) whose owner refused telemetry: %,d datapoints acknowledged but not stored", withheldCars,
                c.get("telemetry.withheld")));
        lines.add(String.format(Locale.ROOT,
                "%d service-due alert(s) of owners who refused marketing: %d offers made to them",
                c.get("alerts.service_due_no_marketing"), c.get("offers.without_marketing_consent")));
        lines.add(String.format(Locale.ROOT,
                "%d sessions of owners who refused personalisation were served non-personal lists (%d personalised anyway)",
                c.get("audio.not_personalised_no_consent"), c.get("audio.personalised_without_consent")));
        return lines;
    }

    /** Mean stored datapoints per second over the seconds the cars streamed (the first one is warm-up). */
    double storedPerSecond() {
        long[] perSecond = c.storedPerSecond(result.streamingSeconds());
        if (perSecond.length <= 1) {
            return perSecond.length == 0 ? 0 : perSecond[0];
        }
        long sum = 0;
        for (int i = 1; i < perSecond.length; i++) {
            sum += perSecond[i];
        }
        return (double) sum / (perSecond.length - 1);
    }

    /** The funnel the report draws: from alert to redemption. */
    Map<String, Long> funnel() {
        Map<String, Long> funnel = new LinkedHashMap<>();
        funnel.put("service-due alerts", c.get("alerts.service_due_marketing") + c.get("alerts.service_due_no_marketing"));
        funnel.put("... of owners open to marketing", c.get("alerts.service_due_marketing"));
        funnel.put("offers made", c.get("offers.made"));
        funnel.put("coupons redeemed", c.get("offers.redeemed"));
        return funnel;
    }

    /** Lines for {@code ./chezhu bench}: {@code BENCH <measure> <value> <unit> <target>}. */
    List<String> benchLines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "BENCH loop.datapoints_stored_per_s %.0f datapoints/s -", storedPerSecond()));
        List<Long> latencies = c.alertToOfferMillis();
        String p50 = latencies.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.0f", FleetCounters.quantile(latencies, 0.5));
        String p95 = latencies.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.0f", FleetCounters.quantile(latencies, 0.95));
        lines.add("BENCH loop.alert_to_offer_p50_ms " + p50 + " ms -");
        lines.add("BENCH loop.alert_to_offer_p95_ms " + p95 + " ms -");
        lines.add(String.format(Locale.ROOT, "BENCH loop.offers_made %d offers -", c.get("offers.made")));
        return lines;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        FleetRun.Options o = result.options();
        out.append('\n').append(String.format(Locale.ROOT,
                "Chezhu fleet - %d cars and their owners for %d s (seed %d, run %s)", o.vehicles(),
                o.duration().toSeconds(), o.seed(), o.namespace())).append('\n');
        out.append("=".repeat(72)).append('\n');
        out.append(wrap(headline(), 72)).append('\n');
        for (Section section : sections()) {
            out.append(section.title()).append('\n');
            section.lines().forEach(line -> out.append("    ").append(line).append('\n'));
        }
        out.append("=".repeat(72)).append('\n');
        return out.toString();
    }

    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int column = 0;
        for (String word : text.split(" ")) {
            if (column > 0 && column + word.length() + 1 > width) {
                out.append('\n');
                column = 0;
            } else if (column > 0) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.toString();
    }

    static String joined(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}

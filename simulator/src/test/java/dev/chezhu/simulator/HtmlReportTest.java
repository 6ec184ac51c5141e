package dev.chezhu.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class HtmlReportTest {

    @Test
    void barsDrawOneRectanglePerEntryScaledToTheLargest() {
        Map<String, Long> alerts = new LinkedHashMap<>();
        alerts.put("SERVICE_DUE", 8L);
        alerts.put("DTC", 2L);
        String svg = SvgCharts.bars(alerts);
        assertEquals(2, count(svg, "<rect "));
        assertTrue(svg.contains("width=\"360.0\""), "the largest bar spans the plot: " + svg);
        assertTrue(svg.contains("width=\"90.0\""), "a quarter of it for a quarter of the value");
        assertTrue(SvgCharts.bars(Map.of()).contains("none during this run"));
    }

    @Test
    void theLineHasAPointPerSecond() {
        String svg = SvgCharts.perSecond(new long[] { 0, 500, 1000, 750 }, "datapoints/s");
        String points = svg.replaceAll("(?s).*points=\"([^\"]*)\".*", "$1");
        assertEquals(4, points.split(" ").length);
        assertTrue(svg.contains(">1,000<"), "the axis is labelled with the maximum");
    }

    @Test
    void theFunnelShowsEachStageAsAShareOfTheFirst() {
        Map<String, Long> stages = new LinkedHashMap<>();
        stages.put("alerts", 10L);
        stages.put("offers", 5L);
        stages.put("redeemed", 0L);
        String svg = SvgCharts.funnel(stages);
        assertTrue(svg.contains("5 (50%)"), svg);
        assertTrue(svg.contains("0 (0%)"), svg);
        assertEquals(3, count(svg, "<rect "));
    }

    @Test
    void theReportIsOneSelfContainedPageWithItsThreeChartsAndEscapedText() {
        FleetCounters counters = new FleetCounters(5);
        counters.count("alerts.by_type", "SERVICE_DUE");
        counters.problem("loyalty <ListCoupons>: UNAVAILABLE");
        FleetRun.Result result = new FleetRun.Result(new FleetRun.Options(2, Duration.ofSeconds(5), 42, 10, 1, "t"),
                Population.generate(2, 42, "t"), counters, Instant.parse("2026-11-25T10:00:00Z"), Duration.ofSeconds(9), 5);
        Summary scenario = new Summary();
        scenario.check("gateway", true, "no token -> 401");
        String html = HtmlReport.render(scenario, new FleetSummary(result), result);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertEquals(3, count(html, "<svg "));
        assertFalse(html.contains("<script"), "no script");
        assertFalse(Pattern.compile("(src|href)=\"https?:").matcher(html).find(), "nothing fetched");
        assertTrue(html.contains("loyalty &lt;ListCoupons&gt;"));
        assertTrue(html.contains("no token -&gt; 401"));
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}

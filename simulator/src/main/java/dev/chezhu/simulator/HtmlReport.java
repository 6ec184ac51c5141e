package dev.chezhu.simulator;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo as one HTML page a product manager can open: the scenario's checks, the fleet's
 * summary, and three charts (stored datapoints per second, alerts by type, the funnel from alert
 * to redemption). Self-contained: inline CSS and SVG, no script, nothing fetched.
 */
final class HtmlReport {

    private HtmlReport() {
    }

    static String render(Summary scenario, FleetSummary fleet, FleetRun.Result result) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Chezhu demo report</title><style>")
                .append("body{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}")
                .append("h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}")
                .append("table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 8px;")
                .append("border-bottom:1px solid #eee;vertical-align:top}.ok{color:#1a7f37}.fail{color:#b42318}")
                .append(".figures{display:flex;flex-wrap:wrap;gap:12px}.figure{border:1px solid #ddd;border-radius:6px;")
                .append("padding:8px 14px;min-width:130px}.figure b{display:block;font-size:1.5em}")
                .append("</style></head><body>\n");
        html.append("<h1>Chezhu demo report</h1>\n");
        if (result != null) {
            FleetRun.Options o = result.options();
            html.append("<p>").append(escape(String.format(Locale.ROOT,
                    "Run %s, started %s UTC: %d cars and their owners played for %d s against the running platform "
                            + "(seed %d, %d simulated seconds per second).",
                    o.namespace(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC)
                            .format(result.started()),
                    o.vehicles(), o.duration().toSeconds(), o.seed(), o.speedup()))).append("</p>\n");
            FleetCounters c = result.counters();
            html.append("<p><b>").append(escape(fleet.headline())).append("</b></p>\n");
            html.append("<div class=\"figures\">");
            figure(html, "observations", c.get("identity.observations"));
            figure(html, "persons", c.get("identity.persons"));
            figure(html, "merges refused", FleetSummary.total(c.breakdown("identity.refused_merges")));
            figure(html, "datapoints stored", c.get("telemetry.stored"));
            figure(html, "alerts raised", FleetSummary.total(c.breakdown("alerts.by_type")));
            figure(html, "offers made", c.get("offers.made"));
            figure(html, "coupons redeemed", c.get("offers.redeemed"));
            figure(html, "points earned", c.get("points.earned"));
            figure(html, "recommendations", c.get("audio.recommendations"));
            html.append("</div>\n");
            html.append("<h2>Signals stored per second</h2>\n")
                    .append(SvgCharts.perSecond(c.storedPerSecond(result.streamingSeconds()), "datapoints/s")).append('\n');
            html.append("<h2>Alerts by type</h2>\n").append(SvgCharts.bars(c.breakdown("alerts.by_type"))).append('\n');
            html.append("<h2>From alert to redemption</h2>\n").append(SvgCharts.funnel(fleet.funnel())).append('\n');
            for (FleetSummary.Section section : fleet.sections()) {
                table(html, section.title(), section.lines());
            }
        }
        if (scenario != null) {
            html.append("<h2>Guided scenario: what each service did</h2>\n<table>");
            for (Map.Entry<String, List<String>> e : scenario.lines().entrySet()) {
                for (String line : e.getValue()) {
                    String css = line.startsWith("[ok]") ? "ok" : line.startsWith("[FAIL]") ? "fail" : "";
                    html.append("<tr><th>").append(escape(e.getKey())).append("</th><td class=\"").append(css)
                            .append("\">").append(escape(line)).append("</td></tr>");
                }
            }
            html.append("</table>\n<p>").append(scenario.failed()
                    ? escape(scenario.failures().size() + " check(s) failed") : "All checks held.").append("</p>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static void figure(StringBuilder html, String label, long value) {
        html.append("<div class=\"figure\"><b>").append(String.format(Locale.ROOT, "%,d", value)).append("</b>")
                .append(escape(label)).append("</div>");
    }

    private static void table(StringBuilder html, String title, List<String> lines) {
        html.append("<h2>").append(escape(title)).append("</h2>\n<table>");
        for (String line : lines) {
            html.append("<tr><td>").append(escape(line)).append("</td></tr>");
        }
        html.append("</table>\n");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}

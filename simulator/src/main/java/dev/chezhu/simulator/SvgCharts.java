package dev.chezhu.simulator;

import java.util.Locale;
import java.util.Map;

/**
 * The report's charts as inline SVG, drawn here so the report is one self-contained file that
 * opens offline (no chart library, nothing fetched).
 */
final class SvgCharts {

    private static final int WIDTH = 640;
    private static final String BAR = "#2f6db5";

    private SvgCharts() {
    }

    /** A line of values over seconds, with the axis labelled at 0, the middle and the maximum. */
    static String perSecond(long[] values, String unit) {
        int height = 220;
        int left = 56;
        int bottom = 28;
        int plotWidth = WIDTH - left - 12;
        int plotHeight = height - bottom - 12;
        long max = 1;
        for (long v : values) {
            max = Math.max(max, v);
        }
        StringBuilder svg = open(height, "per-second");
        axis(svg, left, 12, plotHeight, plotWidth, max);
        if (values.length > 0) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                double x = left + (values.length == 1 ? 0 : (double) i * plotWidth / (values.length - 1));
                double y = 12 + plotHeight - (double) values[i] * plotHeight / max;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(BAR).append("\" stroke-width=\"2\" points=\"")
                    .append(points.toString().trim()).append("\"/>");
        }
        svg.append(text(left + plotWidth / 2.0, height - 6, "middle", unit + " in each second of the run (" + values.length + " s)"));
        return svg.append("</svg>").toString();
    }

    /** Horizontal bars, one per entry, labelled with the key and the value. */
    static String bars(Map<String, Long> values) {
        int row = 28;
        int height = Math.max(1, values.size()) * row + 10;
        int left = 220;
        int plotWidth = WIDTH - left - 60;
        long max = 1;
        for (long v : values.values()) {
            max = Math.max(max, v);
        }
        StringBuilder svg = open(height, "bars");
        if (values.isEmpty()) {
            svg.append(text(10, 20, "start", "none during this run"));
        }
        int i = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            int y = 5 + i++ * row;
            double w = (double) e.getValue() * plotWidth / max;
            svg.append(text(left - 8, y + 17, "end", e.getKey()));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                    left, y + 3, w, row - 8, BAR));
            svg.append(text(left + w + 6, y + 17, "start", String.format(Locale.ROOT, "%,d", e.getValue())));
        }
        return svg.append("</svg>").toString();
    }

    /** A funnel: centred bars narrowing stage by stage, each with its share of the first stage. */
    static String funnel(Map<String, Long> stages) {
        int row = 40;
        int height = Math.max(1, stages.size()) * row + 10;
        long first = stages.values().stream().findFirst().orElse(0L);
        long max = Math.max(1, stages.values().stream().mapToLong(Long::longValue).max().orElse(1));
        int left = 230;
        int plotWidth = WIDTH - left - 10;
        StringBuilder svg = open(height, "funnel");
        int i = 0;
        for (Map.Entry<String, Long> e : stages.entrySet()) {
            int y = 5 + i++ * row;
            double w = Math.max(2, (double) e.getValue() * plotWidth / max);
            double x = left + (plotWidth - w) / 2;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
                    + "opacity=\"%.2f\"/>", x, y, w, row - 8, BAR, 1.0 - 0.15 * (i - 1)));
            String share = first == 0 ? "" : String.format(Locale.ROOT, " (%.0f%%)", 100.0 * e.getValue() / first);
            svg.append(text(left - 8, y + 21, "end", e.getKey()));
            svg.append(text(left + plotWidth / 2.0, y + 21, "middle", String.format(Locale.ROOT, "%,d", e.getValue()) + share,
                    "#fff", "#000"));
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(int height, String kind) {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\" role=\"img\">",
                kind, WIDTH, height, WIDTH, height));
    }

    private static void axis(StringBuilder svg, int left, int top, int plotHeight, int plotWidth, long max) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", left, top,
                left, top + plotHeight));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", left,
                top + plotHeight, left + plotWidth, top + plotHeight));
        for (long tick : new long[] { 0, max / 2, max }) {
            double y = top + plotHeight - (double) tick * plotHeight / max;
            svg.append(text(left - 6, y + 4, "end", String.format(Locale.ROOT, "%,d", tick)));
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, y, left + plotWidth, y));
        }
    }

    private static String text(double x, double y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor,
                HtmlReport.escape(content));
    }

    private static String text(double x, double y, String anchor, String content, String halo, String fill) {
        return String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\" stroke=\"%s\" stroke-width=\"3\" "
                        + "paint-order=\"stroke\">%s</text>",
                x, y, anchor, fill, halo, HtmlReport.escape(content));
    }
}

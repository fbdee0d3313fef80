package dev.telemetry.simulator.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A self-contained HTML page (inline SVG, no scripts or external files) for one {@link BenchResult}. */
final class HtmlReport {

    private static final String[] SERIES = {"published", "broker (no-op subscriber)", "gateway", "processor",
        "p99 publish -> telemetry.readings", "p99 publish -> device state"};
    private static final String[] COLORS = {"#4e79a7", "#bab0ac", "#f28e2b", "#59a14f", "#f28e2b", "#59a14f"};

    private HtmlReport() {
    }

    static String render(BenchResult r) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Telemetry pipeline benchmark")
                .append("</title><style>body{font:14px system-ui,sans-serif;margin:2em;max-width:960px}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;")
                .append("text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}")
                .append("</style></head><body><h1>Telemetry pipeline benchmark</h1>");
        h.append("<h2>Scenario</h2>").append(table(r.scenario()));
        if (!r.scenarioResults().isEmpty()) {
            h.append("<h2>Scenario results</h2>").append(table(r.scenarioResults()));
        }
        h.append("<h2>Throughput (readings/s, after warm-up)</h2>").append(table(r.rates()));
        h.append(chart(r.timeline(), new int[] {1, 2, 3, 4}, "readings/s", markers(r)));
        h.append("<h2>End-to-end latency (ms, MQTT publish to device state)</h2>").append(table(r.latencyMillis()));
        h.append(latencyChart(r.latencyMillis()));
        h.append("<h2>Latency to telemetry.readings (ms, MQTT publish to the gateway's record)</h2>")
                .append(table(r.gatewayLatencyMillis()));
        h.append("<h2>Latency over time (p99 per interval, ms)</h2>");
        h.append(chart(r.timeline(), new int[] {5, 6}, "ms", markers(r)));
        h.append("<h2>Counts</h2>").append(table(r.counts()));
        h.append("<h2>Environment</h2>").append(table(r.environment()));
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String table(Map<String, ?> values) {
        StringBuilder t = new StringBuilder("<table>");
        values.forEach((k, v) -> t.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(format(v)))
                .append("</td></tr>"));
        return t.append("</table>").toString();
    }

    /** Vertical lines at the outage's start and end, when the run had one: {@code [second, ...]}. */
    private static double[] markers(BenchResult r) {
        Object start = r.scenarioResults().get("outageStartSecond");
        Object end = r.scenarioResults().get("outageEndSecond");
        if (start instanceof Number a && end instanceof Number b) {
            return new double[] {a.doubleValue(), b.doubleValue()};
        }
        return new double[0];
    }

    /** A line chart of some timeline columns ({@link Timeline#COLUMNS}); negative values (no data) are gaps. */
    private static String chart(List<double[]> timeline, int[] columns, String yUnit, double[] markers) {
        int w = 900;
        int hgt = 300;
        int pad = 50;
        double maxX = 1;
        double maxY = 1;
        for (double[] p : timeline) {
            maxX = Math.max(maxX, p[0]);
            for (int s : columns) {
                maxY = Math.max(maxY, p[s]);
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
                + " aria-label=\"%s over time\">", w, hgt + 40, w, hgt + 40, yUnit));
        svg.append(axes(w, hgt, pad, maxX, maxY, "s", yUnit));
        for (double m : markers) {
            double xx = x(m, maxX, w, pad);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e15759\""
                    + " stroke-dasharray=\"4 3\"/>", xx, xx, hgt - pad + 20));
        }
        int legend = 0;
        for (int s : columns) {
            StringBuilder points = new StringBuilder();
            for (double[] p : timeline) {
                if (p[s] < 0) {
                    if (points.length() > 0) {
                        svg.append(polyline(points, s));
                        points.setLength(0);
                    }
                    continue;
                }
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p[0], maxX, w, pad), y(p[s], maxY, hgt, pad)));
            }
            if (points.length() > 0) {
                svg.append(polyline(points, s));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>",
                    pad + legend++ * 210, hgt + 35, COLORS[s - 1], SERIES[s - 1]));
        }
        return svg.append("</svg>").toString();
    }

    private static String polyline(CharSequence points, int series) {
        return "<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"" + COLORS[series - 1] + "\" points=\""
                + points + "\"/>";
    }

    private static String latencyChart(Map<String, Double> latency) {
        int w = 900;
        int barH = 22;
        List<String> keys = latency.keySet().stream().filter(k -> !k.equals("count")).toList();
        double max = keys.stream().mapToDouble(latency::get).max().orElse(1);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"latency percentiles\">", w,
                keys.size() * (barH + 6) + 10));
        int i = 0;
        for (String k : keys) {
            double v = latency.get(k);
            double len = max <= 0 ? 0 : v / max * (w - 250);
            int top = i * (barH + 6) + 5;
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", top + 16, escape(k)));
            svg.append(String.format(Locale.ROOT, "<rect x=\"80\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#59a14f\"/>",
                    top, len, barH));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s ms</text>", 86 + len, top + 16,
                    format(v)));
            i++;
        }
        return svg.append("</svg>").toString();
    }

    private static String axes(int w, int h, int pad, double maxX, double maxY, String xUnit, String yUnit) {
        StringBuilder a = new StringBuilder();
        a.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", pad, h - pad
                + 20, w - 10, h - pad + 20));
        a.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", pad, pad,
                h - pad + 20));
        for (int i = 0; i <= 4; i++) {
            double v = maxY * i / 4;
            double yy = y(v, maxY, h, pad);
            a.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"%.1f\" font-size=\"11\">%s</text>", yy + 4,
                    format(v)));
            double xv = maxX * i / 4;
            a.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s %s</text>",
                    x(xv, maxX, w, pad) - 10, h - pad + 36, format(xv), xUnit));
        }
        a.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"10\" font-size=\"11\">%s</text>", pad + 4, yUnit));
        return a.toString();
    }

    private static double x(double v, double max, int w, int pad) {
        return pad + v / max * (w - pad - 20);
    }

    private static double y(double v, double max, int h, int pad) {
        return h - pad + 20 - v / max * (h - pad + 10);
    }

    private static String format(Object v) {
        if (v == null) {
            return "–";
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                    : String.format(Locale.ROOT, "%.1f", d);
        }
        return String.valueOf(v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package dev.telemetry.simulator.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A self-contained HTML page (inline SVG, no scripts or external files) for one {@link BenchResult}. */
final class HtmlReport {

    private static final String[] SERIES = {"published", "broker (no-op subscriber)", "gateway", "processor"};
    private static final String[] COLORS = {"#4e79a7", "#bab0ac", "#f28e2b", "#59a14f"};

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
        h.append("<h2>Throughput (readings/s, after warm-up)</h2>").append(table(r.rates()));
        h.append(throughputChart(r.timeline()));
        h.append("<h2>End-to-end latency (ms, MQTT publish to device state)</h2>").append(table(r.latencyMillis()));
        h.append(latencyChart(r.latencyMillis()));
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

    private static String throughputChart(List<double[]> timeline) {
        int w = 900;
        int hgt = 300;
        int pad = 50;
        double maxX = 1;
        double maxY = 1;
        for (double[] p : timeline) {
            maxX = Math.max(maxX, p[0]);
            for (int s = 1; s <= 4; s++) {
                maxY = Math.max(maxY, p[s]);
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
                + " aria-label=\"readings per second over time\">", w, hgt + 40, w, hgt + 40));
        svg.append(axes(w, hgt, pad, maxX, maxY, "s", "readings/s"));
        for (int s = 1; s <= 4; s++) {
            StringBuilder points = new StringBuilder();
            for (double[] p : timeline) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p[0], maxX, w, pad), y(p[s], maxY, hgt, pad)));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(COLORS[s - 1])
                    .append("\" points=\"").append(points).append("\"/>");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>",
                    pad + (s - 1) * 210, hgt + 35, COLORS[s - 1], SERIES[s - 1]));
        }
        return svg.append("</svg>").toString();
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

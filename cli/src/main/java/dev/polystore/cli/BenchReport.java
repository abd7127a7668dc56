package dev.polystore.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The bench report as one self-contained HTML file: charts rendered to PNG with XChart and embedded as data URLs, and
 * the figures as a table, so it opens anywhere without a network.
 */
final class BenchReport {
    private BenchReport() {}

    static String html(String workload, List<BenchCommand.Row> rows) {
        System.setProperty("java.awt.headless", "true");
        Set<String> stores = new LinkedHashSet<>();
        Set<String> operations = new LinkedHashSet<>();
        for (BenchCommand.Row r : rows) {
            stores.add(r.store());
            if (!r.operation().equals("ingest")) {
                operations.add(r.operation());
            }
        }
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Polystore bench</title>")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,td:nth-child(2)")
                .append("{text-align:left}img{display:block;margin:1em 0}</style></head><body>\n")
                .append("<h1>Polystore bench</h1>\n<p>")
                .append(escape(workload))
                .append("</p>\n");
        html.append(chart("Ingest (resources/s)", List.of("ingest"), stores, rows, BenchCommand.Row::perSecond));
        html.append(chart("p50 latency (ms)", operations, stores, rows, r -> r.percentile(50)));
        html.append(chart("p95 latency (ms)", operations, stores, rows, r -> r.percentile(95)));
        html.append(chart("p99 latency (ms)", operations, stores, rows, r -> r.percentile(99)));
        html.append("<table><tr><th>store</th><th>operation</th><th>count</th><th>per second</th><th>p50 ms</th>")
                .append("<th>p95 ms</th><th>p99 ms</th><th>note</th></tr>\n");
        for (BenchCommand.Row r : rows) {
            html.append(String.format(
                    Locale.ROOT,
                    "<tr><td>%s</td><td>%s</td><td>%d</td><td>%.0f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td>"
                            + "<td>%s</td></tr>%n",
                    escape(r.store()),
                    escape(r.operation()),
                    r.count(),
                    r.perSecond(),
                    r.percentile(50),
                    r.percentile(95),
                    r.percentile(99),
                    escape(r.note())));
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    private static String chart(
            String title,
            java.util.Collection<String> operations,
            Set<String> stores,
            List<BenchCommand.Row> rows,
            ToDoubleFunction<BenchCommand.Row> value) {
        CategoryChart chart =
                new CategoryChartBuilder().width(1000).height(420).title(title).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(30);
        for (String store : stores) {
            List<String> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (String op : operations) {
                for (BenchCommand.Row r : rows) {
                    if (r.store().equals(store) && r.operation().equals(op)) {
                        double v = value.applyAsDouble(r);
                        x.add(op);
                        y.add(Double.isNaN(v) ? 0 : v);
                    }
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(store, x, y);
            }
        }
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            return "<h2>" + escape(title) + "</h2>\n<img alt=\"" + escape(title) + "\" src=\"data:image/png;base64,"
                    + Base64.getEncoder().encodeToString(png) + "\">\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

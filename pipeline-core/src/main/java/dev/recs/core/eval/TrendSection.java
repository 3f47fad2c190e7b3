package dev.recs.core.eval;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/**
 * The report's "Trend" section: one line chart per figure of {@link MetricTrend#FIGURES} over
 * the nights of the trend (dates as categories, so nights without a run leave no empty days),
 * and their values as a table. One chart per figure rather than one shared axis: NDCG and
 * cold-item recall move by hundredths where coverage moves by tenths.
 */
final class TrendSection {
  private TrendSection() {}

  static String html(List<MetricTrend.Point> trend) {
    List<LocalDate> dates = trend.stream().map(MetricTrend.Point::date).distinct().sorted().toList();
    StringBuilder h = new StringBuilder("<h2>Trend</h2>");
    if (dates.isEmpty()) {
      return h.append("<p>No figure of the published model to follow: the night was not evaluated.</p>").toString();
    }
    h.append(String.format(Locale.ROOT, "<p>The published model (%s) as each night evaluated it: tonight and up to "
        + "%d published nights before it (here %d, %s to %s).</p>", EvaluationReport.escape(MetricId.PUBLISHED_MODEL),
        MetricTrend.NIGHTS - 1, dates.size(), dates.get(0), dates.get(dates.size() - 1)));
    for (MetricId figure : MetricTrend.FIGURES) {
      List<Double> values = dates.stream().map(d -> value(trend, d, figure).orElse(null)).toList();
      if (values.stream().anyMatch(v -> v != null)) {
        h.append(EvaluationReport.image(chart(figure, dates, values)));
      }
    }
    return h.append(table(trend, dates)).toString();
  }

  /** A line of {@code values} (null: no figure that night) by date. */
  static CategoryChart chart(MetricId figure, List<LocalDate> dates, List<Double> values) {
    CategoryChart c = new CategoryChartBuilder().width(800).height(300).title(figure + " by night")
        .xAxisTitle("night").yAxisTitle(figure.metric() + "@" + figure.k()).build();
    c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    c.getStyler().setLegendVisible(false);
    List<String> labels = dates.stream().map(LocalDate::toString).toList();
    ChartAxes.categoryLabels(c.getStyler(), labels);
    ChartAxes.paddedY(c.getStyler(), values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).toArray());
    c.addSeries(figure.toString(), labels, values);
    return c;
  }

  private static String table(List<MetricTrend.Point> trend, List<LocalDate> dates) {
    StringBuilder t = new StringBuilder("<details><summary>values by night</summary><table><tr><th>night</th>");
    MetricTrend.FIGURES.forEach(f -> t.append("<th>").append(EvaluationReport.escape(f.metric() + "@" + f.k())).append("</th>"));
    t.append("</tr>");
    for (LocalDate d : dates) {
      t.append("<tr><td>").append(d).append("</td>");
      for (MetricId f : MetricTrend.FIGURES) {
        t.append("<td>").append(value(trend, d, f).map(v -> String.format(Locale.ROOT, "%.4f", v)).orElse("-"))
            .append("</td>");
      }
      t.append("</tr>");
    }
    return t.append("</table></details>").toString();
  }

  private static Optional<Double> value(List<MetricTrend.Point> trend, LocalDate date, MetricId figure) {
    return trend.stream().filter(p -> p.date().equals(date) && p.figure().equals(figure))
        .map(MetricTrend.Point::value).findFirst();
  }
}

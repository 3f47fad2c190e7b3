package dev.recs.core.eval;

import dev.recs.core.ingest.IngestCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * {@code report.html}: one self-contained page (charts are PNGs embedded as data URIs, no
 * script, no network) with tonight's quality-gate verdict, the published model's trend over the
 * last nights ({@link MetricTrend}), the run's row accounting, every model × metric at each
 * cut-off, the winner per metric (none on a tie), the segments, the diversity trade-off of the
 * MMR sweep (when swept), and plots: metric@K curves, the popularity long tail with where each model's recommendations fall
 * on it, and catalog coverage. The trade-off plot is a small inline SVG (points labelled with
 * their lambda) rather than an XChart PNG: a handful of labelled points needs no chart library.
 * Every axis labels its ticks with a leading zero and a fixed number of decimals ({@link
 * ChartAxes}).
 */
public final class EvaluationReport {
  /** Metrics where a higher value is better, in table order. */
  static final List<String> RANKING = List.of("ndcg", "precision", "recall", "map", "hit_rate");
  static final List<String> BEYOND = List.of("coverage", "novelty", "diversity", "cold_item_recall");

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private EvaluationReport() {}

  /**
   * The page for one run; {@code title} names the date and model version.
   *
   * @param gate tonight's quality-gate verdict, as publish reaches it; empty when the run is not
   *     gated ({@code recs evaluate}) or the gate cannot check tonight's metrics
   * @param trend the published model's figures by night, tonight included ({@link MetricTrend#of})
   */
  public static String html(
      String title, EvaluationResult result, List<IngestCounts> accounting, Optional<QualityGate.Verdict> gate,
      List<MetricTrend.Point> trend) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
        .append(escape(title))
        .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
            + "text-align:right}th{background:#eee}td:first-child,th:first-child{text-align:left}"
            + ".win{font-weight:bold;background:#dfd}.failed{color:#b00;font-weight:bold}"
            + ".forced{color:#b60;font-weight:bold}.passed{color:#070;font-weight:bold}"
            + "img{max-width:100%}</style></head><body>");
    h.append("<h1>").append(escape(title)).append("</h1>");
    h.append(GateSection.html(gate));
    h.append(TrendSection.html(trend));
    h.append("<p>").append(holdoutLine(result)).append(".</p>");

    h.append("<h2>Rows in</h2><table><tr><th>input</th><th>in</th><th>clean</th><th>rejected</th>"
        + "<th>duplicate</th><th>truncated</th></tr>");
    for (IngestCounts c : accounting) {
      h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%,d</td><td>%,d</td><td>%,d</td><td>%,d</td><td>%,d</td></tr>",
          escape(c.input()), c.in(), c.clean(), c.rejected(), c.duplicate(), c.truncated()));
    }
    h.append("</table>");

    List<Integer> ks = result.metrics().stream().filter(m -> m.metric().equals("ndcg")).map(MetricRow::k)
        .distinct().sorted().toList();
    for (int k : ks) {
      h.append("<h2>Models at K = ").append(k).append("</h2>").append(modelTable(result, k));
    }
    h.append("<h2>NDCG@").append(ks.contains(10) ? 10 : ks.get(0)).append(" by history length</h2>")
        .append(segmentTable(result, ks.contains(10) ? 10 : ks.get(0)));

    for (Map.Entry<String, EvaluationResult> other : result.otherProtocols().entrySet()) {
      EvaluationResult o = other.getValue();
      h.append("<h2>The same models, ").append(escape(protocolName(other.getKey()))).append("</h2><p>")
          .append(holdoutLine(o)).append(".</p>");
      for (int k : ks) {
        h.append("<h3>Models at K = ").append(k).append("</h3>").append(modelTable(o, k));
      }
    }
    h.append(diversitySection(result, ks.contains(10) ? 10 : ks.get(0)));
    h.append(coldStartSection(result));

    h.append("<h2>Plots</h2>");
    h.append(image(curve(result, "ndcg", ks)));
    h.append(image(curve(result, "recall", ks)));
    h.append(image(longTail(result)));
    h.append(image(popularityDeciles(result)));
    h.append(image(coverage(result, ks)));
    h.append("</body></html>\n");
    return h.toString();
  }

  /**
   * Models × metrics at one cut-off, the best value of each column marked and its model named
   * in the last row. A tie is not a win: when several models share the best value, none is
   * marked and the last row says "tie".
   */
  static String modelTable(EvaluationResult r, int k) {
    List<String> metrics = new ArrayList<>(RANKING);
    metrics.addAll(BEYOND);
    StringBuilder t = new StringBuilder("<table><tr><th>model</th>");
    metrics.forEach(m -> t.append("<th>").append(m).append("@").append(k).append("</th>"));
    t.append("</tr>");
    double[] best = metrics.stream().mapToDouble(m -> r.models().stream()
        .mapToDouble(model -> r.value(model, m, k).orElse(Double.NEGATIVE_INFINITY)).max().orElse(0)).toArray();
    List<List<String>> leaders = new ArrayList<>();
    for (int i = 0; i < metrics.size(); i++) {
      String metric = metrics.get(i);
      double b = best[i];
      leaders.add(r.models().stream().filter(m -> r.value(m, metric, k).orElse(Double.NaN) == b).toList());
    }
    for (String model : r.models()) {
      t.append("<tr><td>").append(escape(model)).append("</td>");
      for (int i = 0; i < metrics.size(); i++) {
        double v = r.value(model, metrics.get(i), k).orElse(Double.NaN);
        boolean wins = leaders.get(i).equals(List.of(model));
        t.append(wins ? "<td class=\"win\">" : "<td>").append(String.format(Locale.ROOT, "%.4f", v)).append("</td>");
      }
      t.append("</tr>");
    }
    t.append("<tr><td><i>winner</i></td>");
    for (List<String> leader : leaders) {
      String winner = switch (leader.size()) {
        case 0 -> "-";
        case 1 -> leader.get(0);
        default -> "tie";
      };
      t.append("<td>").append(escape(winner)).append("</td>");
    }
    return t.append("</tr></table>").toString();
  }

  /**
   * {@code html} (a page of {@link #html}) with its gate section showing {@code verdict}: the one
   * publish reached, which may differ from the evaluate stage's preview when {@code recs publish
   * --force} follows a failed night. A page without a gate section is returned unchanged.
   */
  public static String withVerdict(String html, QualityGate.Verdict verdict) {
    return GateSection.replace(html, verdict);
  }

  /**
   * "Diversity trade-off": the published model re-ranked by MMR at each swept lambda (models
   * {@code pipeline_mmr_<lambda>}), as a table and an inline SVG of NDCG@k against intra-list
   * diversity, one labelled point per lambda. Empty when the run swept nothing.
   */
  static String diversitySection(EvaluationResult r, int k) {
    List<String> sweep = r.models().stream()
        .filter(m -> DiversityRecommender.sweepLambda(m).isPresent())
        .sorted(java.util.Comparator.comparingDouble(m -> -DiversityRecommender.sweepLambda(m).orElseThrow()))
        .toList();
    if (sweep.isEmpty()) {
      return "";
    }
    StringBuilder t = new StringBuilder("<h2>Diversity trade-off</h2><p>The published model's lists "
        + "re-ranked by maximal marginal relevance: lambda 1 keeps its order, lower lambdas trade "
        + "relevance for dissimilar items (diversity = 1 &minus; mean pairwise cosine of a list's "
        + "embeddings). Pick the lowest lambda whose NDCG@" + k + " loss you accept for "
        + "<code>recs.diversity.lambda</code>.</p>");
    t.append("<table><tr><th>lambda</th><th>ndcg@").append(k).append("</th><th>diversity@").append(k)
        .append("</th><th>coverage@").append(k).append("</th></tr>");
    double[] x = new double[sweep.size()];
    double[] y = new double[sweep.size()];
    String[] labels = new String[sweep.size()];
    for (int i = 0; i < sweep.size(); i++) {
      String m = sweep.get(i);
      labels[i] = String.valueOf(DiversityRecommender.sweepLambda(m).orElseThrow());
      y[i] = r.value(m, "ndcg", k).orElse(Double.NaN);
      x[i] = r.value(m, "diversity", k).orElse(Double.NaN);
      t.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.4f</td><td>%.4f</td><td>%.4f</td></tr>",
          labels[i], y[i], x[i], r.value(m, "coverage", k).orElse(Double.NaN)));
    }
    t.append("</table>");
    return t.append(tradeOffSvg(x, y, labels, k)).toString();
  }

  /** A scatter of (diversity, NDCG) points labelled λ=…, as inline SVG (no script, no image). */
  static String tradeOffSvg(double[] x, double[] y, String[] labels, int k) {
    int w = 640;
    int h = 400;
    int left = 70;
    int right = 30;
    int top = 40;
    int bottom = 50;
    double[] xr = ChartAxes.paddedRange(x);
    double[] yr = ChartAxes.paddedRange(y);
    java.util.function.DoubleUnaryOperator px = v -> left + (v - xr[0]) / (xr[1] - xr[0]) * (w - left - right);
    java.util.function.DoubleUnaryOperator py = v -> h - bottom - (v - yr[0]) / (yr[1] - yr[0]) * (h - top - bottom);
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<p><svg width=\"%d\" height=\"%d\" role=\"img\" "
            + "font-family=\"sans-serif\" font-size=\"12\"><title>NDCG@%d against intra-list diversity by lambda</title>"
            + "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>"
            + "<text x=\"%d\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">NDCG@%d against intra-list diversity, by MMR lambda</text>",
        w, h, k, w, h, w / 2, k));
    svg.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>"
            + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>",
        left, h - bottom, w - right, h - bottom, left, top, left, h - bottom));
    String xf = tickFormat(xr);
    String yf = tickFormat(yr);
    for (int i = 0; i <= 4; i++) {
      double xv = xr[0] + (xr[1] - xr[0]) * i / 4;
      double yv = yr[0] + (yr[1] - yr[0]) * i / 4;
      svg.append(String.format(Locale.ROOT,
          "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">" + xf + "</text>"
              + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">" + yf + "</text>"
              + "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
          px.applyAsDouble(xv), h - bottom + 18, xv, left - 6, py.applyAsDouble(yv) + 4, yv,
          left + 1, py.applyAsDouble(yv), w - right, py.applyAsDouble(yv)));
    }
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">intra-list diversity@%d</text>"
            + "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">NDCG@%d</text>",
        (left + w - right) / 2, h - 10, k, (top + h - bottom) / 2, (top + h - bottom) / 2, k));
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
        continue;
      }
      path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
          px.applyAsDouble(x[i]), py.applyAsDouble(y[i])));
      svg.append(String.format(Locale.ROOT,
          "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1f77b4\"/>"
              + "<text x=\"%.1f\" y=\"%.1f\">&#955;=%s</text>",
          px.applyAsDouble(x[i]), py.applyAsDouble(y[i]), px.applyAsDouble(x[i]) + 6,
          py.applyAsDouble(y[i]) - 6, escape(labels[i])));
    }
    if (path.length() > 0) {
      svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#1f77b4\" stroke-opacity=\"0.4\"/>");
    }
    return svg.append("</svg></p>").toString();
  }

  /**
   * The format of the five ticks of {@code range}, a quarter of it apart: a leading zero and one
   * decimal more than {@link ChartAxes#decimals} of the step (the ticks are not round numbers),
   * at least 3.
   */
  static String tickFormat(double[] range) {
    return "%." + Math.max(3, ChartAxes.decimals((range[1] - range[0]) / 4) + 1) + "f";
  }

  private static String segmentTable(EvaluationResult r, int k) {
    List<String> segments = r.metrics().stream().map(MetricRow::segment).distinct().toList();
    StringBuilder t = new StringBuilder("<table><tr><th>model</th>");
    segments.forEach(s -> t.append("<th>").append(escape(s)).append("</th>"));
    t.append("</tr>");
    for (String model : r.models()) {
      t.append("<tr><td>").append(escape(model)).append("</td>");
      for (String s : segments) {
        String cell = r.metrics().stream()
            .filter(m -> m.model().equals(model) && m.segment().equals(s) && m.metric().equals("ndcg") && m.k() == k)
            .map(m -> String.format(Locale.ROOT, "%.4f", m.value())).findFirst().orElse("-");
        long users = r.metrics().stream()
            .filter(m -> m.model().equals(model) && m.segment().equals(s) && m.metric().equals("users"))
            .mapToLong(m -> (long) m.value()).findFirst().orElse(0);
        t.append("<td>").append(cell).append(" <small>(").append(users).append(")</small></td>");
      }
      t.append("</tr>");
    }
    return t.append("</table>").toString();
  }

  private static XYChart curve(EvaluationResult r, String metric, List<Integer> ks) {
    XYChart c = new XYChartBuilder().width(800).height(420).title(metric + "@K by model")
        .xAxisTitle("K").yAxisTitle(metric).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    c.getStyler().setXAxisDecimalPattern("0");
    double[] x = ks.stream().mapToDouble(Integer::doubleValue).toArray();
    List<Double> all = new ArrayList<>();
    for (String model : r.models()) {
      double[] y = ks.stream().mapToDouble(k -> r.value(model, metric, k).orElse(0.0)).toArray();
      c.addSeries(model, x, y);
      java.util.Arrays.stream(y).forEach(all::add);
    }
    double[] range = ChartAxes.range(all.stream().mapToDouble(Double::doubleValue).toArray());
    ChartAxes.yTicks(c.getStyler(), range[0], range[1]);
    return c;
  }

  private static XYChart longTail(EvaluationResult r) {
    XYChart c = new XYChartBuilder().width(800).height(420).title("Popularity long tail (train users per item)")
        .xAxisTitle("item rank by popularity").yAxisTitle("train users").build();
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setLegendVisible(false);
    c.getStyler().setMarkerSize(0);
    c.getStyler().setXAxisDecimalPattern("#,##0");
    c.getStyler().setYAxisDecimalPattern("#,##0");
    long[] pop = r.itemPopularity();
    if (pop.length > 0) {
      int[] ranks = curvePoints(pop.length);
      double[] x = IntStream.of(ranks).asDoubleStream().map(i -> i + 1).toArray();
      double[] y = IntStream.of(ranks).mapToDouble(i -> Math.max(pop[i], 1)).toArray();
      c.addSeries("items", x, y);
    }
    return c;
  }

  /** {@code Temporal hold-out: 378 test users, ...}: what a protocol's figures were measured on. */
  static String holdoutLine(EvaluationResult r) {
    return String.format(Locale.ROOT, "%s: %,d test users, %,d train interactions, %,d relevant test (user, item) pairs",
        protocolName(r.protocol()), r.testUsers(), r.trainRows(), r.testRows());
  }

  /** {@code Temporal hold-out (what will they do next?)} or the random protocol's name. */
  public static String protocolName(String protocol) {
    return dev.recs.core.config.EvalParams.RANDOM.equals(protocol)
        ? "Random hold-out (per item a random share of its users: what else would they like?)"
        : "Temporal hold-out (per user the latest events: what will they do next?)";
  }

  /** Most points a curve is drawn with: drawing one per item took 30 s for 100k items. */
  static final int CURVE_POINTS = 2000;

  /**
   * The indices of a curve of {@code n} points to draw: all of them up to {@link #CURVE_POINTS},
   * else the first tenth of that many one by one (where the head falls steeply) and then evenly
   * spaced ones, always with the last.
   */
  static int[] curvePoints(int n) {
    if (n <= CURVE_POINTS) {
      return IntStream.range(0, n).toArray();
    }
    int head = CURVE_POINTS / 10;
    int step = (n - head + CURVE_POINTS - head - 1) / (CURVE_POINTS - head);
    IntStream spaced = IntStream.iterate(head, i -> i < n, i -> i + step);
    return IntStream.concat(IntStream.concat(IntStream.range(0, head), spaced), IntStream.of(n - 1)).distinct().toArray();
  }

  private static CategoryChart popularityDeciles(EvaluationResult r) {
    CategoryChart c = new CategoryChartBuilder().width(800).height(420)
        .title("Where recommendations fall on the long tail").xAxisTitle("popularity tenth of the catalog (1 = head)")
        .yAxisTitle("share of recommendations").build();
    List<String> labels = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      labels.add(String.valueOf(i));
    }
    labels.add("no train event");
    ChartAxes.categoryLabels(c.getStyler(), labels);
    ChartAxes.barTicks(c.getStyler(),
        r.recommendedByDecile().values().stream().flatMapToDouble(java.util.Arrays::stream).toArray());
    for (Map.Entry<String, double[]> e : r.recommendedByDecile().entrySet()) {
      List<Double> shares = java.util.Arrays.stream(e.getValue()).boxed().toList();
      c.addSeries(e.getKey(), labels, shares);
    }
    return c;
  }

  private static CategoryChart coverage(EvaluationResult r, List<Integer> ks) {
    CategoryChart c = new CategoryChartBuilder().width(800).height(420).title("Catalog coverage@K")
        .xAxisTitle("model").yAxisTitle("share of catalog recommended").build();
    ChartAxes.categoryLabels(c.getStyler(), r.models());
    List<Double> all = new ArrayList<>();
    for (int k : ks) {
      List<Double> coverage = r.models().stream().map(m -> r.value(m, "coverage", k).orElse(0.0)).toList();
      c.addSeries("K=" + k, r.models(), coverage);
      all.addAll(coverage);
    }
    ChartAxes.barTicks(c.getStyler(), all.stream().mapToDouble(Double::doubleValue).toArray());
    return c;
  }

  static String image(Chart<?, ?> chart) {
    try {
      byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      return "<p><img alt=\"" + escape(chart.getTitle()) + "\" src=\"data:image/png;base64,"
          + Base64.getEncoder().encodeToString(png) + "\"></p>";
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render chart: " + chart.getTitle(), e);
    }
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** The item cold-start metrics ({@link ItemColdStart}) per method, in report order; empty when not run. */
  static List<String[]> coldStartRows(EvaluationResult r) {
    List<String[]> out = new ArrayList<>();
    for (String method : ItemColdStart.METHODS) {
      double precision = cold(r, method, "neighbour_precision", ItemColdStart.K);
      if (Double.isNaN(precision)) {
        continue;
      }
      double recall = cold(r, method, "hidden_recall", ItemColdStart.RECALL_K);
      out.add(new String[] {method, String.format(Locale.ROOT, "%.4f", precision),
          String.format(Locale.ROOT, "%.4f", cold(r, method, "user_auc", 0)),
          Double.isNaN(recall) ? "-" : String.format(Locale.ROOT, "%.4f", recall)});
    }
    return out;
  }

  private static double cold(EvaluationResult r, String method, String metric, int k) {
    return r.metrics().stream()
        .filter(m -> m.segment().equals(ItemColdStart.SEGMENT) && m.model().equals(method) && m.metric().equals(metric)
            && m.k() == k)
        .mapToDouble(MetricRow::value).findFirst().orElse(Double.NaN);
  }

  private static final String[] COLD_HEADER = {"method", "neighbour_precision@10", "user_auc", "hidden_recall@20"};

  /** "Item cold start": the protocol's table and a bar chart of neighbour precision and AUC. */
  static String coldStartSection(EvaluationResult r) {
    List<String[]> rows = coldStartRows(r);
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "<h2>Item cold start</h2><p>%.0f items with "
        + "every event and tag hidden, %.0f users with events on them. neighbour_precision@10: share of each hidden "
        + "item's 10 nearest items among its collaborative neighbours in the full data; user_auc: per user, their "
        + "hidden items against the other hidden items; hidden_recall@20: the published lists (content_to_cf is "
        + "what the night publishes).</p><table><tr>",
        cold(r, ItemColdStart.PUBLISHED, "hidden_items", 0), cold(r, ItemColdStart.PUBLISHED, "judged_users", 0)));
    for (String h : COLD_HEADER) {
      t.append("<th>").append(h).append("</th>");
    }
    t.append("</tr>");
    for (String[] row : rows) {
      t.append("<tr>");
      for (String c : row) {
        t.append("<td>").append(escape(c)).append("</td>");
      }
      t.append("</tr>");
    }
    t.append("</table>");
    CategoryChart c = new CategoryChartBuilder().width(800).height(380).title("Item cold start")
        .xAxisTitle("method").yAxisTitle("value").build();
    List<String> methods = rows.stream().map(x -> x[0]).toList();
    List<Double> precision = rows.stream().map(x -> Double.parseDouble(x[1])).toList();
    List<Double> auc = rows.stream().map(x -> Double.parseDouble(x[2]) - 0.5).toList();
    ChartAxes.categoryLabels(c.getStyler(), methods);
    ChartAxes.barTicks(c.getStyler(),
        java.util.stream.Stream.concat(precision.stream(), auc.stream()).mapToDouble(Double::doubleValue).toArray());
    c.addSeries("neighbour precision@10", methods, precision);
    c.addSeries("user AUC - 0.5", methods, auc);
    return t.append(image(c)).toString();
  }

  /** The item cold-start table as fixed-width text; empty when the protocol did not run. */
  public static String coldStartText(EvaluationResult r) {
    List<String[]> rows = coldStartRows(r);
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "item cold start (%.0f hidden items, %.0f users)%n",
        cold(r, ItemColdStart.PUBLISHED, "hidden_items", 0), cold(r, ItemColdStart.PUBLISHED, "judged_users", 0)));
    t.append(String.format(Locale.ROOT, "%-14s %24s %10s %18s%n", (Object[]) COLD_HEADER));
    for (String[] row : rows) {
      t.append(String.format(Locale.ROOT, "%-14s %24s %10s %18s%n", (Object[]) row));
    }
    return t.toString();
  }

  /** The model table at {@code k} as fixed-width text, for the command line. */
  public static String textTable(EvaluationResult r, int k) {
    List<String> metrics = new ArrayList<>(RANKING);
    metrics.addAll(BEYOND);
    StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%-18s", "model"));
    metrics.forEach(m -> t.append(String.format(Locale.ROOT, " %12s", m + "@" + k)));
    t.append('\n');
    for (String model : r.models()) {
      t.append(String.format(Locale.ROOT, "%-18s", model));
      for (String m : metrics) {
        t.append(String.format(Locale.ROOT, " %12.4f", r.value(model, m, k).orElse(Double.NaN)));
      }
      t.append('\n');
    }
    return t.toString();
  }
}

package dev.recs.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {
  private static final LocalDate TONIGHT = LocalDate.of(2026, 11, 3);

  private static EvaluationResult result(List<String> models) {
    List<MetricRow> rows = new ArrayList<>();
    Map<String, double[]> deciles = new java.util.LinkedHashMap<>();
    double[] ndcg = {0.05, 0.048, 0.041};
    double[] diversity = {0.30, 0.42, 0.61};
    for (int i = 0; i < models.size(); i++) {
      rows.add(new MetricRow(models.get(i), "all", "ndcg", 10, ndcg[i % 3]));
      rows.add(new MetricRow(models.get(i), "all", "diversity", 10, diversity[i % 3]));
      rows.add(new MetricRow(models.get(i), "all", "coverage", 10, 0.1 + i / 100.0));
      deciles.put(models.get(i), new double[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    }
    return new EvaluationResult(rows, models, 2, 10, 2, new long[] {3, 2, 1}, deciles);
  }

  private static String html(EvaluationResult r) {
    return EvaluationReport.html("test", r, List.of(), Optional.empty(), List.of());
  }

  private static final QualityGate.Check NDCG_FELL =
      new QualityGate.Check("pipeline ndcg@10", 0.10, 0.07, -0.3, 0.2, 0, false);
  private static final QualityGate.Check COVERAGE_OK =
      new QualityGate.Check("published catalog_coverage@20", 0.5, 0.5, 0, 0.2, 0, true);

  @Test
  void reportHasADiversityTradeOffSectionWithOneRowAndOneLabelledPointPerLambda() {
    EvaluationResult r = result(List.of("pipeline_mmr_1.0", "pipeline_mmr_0.7", "pipeline_mmr_0.3"));

    String html = html(r);

    assertThat(html).contains("<h2>Diversity trade-off</h2>", "<svg", "&#955;=0.7", "intra-list diversity@10");
    String section = EvaluationReport.diversitySection(r, 10);
    assertThat(section).contains(
        "<tr><td>1.0</td><td>0.0500</td><td>0.3000</td><td>0.1000</td></tr>",
        "<tr><td>0.3</td><td>0.0410</td><td>0.6100</td><td>0.1200</td></tr>");
    assertThat(section.indexOf("<td>1.0</td>")).isLessThan(section.indexOf("<td>0.7</td>"));
    assertThat(section.split("<circle").length - 1).isEqualTo(3);
    assertThat(html).doesNotContain("http://", "https://", "<script");
  }

  @Test
  void reportHasNoTradeOffSectionWithoutASweep() {
    assertThat(html(result(List.of("pipeline", "popularity")))).doesNotContain("Diversity trade-off", "<svg");
  }

  @Test
  void tradeOffTicksHaveALeadingZero() {
    String section = EvaluationReport.diversitySection(
        result(List.of("pipeline_mmr_1.0", "pipeline_mmr_0.7", "pipeline_mmr_0.3")), 10);

    assertThat(section).contains(">0.0401<", ">0.269<").doesNotContainPattern(">-?\\.\\d");
  }

  @Test
  void aLongCurveIsDrawnWithBoundedPointsKeepingItsHeadAndItsLastPoint() {
    int[] points = EvaluationReport.curvePoints(100_000);

    assertThat(points.length).isLessThanOrEqualTo(EvaluationReport.CURVE_POINTS + 1);
    assertThat(points).startsWith(0, 1, 2).endsWith(99_999).isSorted();
    assertThat(EvaluationReport.curvePoints(5)).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void aSharedBestValueIsATieNotAWin() {
    EvaluationResult r = new EvaluationResult(
        List.of(new MetricRow("pipeline", "all", "ndcg", 10, 0.05), new MetricRow("popularity", "all", "ndcg", 10, 0.05),
            new MetricRow("pipeline", "all", "recall", 10, 0.2), new MetricRow("popularity", "all", "recall", 10, 0.1)),
        List.of("pipeline", "popularity"), 2, 10, 2, new long[0], Map.of());

    String table = EvaluationReport.modelTable(r, 10);

    // recall is pipeline's alone: its one marked cell; ndcg is shared: neither marked, a tie
    assertThat(table.split("class=\"win\"").length - 1).isEqualTo(1);
    assertThat(table).contains("<td class=\"win\">0.2000</td>")
        .contains("<tr><td><i>winner</i></td><td>tie</td><td>-</td><td>pipeline</td>");
  }

  @Test
  void aFailedGateNamesItsFailedCheckAboveTheRowAccounting() {
    QualityGate.Verdict failed = new QualityGate.Verdict("2026-11-02", List.of(NDCG_FELL, COVERAGE_OK), false, false);

    String html = EvaluationReport.html("test", result(List.of("pipeline")), List.of(), Optional.of(failed), List.of());

    assertThat(html).contains("<h2>Quality gate</h2>", "Failed</span> against dt=2026-11-02",
        "<li>pipeline ndcg@10 fell 30.0% (0.1000 -&gt; 0.0700, limit 20%)</li>", "<td>pipeline ndcg@10</td><td>0.1000</td><td>0.0700</td><td>-30.0%</td>");
    assertThat(html.indexOf("Quality gate")).isLessThan(html.indexOf("Rows in"));
  }

  @Test
  void aForcedPublishSaysSo() {
    QualityGate.Verdict forced = new QualityGate.Verdict("2026-11-02", List.of(NDCG_FELL), false, false).force();

    assertThat(GateSection.html(Optional.of(forced)))
        .contains("Forced publish</span>: the gate failed against dt=2026-11-02", "pipeline ndcg@10 fell 30.0%");
  }

  @Test
  void publishPutsTheVerdictItReachedInPlaceOfThePreview() {
    QualityGate.Verdict failed = new QualityGate.Verdict("2026-11-02", List.of(NDCG_FELL), false, false);
    String previewed = EvaluationReport.html("test", result(List.of("pipeline")), List.of(), Optional.of(failed), List.of());

    String published = EvaluationReport.withVerdict(previewed, failed.force());

    assertThat(published).contains("Forced publish").doesNotContain("Failed</span>")
        .endsWith(previewed.substring(previewed.indexOf("<h2>Trend</h2>")));
    assertThat(published.split("<h2>Quality gate</h2>").length - 1).isEqualTo(1);
  }

  @Test
  void aFirstNightPassesWithNothingCompared() {
    QualityGate.Verdict first = new QualityGate.Verdict(null, List.of(), true, false);

    assertThat(GateSection.html(Optional.of(first)))
        .contains("Passed</span>: nothing compared (no earlier published night).").doesNotContain("<table>");
    assertThat(GateSection.html(Optional.empty())).contains("No verdict");
  }

  @Test
  void aFirstNightsTrendDrawsOneChartPerFigureFromItsOnePoint() {
    List<MetricTrend.Point> trend = List.of(new MetricTrend.Point(TONIGHT, MetricId.PUBLISHED_NDCG, 0.08),
        new MetricTrend.Point(TONIGHT, MetricId.PUBLISHED_COVERAGE, 0.3),
        new MetricTrend.Point(TONIGHT, MetricId.PUBLISHED_COLD_ITEM_RECALL, 0.01));

    String section = TrendSection.html(trend);

    assertThat(section.split("data:image/png").length - 1).isEqualTo(3);
    assertThat(section).contains("here 1, 2026-11-03 to 2026-11-03", "<tr><td>2026-11-03</td><td>0.0800</td>");
  }

  @Test
  void aTrendWithoutTheEvaluationSaysSoAndDrawsNothing() {
    assertThat(TrendSection.html(List.of())).contains("not evaluated").doesNotContain("data:image/png");
  }
}

package dev.recs.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {
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

  @Test
  void reportHasADiversityTradeOffSectionWithOneRowAndOneLabelledPointPerLambda() {
    EvaluationResult r = result(List.of("pipeline_mmr_1.0", "pipeline_mmr_0.7", "pipeline_mmr_0.3"));

    String html = EvaluationReport.html("test", r, List.of());

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
    assertThat(EvaluationReport.html("test", result(List.of("pipeline", "popularity")), List.of()))
        .doesNotContain("Diversity trade-off", "<svg");
  }

  @Test
  void aLongCurveIsDrawnWithBoundedPointsKeepingItsHeadAndItsLastPoint() {
    int[] points = EvaluationReport.curvePoints(100_000);

    assertThat(points.length).isLessThanOrEqualTo(EvaluationReport.CURVE_POINTS + 1);
    assertThat(points).startsWith(0, 1, 2).endsWith(99_999).isSorted();
    assertThat(EvaluationReport.curvePoints(5)).containsExactly(0, 1, 2, 3, 4);
  }
}

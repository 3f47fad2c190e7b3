package dev.recs.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recs.core.config.GateParams;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityGateTest {
  private static final QualityGate GATE = new QualityGate(GateParams.defaults(), 20, 20);

  private static List<MetricRow> night(double ndcg, double coverage, double similar, double norm) {
    return List.of(
        new MetricRow("pipeline", "all", "ndcg", 10, ndcg),
        new MetricRow("pipeline", "history_1_10", "ndcg", 10, 0.0),
        new MetricRow("published", "all", "catalog_coverage", 20, coverage),
        new MetricRow("published", "all", "mean_similar_score", 20, similar),
        new MetricRow("published", "all", "mean_embedding_norm", 0, norm));
  }

  @Test
  void passesSmallMovesAndRecordsEveryCheck() {
    QualityGate.Verdict v = GATE.check("2026-11-01", night(0.10, 0.5, 0.9, 1.2), night(0.085, 0.4, 0.8, 1.0));
    assertThat(v.passed()).isTrue();
    assertThat(v.checks()).hasSize(4);
    assertThat(v.forced()).isFalse();
  }

  @Test
  void failsWhenNdcgFallsMoreThanTwentyPercentAndSaysByHowMuch() {
    QualityGate.Verdict v = GATE.check("2026-11-01", night(0.10, 0.5, 0.9, 1.2), night(0.07, 0.5, 0.9, 1.2));
    assertThat(v.passed()).isFalse();
    assertThat(v.failed()).singleElement()
        .satisfies(c -> assertThat(c.describe()).isEqualTo("pipeline ndcg@10 fell 30.0% (0.1000 -> 0.0700, limit 20%)"));
  }

  private static List<MetricRow> withError(List<MetricRow> night, double error) {
    List<MetricRow> out = new java.util.ArrayList<>(night);
    out.add(new MetricRow("pipeline", "all", "ndcg_se", 10, error));
    return out;
  }

  @Test
  void aFallWithinTheSamplingNoiseOfTheHeldOutUsersPasses() {
    // 0.10 -> 0.07 is 30% but within 3 standard errors of the difference (3 * hypot(0.01, 0.01) = 0.042)
    QualityGate.Verdict noisy =
        GATE.check("d", withError(night(0.10, 0.5, 0.9, 1.2), 0.01), withError(night(0.07, 0.5, 0.9, 1.2), 0.01));
    assertThat(noisy.passed()).isTrue();
    // a collapse is beyond both the limit and the noise, and the message says both
    QualityGate.Verdict broken =
        GATE.check("d", withError(night(0.10, 0.5, 0.9, 1.2), 0.01), withError(night(0.02, 0.5, 0.9, 1.2), 0.005));
    assertThat(broken.failed()).singleElement().satisfies(c -> assertThat(c.describe())
        .isEqualTo("pipeline ndcg@10 fell 80.0% (0.1000 -> 0.0200, limit 20% or 3 standard errors = 0.0335)"));
  }

  @Test
  void failsWhenCoverageFallsMoreThanThirtyPercentButNotWhenItRises() {
    assertThat(GATE.check("d", night(0.1, 0.5, 0.9, 1.2), night(0.1, 0.3, 0.9, 1.2)).failed())
        .extracting(QualityGate.Check::metric).containsExactly("published catalog_coverage@20");
    assertThat(GATE.check("d", night(0.1, 0.5, 0.9, 1.2), night(0.1, 0.9, 0.9, 1.2)).passed()).isTrue();
  }

  @Test
  void embeddingDriftFailsEitherWay() {
    assertThat(GATE.check("d", night(0.1, 0.5, 0.9, 1.0), night(0.1, 0.5, 0.9, 1.6)).failed())
        .extracting(QualityGate.Check::metric).containsExactly("published mean_embedding_norm");
    assertThat(GATE.check("d", night(0.1, 0.5, 0.9, 1.0), night(0.1, 0.5, 0.9, 0.4)).passed()).isFalse();
  }

  @Test
  void firstNightMissingMetricsAndDisabledGateAlwaysPass() {
    assertThat(GATE.check(null, List.of(), night(0.0, 0.0, 0.0, 0.0)).passed()).isTrue();
    List<MetricRow> noEval = night(0.1, 0.5, 0.9, 1.0).subList(2, 5);
    assertThat(GATE.check("d", night(0.1, 0.5, 0.9, 1.0), noEval, false).checks()).hasSize(3);
    assertThat(GATE.check("d", noEval, night(0.1, 0.5, 0.9, 1.0)).checks()).hasSize(3);
    QualityGate off = new QualityGate(new GateParams(false, 0.2, 0.3, 0.5), 20, 20);
    assertThat(off.check("d", night(0.1, 0.5, 0.9, 1.0), night(0.0, 0.0, 0.0, 0.0)).passed()).isTrue();
  }

  @Test
  void aFigureTheGateMustCheckMissingTonightFailsTheRunNamingIt() {
    List<MetricRow> noNdcg = night(0.1, 0.5, 0.9, 1.0).subList(1, 5);
    assertThatThrownBy(() -> GATE.check("d", night(0.1, 0.5, 0.9, 1.0), noNdcg))
        .isInstanceOfSatisfying(dev.recs.core.api.PipelineException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("no pipeline ndcg@10").hasMessageContaining("eval.enabled = true");
    List<MetricRow> noNorm = night(0.1, 0.5, 0.9, 1.0).subList(0, 4);
    assertThatThrownBy(() -> GATE.check(null, List.of(), noNorm))
        .hasMessageContaining("no published mean_embedding_norm").hasMessageContaining("gate.enabled = true");
  }

  @Test
  void forcingAFailedVerdictKeepsItsChecksAndMarksItForced() {
    QualityGate.Verdict v = GATE.check("d", night(0.1, 0.5, 0.9, 1.0), night(0.01, 0.5, 0.9, 1.0)).force();
    assertThat(v.forced()).isTrue();
    assertThat(v.passed()).isFalse();
    assertThat(v.failed()).hasSize(1);
  }
}

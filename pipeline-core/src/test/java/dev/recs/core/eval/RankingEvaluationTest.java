package dev.recs.core.eval;

import static dev.recs.core.eval.EvalFixtures.events;
import static dev.recs.core.eval.EvalFixtures.fixed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.recs.core.config.EvalParams;
import dev.recs.core.scoring.EmbeddingIndex;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class RankingEvaluationTest {
  private static EvaluationResult result;

  @BeforeAll
  static void evaluate() {
    // train: u has a,b,c,d; v has a,b,c,d. test (latest fifth): u -> e (cold: no train event), v -> c2
    var interactions = events(
        "u a 1", "u b 2", "u c 3", "u d 4", "u e 9",
        "v a 1", "v b 2", "v c 3", "v d 4", "v x 9");
    EmbeddingIndex index = EmbeddingIndex.of(
        new String[] {"e", "x", "y", "z"}, new float[] {1, 0, 1, 0, 0, 1, 0, 1}, 2);
    result = new RankingEvaluation(EvalParams.defaults()).evaluate(
        interactions,
        List.of(fixed("perfect", "u e y", "v x y"), fixed("second", "u y e", "v y z")),
        10, index);
  }

  @Test
  void scoresRankingMetricsAgainstHeldOutItems() {
    assertThat(result.testUsers()).isEqualTo(2);
    assertThat(result.value("perfect", "ndcg", 5)).hasValue(1.0);
    assertThat(result.value("perfect", "hit_rate", 5)).hasValue(1.0);
    assertThat(result.value("perfect", "precision", 5)).hasValue(0.2);
    // u finds e at rank 2: dcg 1/log2(3); v finds nothing
    assertThat(result.value("second", "ndcg", 5).orElseThrow()).isCloseTo((1 / (Math.log(3) / Math.log(2))) / 2, within(1e-9));
    assertThat(result.value("second", "hit_rate", 5)).hasValue(0.5);
    assertThat(result.value("second", "recall", 1)).isEmpty();
  }

  @Test
  void measuresCoverageColdItemRecallAndDiversity() {
    assertThat(result.value("perfect", "coverage", 5)).hasValue(3 / 10.0);
    assertThat(result.value("perfect", "cold_item_recall", 5)).hasValue(1.0);
    assertThat(result.value("second", "cold_item_recall", 5)).hasValue(0.5);
    // u: e,y orthogonal -> 1; v: x,y orthogonal -> 1
    assertThat(result.value("perfect", "diversity", 5)).hasValue(1.0);
    assertThat(result.value("second", "diversity", 5).orElseThrow()).isCloseTo(0.5, within(1e-6));
  }

  @Test
  void reportsSegmentsByHistoryLength() {
    assertThat(result.metrics()).anySatisfy(m -> {
      assertThat(m.segment()).isEqualTo("history_0_9");
      assertThat(m.metric()).isEqualTo("users");
      assertThat(m.value()).isEqualTo(2.0);
    });
  }

  @Test
  void reportIsOneSelfContainedPageWithTablesAndPlots() {
    String html = EvaluationReport.html("test", result, List.of(new dev.recs.core.ingest.IngestCounts("interactions", 10, 10, 0, 0, 0)),
        java.util.Optional.empty(), List.of());

    assertThat(html).contains("<table>", "ndcg@10", "winner", "data:image/png;base64,", "interactions");
    assertThat(html).doesNotContain("http://", "https://", "<script");
    assertThat(html.split("data:image/png").length - 1).isEqualTo(5);
  }
}

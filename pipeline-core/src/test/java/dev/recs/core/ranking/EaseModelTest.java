package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.EaseParams;
import dev.recs.core.schema.Table;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class EaseModelTest {
  @Test
  void weightsAreMinusTheInverseGramScaledByItsDiagonalWithAZeroDiagonal() {
    // X'X = [[2, 1], [1, 2]], lambda 1: P = inverse([[3, 1], [1, 3]]) = [[3, -1], [-1, 3]] / 8,
    // so B_01 = -P_01 / P_11 = 1/3 and B_10 = 1/3
    float[] b = EaseModel.solve(new int[] {2, 1, 1, 2}, 2, 1.0);

    assertThat(b[0]).isZero();
    assertThat(b[3]).isZero();
    assertThat(b[1]).isCloseTo(1f / 3, within(1e-5f));
    assertThat(b[2]).isCloseTo(1f / 3, within(1e-5f));
  }

  @Test
  void scoresItemsThatCoOccurWithTheHistoryAboveOthersAndKeepsTheMostUsedItems() {
    List<Row> rows = new ArrayList<>();
    String[] pairs = {"v a", "v b", "w a", "w b", "x c", "y c", "z c", "u a", "t d"};
    for (int i = 0; i < pairs.length; i++) {
      String[] ui = pairs[i].split(" ");
      rows.add(RowFactory.create(ui[0], ui[1], "view", null, new Timestamp(1000L * i)));
    }
    Dataset<Row> history = SharedSpark.session().createDataFrame(rows, Table.INTERACTIONS.sparkSchema());

    EaseModel ease = EaseModel.fit(history, new EaseParams(1.0, 3, 10, 0, 1, 0));

    // the 3 most used items: a (3 users), c (3), b (2); d (1 user) is left out
    assertThat(ease.size()).isEqualTo(3);
    assertThat(ease.position("d")).isEqualTo(-1);
    float[] scores = ease.score(new int[] {ease.position("a")}, new float[] {1f});
    assertThat(scores[ease.position("b")]).isGreaterThan(0f).isGreaterThan(scores[ease.position("c")]);
  }

  @Test
  void weighsTheLatestItemMostAndPicksTheBestUnseenItems() {
    // B: a adds 1 to x, b adds 1 to y, x adds 0.5 to a; a history [a, b] given latest first
    String[] ids = {"a", "b", "x", "y"};
    float[] b = new float[16];
    b[0 * 4 + 2] = 1f;
    b[1 * 4 + 3] = 1f;
    b[2 * 4 + 0] = 0.5f;
    EaseModel ease = new EaseModel(ids, b);
    EaseParams recentCountsTriple = new EaseParams(1.0, 4, 2, 2, 1e-3, 0);

    float[] scores = ease.scoreLatestFirst(List.of("a", "unknown", "b"), recentCountsTriple);

    // a is the latest (weight 3); b is two places back (weight 1), the unknown item adds nothing
    assertThat(scores).containsExactly(0f, 0f, 3f, 1f);
    assertThat(ease.bestUnseen(scores, java.util.Set.of("a", "b"), 1)).containsExactly(2);
    assertThat(ease.bestUnseen(scores, java.util.Set.of("x"), 1)).containsExactly(3);
    assertThat(ease.scoreLatestFirst(List.of("unknown"), recentCountsTriple)).isNull();
  }
}

package dev.recs.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class ItemColdStartTest {
  @Test
  void aucCountsPositivesAboveNegativesAndTiesAsHalf() {
    assertThat(ColdStartMetrics.auc(new double[] {3, 2}, new double[] {1, 0})).isEqualTo(1.0);
    assertThat(ColdStartMetrics.auc(new double[] {0}, new double[] {1, 2})).isEqualTo(0.0);
    assertThat(ColdStartMetrics.auc(new double[] {1}, new double[] {1, 0})).isEqualTo(0.75);
  }

  @Test
  void collaborativeNeighboursRankByCosineOverUsers() {
    // item 0: users 0,1; item 1: users 0,1 (cosine 1); item 2: users 1,2,3,4 (cosine 1/sqrt(8))
    Map<Integer, int[]> itemUsers = Map.of(0, new int[] {0, 1}, 1, new int[] {0, 1}, 2, new int[] {1, 2, 3, 4});
    Map<Integer, int[]> userItems = Map.of(0, new int[] {0, 1}, 1, new int[] {0, 1, 2}, 2, new int[] {2},
        3, new int[] {2}, 4, new int[] {2});
    assertThat(ColdStartMetrics.collaborativeNeighbours(0, itemUsers, userItems, 1)).containsExactly(1);
    assertThat(ColdStartMetrics.collaborativeNeighbours(0, itemUsers, userItems, 5)).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void neighbourPrecisionIsTheShareOfTheTopTenAmongTheTruth() {
    // 12 items on a line of angles: item 0's 10 nearest are 1..10
    float[][] v = new float[12][];
    for (int i = 0; i < 12; i++) {
      v[i] = new float[] {(float) Math.cos(i * 0.1), (float) Math.sin(i * 0.1)};
    }
    Map<Integer, Set<Integer>> truth = Map.of(0, Set.of(1, 2, 3, 4, 11));
    assertThat(ColdStartMetrics.neighbourPrecision(v, new int[] {0}, truth)).isCloseTo(0.4, within(1e-9));
  }
}

package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImplicitAlsFitTest {
  private static final int RANK = 4;

  /** Users 0-19 take items 0-4, users 20-39 items 5-9; item 10 has no events. */
  private static ImplicitAlsFit.Rows twoAudiences() {
    List<Integer> offsets = new ArrayList<>(List.of(0));
    List<Integer> columns = new ArrayList<>();
    for (int u = 0; u < 40; u++) {
      int base = u < 20 ? 0 : 5;
      for (int i = 0; i < 5; i++) {
        if ((u + i) % 4 != 0) {
          columns.add(base + i);
        }
      }
      offsets.add(columns.size());
    }
    float[] counts = new float[columns.size()];
    java.util.Arrays.fill(counts, 1f);
    return new ImplicitAlsFit.Rows(offsets.stream().mapToInt(Integer::intValue).toArray(),
        columns.stream().mapToInt(Integer::intValue).toArray(), counts);
  }

  @Test
  void aUserScoresTheUnseenItemOfTheirAudienceAboveEveryItemOfTheOther() {
    float[] y = ImplicitAlsFit.itemFactors(twoAudiences(), 11, RANK, 6, 0.1, 1.0, 7L);
    // user 0 took items 1, 2 and 3: (0 + i) % 4 == 0 leaves out items 0 and 4
    int[] items = {1, 2, 3};
    float[] x = ImplicitAlsFit.solve(y, ImplicitAlsFit.gram(y, RANK), RANK, items, new float[] {1f, 1f, 1f}, 0, 3, 0.1, 1.0);

    double best = Double.NEGATIVE_INFINITY;
    for (int other = 5; other < 10; other++) {
      best = Math.max(best, dot(x, y, other));
    }
    assertThat(dot(x, y, 0)).isGreaterThan(best);
    assertThat(dot(x, y, 4)).isGreaterThan(best);
  }

  @Test
  void anItemWithoutEventsHasZeroFactors() {
    float[] y = ImplicitAlsFit.itemFactors(twoAudiences(), 11, RANK, 3, 0.1, 1.0, 7L);

    for (int j = 0; j < RANK; j++) {
      assertThat(y[10 * RANK + j]).isZero();
    }
  }

  @Test
  void theSameSeedGivesTheSameFactors() {
    assertThat(ImplicitAlsFit.itemFactors(twoAudiences(), 11, RANK, 3, 0.1, 1.0, 7L))
        .containsExactly(ImplicitAlsFit.itemFactors(twoAudiences(), 11, RANK, 3, 0.1, 1.0, 7L));
  }

  @Test
  void aSolvedRowSetsTheGradientOfItsObjectiveToZero() {
    float[] y = ImplicitAlsFit.itemFactors(twoAudiences(), 11, RANK, 3, 0.1, 1.0, 7L);
    double[] gram = ImplicitAlsFit.gram(y, RANK);
    int[] items = {0, 2, 3};
    float[] counts = {1f, 3f, 2f};
    double lambda = 0.1;
    double alpha = 1.0;

    float[] x = ImplicitAlsFit.solve(y, gram, RANK, items, counts, 0, items.length, lambda, alpha);

    // objective: sum over all items c_i (p_i - x.y_i)^2 + lambda n |x|^2, c_i = 1 + alpha r_i
    for (int q = 0; q < RANK; q++) {
      double gradient = 2 * lambda * items.length * x[q];
      for (int i = 0; i < 11; i++) {
        int at = java.util.Arrays.binarySearch(items, i);
        double c = at >= 0 ? 1 + alpha * counts[at] : 1;
        double p = at >= 0 ? 1 : 0;
        double dot = 0;
        for (int j = 0; j < RANK; j++) {
          dot += x[j] * y[i * RANK + j];
        }
        gradient += -2 * c * (p - dot) * y[i * RANK + q];
      }
      assertThat(gradient).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  private static double dot(float[] x, float[] y, int item) {
    double dot = 0;
    for (int j = 0; j < RANK; j++) {
      dot += x[j] * y[item * RANK + j];
    }
    return dot;
  }
}

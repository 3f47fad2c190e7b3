package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NdcgTest {
  @Test
  void averagesBinaryNdcgOverUsersSkippingUsersWithoutPositives() {
    float[] scores = {0.9f, 0.8f, 0.1f, /* user 2 */ 0.2f, 0.7f, /* user 3 */ 0.5f};
    float[] labels = {1, 0, 0, /* user 2 */ 1, 0, /* user 3 */ 0};
    int[] starts = {0, 3, 5};

    double ndcg = Ndcg.mean(scores, labels, starts, 10);

    // user 1: hit at rank 1 -> 1; user 2: hit at rank 2 -> 1/log2(3); user 3 skipped
    assertThat(ndcg).isCloseTo((1 + 1 / (Math.log(3) / Math.log(2))) / 2, within(1e-9));
  }
}

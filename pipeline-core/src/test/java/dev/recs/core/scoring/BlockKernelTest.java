package dev.recs.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockKernelTest {
  @Test
  void largestFindsTheNthLargestLikeASortIncludingDuplicates() {
    Random random = new Random(3);
    for (int trial = 0; trial < 500; trial++) {
      int size = 1 + random.nextInt(100);
      float[] v = new float[size];
      for (int i = 0; i < size; i++) {
        v[i] = random.nextInt(trial % 2 == 0 ? 10 : 1000) / 7f;
      }
      int n = 1 + random.nextInt(size);
      float[] sorted = v.clone();
      Arrays.sort(sorted);

      assertThat(BlockKernel.largest(v.clone(), size, n)).as("trial %d", trial).isEqualTo(sorted[size - n]);
    }
  }

  @Test
  void selectKeepsTheBestKOfEveryRowSkippingTheItemItself() {
    Random random = new Random(5);
    int rows = 7;
    int cols = 300;
    int k = 5;
    float[] scores = new float[rows * cols];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = random.nextInt(50) / 10f;
    }
    int[] left = {0, 1, 2, 3, 4, 5, 6};
    int[] right = new int[cols];
    Arrays.setAll(right, j -> j);
    TopKAccumulator[] heaps = new TopKAccumulator[rows];
    for (int i = 0; i < rows; i++) {
      heaps[i] = new TopKAccumulator(k);
    }

    new BlockKernel(4).select(scores, left, right, heaps);

    for (int i = 0; i < rows; i++) {
      TopKAccumulator expected = new TopKAccumulator(k);
      for (int j = 0; j < cols; j++) {
        if (j != i) {
          expected.offer(j, scores[i * cols + j]);
        }
      }
      assertThat(heaps[i].sortedIndices()).as("row %d", i).containsExactly(expected.sortedIndices());
    }
  }
}

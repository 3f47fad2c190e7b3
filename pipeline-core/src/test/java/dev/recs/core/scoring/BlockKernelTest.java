package dev.recs.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
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
  void selectKeepsTheExactBestKOfEveryRowWhateverTheBlasErrorSkippingTheItemItselfTiesToTheLowerId() {
    Random random = new Random(5);
    int rows = 7;
    int cols = 300;
    int dim = 4;
    int k = 5;
    // small integer coordinates: exact scores are integers, full of ties
    float[] leftVectors = integers(random, rows * dim);
    float[] rightVectors = integers(random, cols * dim);
    double rightNorm = Dot.maxNorm(rightVectors, cols, dim);
    // what a BLAS of another CPU might return: the exact score off by up to the margin
    float[] blas = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      float margin = Dot.margin(dim, Dot.norm(leftVectors, i * dim, dim), rightNorm);
      for (int j = 0; j < cols; j++) {
        float exact = Dot.exact(leftVectors, i * dim, rightVectors, j * dim, dim);
        blas[i * cols + j] = exact + (float) ((random.nextDouble() * 2 - 1) * margin);
      }
    }
    int[] left = {0, 1, 2, 3, 4, 5, 6};
    int[] right = new int[cols];
    Arrays.setAll(right, j -> j);
    TopKAccumulator[] heaps = new TopKAccumulator[rows];
    for (int i = 0; i < rows; i++) {
      heaps[i] = new TopKAccumulator(k);
    }

    new BlockKernel(dim).select(blas, leftVectors, left, rightVectors, right, heaps);

    for (int i = 0; i < rows; i++) {
      TopKAccumulator expected = new TopKAccumulator(k);
      for (int j = 0; j < cols; j++) {
        if (j != i) {
          expected.offer(j, Dot.exact(leftVectors, i * dim, rightVectors, j * dim, dim));
        }
      }
      assertThat(heaps[i].sortedIndices()).as("row %d", i).containsExactly(expected.sortedIndices());
      assertThat(heaps[i].sortedScores()).as("row %d", i).containsExactly(expected.sortedScores());
    }
  }

  @Test
  void aPairLeftOutWithMinusInfinityIsNeverSelected() {
    int dim = 2;
    float[] leftVectors = {1, 0};
    float[] rightVectors = {1, 0, 0.5f, 0.5f, 0, 1};
    float[] blas = {Float.NEGATIVE_INFINITY, 0.5f, 0f};
    TopKAccumulator[] heaps = {new TopKAccumulator(3)};

    new BlockKernel(dim).select(blas, leftVectors, new int[] {9}, rightVectors, new int[] {0, 1, 2}, heaps);

    assertThat(heaps[0].sortedIndices()).containsExactly(1, 2);
  }

  private static float[] integers(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextInt(7) - 3;
    }
    return v;
  }
}

package dev.recs.core.scoring;

import dev.recs.core.model.NdArrays;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact top-K by cosine of a block of query vectors against every item of an {@link
 * EmbeddingIndex}: one {@code (b × d)·(d × n)} multiply through ND4J's BLAS, then a bounded heap
 * per query. Exact rather than LSH: on this kind of data LSH needs so many tables for 0.9 recall
 * that it costs half a cross join (see the measurements in the project notes).
 *
 * <p>Not thread-safe; build one per partition.
 */
public final class CosineTopK {
  private final EmbeddingIndex index;
  private final INDArray items;
  private final BlockKernel kernel;

  public CosineTopK(EmbeddingIndex index) {
    this.index = index;
    this.items = NdArrays.matrix(index.unitVectors(), index.size(), index.dim());
    this.kernel = new BlockKernel(index.dim());
  }

  /** Result for one query: item positions and cosines, best first. */
  public record Hits(int[] positions, float[] scores) {}

  /**
   * Top {@code k} items for each query row of {@code queries} (row-major, {@code b × dim}),
   * never returning a position listed in that query's {@code excluded} (sorted ascending).
   */
  public Hits[] search(float[] queries, int b, int k, int[][] excluded) {
    Hits[] out = new Hits[b];
    if (b == 0 || index.size() == 0) {
      Arrays.fill(out, new Hits(new int[0], new float[0]));
      return out;
    }
    // into the kernel's reused buffer: an mmul plus dup plus asFloat() (an element-by-element
    // copy) cost 5x the multiply at 100k items
    INDArray queryMatrix = NdArrays.matrix(queries, b, index.dim());
    float[] scores = kernel.multiply(queryMatrix, items);
    NdArrays.release(queryMatrix);
    int n = index.size();
    TopKAccumulator top = new TopKAccumulator(k);
    for (int r = 0; r < b; r++) {
      top.clear();
      int[] skip = excluded[r];
      int base = r * n;
      float threshold = top.threshold();
      for (int i = 0; i < n; i++) {
        float s = scores[base + i];
        // look up exclusions only for the few candidates that would enter the heap
        if (s >= threshold && top.accepts(i, s) && (skip.length == 0 || Arrays.binarySearch(skip, i) < 0)) {
          top.offer(i, s);
          threshold = top.threshold();
        }
      }
      out[r] = exact(queries, r, top.sortedIndices());
    }
    return out;
  }

  /**
   * The winners re-scored by a plain dot product in a fixed order and re-sorted (ties: lower
   * position). A BLAS result can differ in the last bit with the other rows of its batch (which
   * users share a partition, e.g. after a retried task); the published scores must not.
   */
  private Hits exact(float[] queries, int row, int[] winners) {
    int dim = index.dim();
    float[] unit = index.unitVectors();
    Integer[] order = new Integer[winners.length];
    float[] exact = new float[winners.length];
    for (int w = 0; w < winners.length; w++) {
      double dot = 0;
      for (int j = 0; j < dim; j++) {
        dot += (double) queries[row * dim + j] * unit[winners[w] * dim + j];
      }
      exact[w] = (float) dot;
      order[w] = w;
    }
    Arrays.sort(order, (a, c) -> exact[a] != exact[c] ? Float.compare(exact[c], exact[a]) : Integer.compare(winners[a], winners[c]));
    int[] positions = new int[winners.length];
    float[] scores = new float[winners.length];
    for (int w = 0; w < winners.length; w++) {
      positions[w] = winners[order[w]];
      scores[w] = exact[order[w]];
    }
    return new Hits(positions, scores);
  }
}

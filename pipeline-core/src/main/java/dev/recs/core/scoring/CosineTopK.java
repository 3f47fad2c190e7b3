package dev.recs.core.scoring;

import dev.recs.core.model.NdArrays;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact top-K by cosine of a block of query vectors against every item of an {@link
 * EmbeddingIndex}: one {@code (b × d)·(d × n)} multiply through ND4J's BLAS, then a bounded heap
 * per query, fed {@link Dot#exact} scores of the pairs the BLAS scores do not rule out (so the
 * hits and their scores do not depend on the CPU's kernel or on which users share a batch; ties:
 * lower position). Exact rather than LSH: on this kind of data LSH needs so many tables for 0.9 recall
 * that it costs half a cross join (see the measurements in the project notes).
 *
 * <p>Not thread-safe; build one per partition.
 */
public final class CosineTopK {
  private final EmbeddingIndex index;
  private final INDArray items;
  private final BlockKernel kernel;
  private final double itemNorm;

  public CosineTopK(EmbeddingIndex index) {
    this.index = index;
    this.items = NdArrays.matrix(index.unitVectors(), index.size(), index.dim());
    this.kernel = new BlockKernel(index.dim());
    this.itemNorm = Dot.maxNorm(index.unitVectors(), index.size(), index.dim());
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
    int dim = index.dim();
    float[] unit = index.unitVectors();
    TopKAccumulator top = new TopKAccumulator(k);
    for (int r = 0; r < b; r++) {
      top.clear();
      int[] skip = excluded[r];
      int base = r * n;
      int query = r * dim;
      float margin = Dot.margin(dim, Dot.norm(queries, query, dim), itemNorm);
      float bar = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        // the BLAS score only screens; the heap holds exact scores (look up exclusions only for
        // the few candidates that would enter it)
        if (scores[base + i] >= bar) {
          float s = Dot.exact(queries, query, unit, i * dim, dim);
          if (top.accepts(i, s) && (skip.length == 0 || Arrays.binarySearch(skip, i) < 0)) {
            top.offer(i, s);
            bar = top.threshold() - margin;
          }
        }
      }
      out[r] = new Hits(top.sortedIndices(), top.sortedScores());
    }
    return out;
  }
}

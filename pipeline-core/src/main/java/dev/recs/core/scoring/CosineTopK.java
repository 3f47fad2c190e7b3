package dev.recs.core.scoring;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
  private final INDArray itemsTransposed;

  public CosineTopK(EmbeddingIndex index) {
    this.index = index;
    this.itemsTransposed =
        Nd4j.create(index.unitVectors(), new long[] {index.size(), index.dim()}, DataType.FLOAT)
            .transpose()
            .dup('c');
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
    INDArray q = Nd4j.create(queries, new long[] {b, index.dim()}, DataType.FLOAT);
    float[] scores = q.mmul(itemsTransposed).dup('c').data().asFloat();
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
      out[r] = new Hits(top.sortedIndices(), top.sortedScores());
    }
    return out;
  }
}

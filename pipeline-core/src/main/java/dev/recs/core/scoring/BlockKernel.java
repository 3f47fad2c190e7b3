package dev.recs.core.scoring;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The inner step of exact top-K similarity: one block of left rows against one block of right
 * rows. One single-precision GEMM ({@code left · rightᵀ}, ND4J's BLAS) into a reused output
 * buffer, then one pass over the scores feeding a bounded heap per left row, which rejects most
 * scores with a single comparison. Rows are unit vectors, so the dot product is the cosine.
 *
 * <p>Not thread-safe: it owns its output buffer. One per task.
 */
public final class BlockKernel {
  private final int dim;
  private INDArray out;
  private float[] scores = new float[0];

  public BlockKernel(int dim) {
    this.dim = dim;
  }

  /** Row-major {@code rows × dim} floats as an ND4J matrix (no copy of the layout logic elsewhere). */
  public static INDArray matrix(float[] rowMajor, int rows, int dim) {
    return Nd4j.create(rowMajor, new long[] {rows, dim}, DataType.FLOAT);
  }

  /** {@code left · rightᵀ} into the kernel's buffer, returned row-major ({@code l × r}). */
  public float[] multiply(INDArray left, INDArray right) {
    int l = (int) left.rows();
    int r = (int) right.rows();
    if (out == null || out.rows() != l || out.columns() != r) {
      out = Nd4j.createUninitialized(DataType.FLOAT, l, r).dup('c');
    }
    Nd4j.gemm(left, right, out, false, true, 1.0, 0.0);
    int n = l * r;
    if (scores.length != n) {
      scores = new float[n];
    }
    out.data().asNioFloat().get(scores, 0, n);
    return scores;
  }

  /**
   * Offers every (left row, right row) score to {@code heaps[leftRow]}; candidate ids are
   * {@code rightIds[j]}; a pair with the same id on both sides (an item and itself) is skipped.
   */
  public void topK(INDArray left, int[] leftIds, INDArray right, int[] rightIds, TopKAccumulator[] heaps) {
    float[] s = multiply(left, right);
    int r = rightIds.length;
    for (int i = 0; i < leftIds.length; i++) {
      TopKAccumulator heap = heaps[i];
      int self = leftIds[i];
      int base = i * r;
      for (int j = 0; j < r; j++) {
        float v = s[base + j];
        if (heap.accepts(rightIds[j], v) && rightIds[j] != self) {
          heap.offer(rightIds[j], v);
        }
      }
    }
  }

  public int dim() {
    return dim;
  }
}

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
   *
   * <p>A row's scores are screened against a running threshold into a small buffer; when the
   * buffer fills, it is cut back to its best {@code k} and the threshold rises to the k-th
   * score. Only the survivors reach the heap: a heap insertion per passing score cost three
   * times the multiply itself (measured by {@code scripts/bench-kernel.sh}).
   */
  public void topK(INDArray left, int[] leftIds, INDArray right, int[] rightIds, TopKAccumulator[] heaps) {
    select(multiply(left, right), leftIds, rightIds, heaps);
  }

  /** The selection half of {@link #topK}, over row-major scores {@code leftIds × rightIds}. */
  public void select(float[] s, int[] leftIds, int[] rightIds, TopKAccumulator[] heaps) {
    int r = rightIds.length;
    int chunks = (r + CHUNK - 1) / CHUNK;
    if (chunkMax.length < chunks) {
      chunkMax = new float[chunks];
      sortedMax = new float[chunks];
    }
    for (int i = 0; i < leftIds.length; i++) {
      TopKAccumulator heap = heaps[i];
      int k = heap.capacity();
      ensureBuffer(4 * k);
      int self = leftIds[i];
      int base = i * r;
      // pass 1 (branch-free, vectorisable): each chunk's maximum. The k-th largest chunk maximum
      // is a safe threshold: k chunks each hold a score at least that high.
      for (int c = 0; c < chunks; c++) {
        float m = Float.NEGATIVE_INFINITY;
        int to = Math.min(r, (c + 1) * CHUNK);
        for (int j = c * CHUNK; j < to; j++) {
          float v = s[base + j];
          m = v > m ? v : m;
        }
        chunkMax[c] = m;
      }
      float threshold = heap.threshold();
      if (chunks > k + 1) {
        System.arraycopy(chunkMax, 0, sortedMax, 0, chunks);
        java.util.Arrays.sort(sortedMax, 0, chunks);
        // k + 1: the item itself may be one of the chunk maxima
        threshold = Math.max(threshold, sortedMax[chunks - k - 1]);
      }
      // pass 2: only chunks that can hold a survivor
      int held = 0;
      for (int c = 0; c < chunks; c++) {
        if (chunkMax[c] < threshold) {
          continue;
        }
        int to = Math.min(r, (c + 1) * CHUNK);
        for (int j = c * CHUNK; j < to; j++) {
          float v = s[base + j];
          if (v >= threshold && rightIds[j] != self) {
            bufferScores[held] = v;
            bufferIds[held++] = rightIds[j];
            if (held == bufferScores.length) {
              held = keepBest(held, k);
              threshold = Math.max(threshold, bufferScores[kthPosition]);
            }
          }
        }
      }
      held = keepBest(held, k);
      for (int b = 0; b < held; b++) {
        heap.offer(bufferIds[b], bufferScores[b]);
      }
    }
  }

  private static final int CHUNK = 32;
  private float[] chunkMax = new float[0];
  private float[] sortedMax = new float[0];

  private float[] bufferScores = new float[0];
  private int[] bufferIds = new int[0];
  private int kthPosition;

  private void ensureBuffer(int size) {
    if (bufferScores.length != size) {
      bufferScores = new float[size];
      bufferIds = new int[size];
    }
  }

  /**
   * Moves the best {@code k} of the buffer's first {@code held} entries to its front (in no
   * particular order) by quickselect, without allocating; {@code kthPosition} is then the
   * position of the worst of them.
   */
  private int keepBest(int held, int k) {
    if (held <= k) {
      kthPosition = worst(held);
      return held;
    }
    int lo = 0;
    int hi = held - 1;
    while (lo < hi) {
      int p = partition(lo, hi, lo + (hi - lo) / 2);
      if (p == k - 1) {
        break;
      } else if (p < k - 1) {
        lo = p + 1;
      } else {
        hi = p - 1;
      }
    }
    kthPosition = worst(k);
    return k;
  }

  private int worst(int n) {
    int w = 0;
    for (int b = 1; b < n; b++) {
      if (before(w, b)) {
        w = b;
      }
    }
    return w;
  }

  /** Whether entry {@code a} ranks before entry {@code b}: higher score, then lower id. */
  private boolean before(int a, int b) {
    return bufferScores[a] > bufferScores[b] || (bufferScores[a] == bufferScores[b] && bufferIds[a] < bufferIds[b]);
  }

  private int partition(int lo, int hi, int pivot) {
    swap(pivot, hi);
    int store = lo;
    for (int b = lo; b < hi; b++) {
      if (before(b, hi)) {
        swap(b, store++);
      }
    }
    swap(store, hi);
    return store;
  }

  private void swap(int a, int b) {
    float s = bufferScores[a];
    bufferScores[a] = bufferScores[b];
    bufferScores[b] = s;
    int id = bufferIds[a];
    bufferIds[a] = bufferIds[b];
    bufferIds[b] = id;
  }

  public int dim() {
    return dim;
  }
}

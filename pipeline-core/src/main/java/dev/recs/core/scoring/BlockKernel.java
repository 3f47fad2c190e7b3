package dev.recs.core.scoring;

import dev.recs.core.model.NdArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The inner step of exact top-K similarity: one block of left rows against one block of right
 * rows. One single-precision GEMM ({@code left · rightᵀ}, ND4J's BLAS) into a reused output
 * buffer, then one pass over the scores feeding a bounded heap per left row, which rejects most
 * scores with a single comparison. Rows are unit vectors, so the dot product is the cosine. The
 * GEMM only screens: the few pairs that pass are rescored by {@link Dot#exact}, the score every
 * path publishes, so the result is the same on every CPU and in every blocking.
 *
 * <p>Not thread-safe: it owns its output buffer. One per task, closed when done: ND4J's buffers
 * live off the Java heap, and left to the garbage collector they piled up to the machine's memory
 * in a 1M-event night (the heap, little used by the multiplies, saw no collection to free them).
 */
public final class BlockKernel implements AutoCloseable {
  private final int dim;
  private INDArray out;
  private float[] scores = new float[0];

  public BlockKernel(int dim) {
    this.dim = dim;
  }

  /** {@code left · rightᵀ} into the kernel's buffer, returned row-major ({@code l × r}). */
  public float[] multiply(INDArray left, INDArray right) {
    int l = (int) left.rows();
    int r = (int) right.rows();
    if (out == null || out.rows() != l || out.columns() != r) {
      NdArrays.release(out);
      out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {l, r}, 'c');
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
   * Offers every (left row, right row) pair to {@code heaps[leftRow]}; candidate ids are
   * {@code rightIds[j]}; a pair with the same id on both sides (an item and itself) is skipped.
   * The heaps receive {@link Dot#exact} scores of {@code leftVectors} row i and {@code
   * rightVectors} row j (row-major, {@code dim} wide), never BLAS scores, so what is kept and its
   * score do not depend on the CPU's BLAS kernel or on which other rows share the block.
   */
  public void topK(
      INDArray left, float[] leftVectors, int[] leftIds, INDArray right, float[] rightVectors, int[] rightIds,
      TopKAccumulator[] heaps) {
    select(multiply(left, right), leftVectors, leftIds, rightVectors, rightIds, heaps);
  }

  /**
   * The selection half of {@link #topK}, over the BLAS scores {@code s} (row-major, {@code
   * leftIds × rightIds}). A BLAS score of minus infinity marks a pair to leave out.
   *
   * <p>A row's BLAS scores are screened against a running threshold, less {@link Dot#margin}; a
   * score that passes is recomputed exactly and, if the exact score still reaches the threshold,
   * held in a small buffer; when the buffer fills, it is cut back to its best {@code k} and the
   * threshold rises to the k-th exact score. Only the survivors reach the heap: a heap insertion
   * per passing score cost three times the multiply itself (measured by {@code
   * scripts/bench-kernel.sh}).
   */
  public void select(
      float[] s, float[] leftVectors, int[] leftIds, float[] rightVectors, int[] rightIds, TopKAccumulator[] heaps) {
    int r = rightIds.length;
    rowVectors = leftVectors;
    columnVectors = rightVectors;
    double rightNorm = Dot.maxNorm(rightVectors, r, dim);
    // chunk c = the strided columns c, c + chunks, c + 2·chunks, ...: their maxima come from an
    // element-wise max of consecutive slices, which vectorises (a max over each contiguous
    // 32-wide slice did not: 12 ms against 2.4 ms per 2048 x 2048 block)
    int chunks = Math.min(CHUNKS, r);
    int full = r / chunks * chunks;
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
      rowOffset = i * dim;
      margin = Dot.margin(dim, Dot.norm(leftVectors, rowOffset, dim), rightNorm);
      if (heap.threshold() != Float.NEGATIVE_INFINITY) {
        screen(s, base, r, self, rightIds, heap);
        continue;
      }
      // pass 1 (branch-free, vectorisable): each chunk's maximum. The k-th largest chunk maximum,
      // less the margin, is a safe exact threshold: k chunks each hold a pair at least that high.
      java.util.Arrays.fill(chunkMax, 0, chunks, Float.NEGATIVE_INFINITY);
      for (int t = base; t < base + full; t += chunks) {
        for (int c = 0; c < chunks; c++) {
          // Math.max, not a ternary: C2 vectorises MaxF, not a conditional move
          chunkMax[c] = Math.max(chunkMax[c], s[t + c]);
        }
      }
      for (int j = full; j < r; j++) {
        chunkMax[j - full] = Math.max(chunkMax[j - full], s[base + j]);
      }
      float threshold = heap.threshold();
      if (chunks > k + 1) {
        System.arraycopy(chunkMax, 0, sortedMax, 0, chunks);
        // k + 1: the item itself may be one of the chunk maxima
        threshold = Math.max(threshold, largest(sortedMax, chunks, k + 1) - margin);
      }
      // pass 2: only chunks that can hold a survivor
      held = 0;
      for (int c = 0; c < chunks; c++) {
        if (chunkMax[c] < threshold - margin) {
          continue;
        }
        for (int j = c; j < r; j += chunks) {
          threshold = hold(s[base + j], j, rightIds[j], self, threshold, k);
        }
      }
      offerHeld(heap, k);
    }
  }

  /**
   * One row against a heap that is already full: a plain scan against its k-th best score, which
   * after the first block of a task rejects nearly every score. (Cheaper than the chunk maxima:
   * a compare per score is a quarter of a running maximum per score on the machines measured.)
   */
  private void screen(float[] s, int base, int r, int self, int[] rightIds, TopKAccumulator heap) {
    int k = heap.capacity();
    float threshold = heap.threshold();
    float bar = threshold - margin;
    held = 0;
    for (int j = 0; j < r; j++) {
      float v = s[base + j];
      if (v >= bar) {
        threshold = hold(v, j, rightIds[j], self, threshold, k);
        bar = threshold - margin;
      }
    }
    offerHeld(heap, k);
  }

  /**
   * Buffers the pair (current row, right row {@code j}) with its exact score when its BLAS score
   * {@code v} is within the margin of {@code threshold} and its exact score reaches it (not the
   * row's own item, not a left-out pair); returns the threshold, raised to the buffer's k-th best
   * when the buffer filled and was cut.
   */
  private float hold(float v, int j, int id, int self, float threshold, int k) {
    if (v < threshold - margin || v == Float.NEGATIVE_INFINITY || id == self) {
      return threshold;
    }
    float exact = Dot.exact(rowVectors, rowOffset, columnVectors, j * dim, dim);
    if (exact < threshold) {
      return threshold;
    }
    bufferScores[held] = exact;
    bufferIds[held++] = id;
    if (held == bufferScores.length) {
      held = keepBest(held, k);
      return Math.max(threshold, bufferScores[kthPosition]);
    }
    return threshold;
  }

  /** The buffer's best {@code k} into {@code heap}. */
  private void offerHeld(TopKAccumulator heap, int k) {
    held = keepBest(held, k);
    for (int b = 0; b < held; b++) {
      heap.offer(bufferIds[b], bufferScores[b]);
    }
  }

  /** The {@code n}-th largest of {@code v[0..size)} by quickselect (reorders {@code v}). */
  static float largest(float[] v, int size, int n) {
    int target = size - n;
    int lo = 0;
    int hi = size - 1;
    while (lo < hi) {
      float pivot = v[lo + (hi - lo) / 2];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (v[i] < pivot) {
          i++;
        }
        while (v[j] > pivot) {
          j--;
        }
        if (i <= j) {
          float t = v[i];
          v[i++] = v[j];
          v[j--] = t;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        break;
      }
    }
    return v[target];
  }

  private static final int CHUNKS = 64;
  /** The row being selected: its vectors and offset, the right rows' vectors, the BLAS margin. */
  private float[] rowVectors;
  private int rowOffset;
  private float[] columnVectors;
  private float margin;
  private float[] chunkMax = new float[0];
  private float[] sortedMax = new float[0];

  private float[] bufferScores = new float[0];
  private int[] bufferIds = new int[0];
  /** Entries in the buffer. */
  private int held;
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

  /** Frees the output buffer. */
  @Override
  public void close() {
    NdArrays.release(out);
    out = null;
  }
}

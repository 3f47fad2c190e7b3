package dev.recs.core.scoring;

/**
 * The {@code k} best (index, score) pairs seen so far, as a bounded min-heap: most candidates are
 * rejected with one comparison against the current k-th best, which is what keeps exact top-K
 * cheap next to the matrix multiply. Equal scores prefer the lower index, so results do not
 * depend on the order candidates arrive in.
 */
public final class TopKAccumulator {
  private final int k;
  private final int[] index;
  private final float[] score;
  private int size;

  public TopKAccumulator(int k) {
    this.k = k;
    this.index = new int[k];
    this.score = new float[k];
  }

  public void clear() {
    size = 0;
  }

  /** How many it keeps. */
  public int capacity() {
    return k;
  }

  /**
   * The score a candidate must at least reach to be kept: the k-th best so far, or minus
   * infinity while fewer than k are held. Scanning loops compare against a local copy of it
   * and call {@link #accepts} only for the few scores that pass.
   */
  public float threshold() {
    return size < k ? Float.NEGATIVE_INFINITY : score[0];
  }

  /** Whether {@link #offer} would keep this candidate now. */
  public boolean accepts(int candidate, float value) {
    return size < k || isBetter(candidate, value, 0);
  }

  public void offer(int candidate, float value) {
    if (size < k) {
      index[size] = candidate;
      score[size] = value;
      siftUp(size++);
    } else if (isBetter(candidate, value, 0)) {
      index[0] = candidate;
      score[0] = value;
      siftDown(0);
    }
  }

  public int size() {
    return size;
  }

  /** Indices, best first. */
  public int[] sortedIndices() {
    int[] order = sortedPositions();
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      out[i] = index[order[i]];
    }
    return out;
  }

  /** Scores, best first, aligned with {@link #sortedIndices()}. */
  public float[] sortedScores() {
    int[] order = sortedPositions();
    float[] out = new float[size];
    for (int i = 0; i < size; i++) {
      out[i] = score[order[i]];
    }
    return out;
  }

  private int[] sortedPositions() {
    Integer[] pos = new Integer[size];
    for (int i = 0; i < size; i++) {
      pos[i] = i;
    }
    java.util.Arrays.sort(
        pos,
        (a, b) -> {
          int c = Float.compare(score[b], score[a]);
          return c != 0 ? c : Integer.compare(index[a], index[b]);
        });
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      out[i] = pos[i];
    }
    return out;
  }

  /** Whether (candidate, value) ranks above the heap entry at {@code pos}. */
  private boolean isBetter(int candidate, float value, int pos) {
    return value > score[pos] || (value == score[pos] && candidate < index[pos]);
  }

  private void siftUp(int pos) {
    while (pos > 0) {
      int parent = (pos - 1) / 2;
      if (!isBetter(index[parent], score[parent], pos)) {
        break;
      }
      swap(pos, parent);
      pos = parent;
    }
  }

  private void siftDown(int pos) {
    while (true) {
      int left = 2 * pos + 1;
      if (left >= size) {
        return;
      }
      int worst = left;
      int right = left + 1;
      if (right < size && isBetter(index[worst], score[worst], right)) {
        worst = right;
      }
      if (!isBetter(index[pos], score[pos], worst)) {
        return;
      }
      swap(pos, worst);
      pos = worst;
    }
  }

  private void swap(int a, int b) {
    int i = index[a];
    index[a] = index[b];
    index[b] = i;
    float s = score[a];
    score[a] = score[b];
    score[b] = s;
  }
}

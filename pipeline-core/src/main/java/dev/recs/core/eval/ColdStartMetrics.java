package dev.recs.core.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The figures of the item cold-start protocol ({@link ItemColdStart}), over items by position and
 * their unit vectors: the full data's collaborative neighbours, neighbour precision, per-user AUC.
 */
final class ColdStartMetrics {
  static final int K = 10;

  private ColdStartMetrics() {}

  /** The {@code n} items of highest cosine with {@code h} over users' distinct items (ties by position). */
  static Set<Integer> collaborativeNeighbours(
      int h, Map<Integer, int[]> itemUsers, Map<Integer, int[]> userItems, int n) {
    Map<Integer, Integer> co = new HashMap<>();
    for (int u : itemUsers.getOrDefault(h, new int[0])) {
      for (int j : userItems.get(u)) {
        if (j != h) {
          co.merge(j, 1, Integer::sum);
        }
      }
    }
    double nh = itemUsers.getOrDefault(h, new int[0]).length;
    List<double[]> scored = new ArrayList<>();
    co.forEach((j, c) -> scored.add(new double[] {c / Math.sqrt(nh * itemUsers.get(j).length), j}));
    scored.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
    Set<Integer> out = new HashSet<>();
    for (int i = 0; i < Math.min(n, scored.size()); i++) {
      out.add((int) scored.get(i)[1]);
    }
    return out;
  }

  /** Mean over hidden items of the share of their top-{@link #K} cosine neighbours in {@code truth}. */
  static double neighbourPrecision(float[][] v, int[] hidden, Map<Integer, Set<Integer>> truth) {
    return neighbourPrecision(v, hidden, truth, null);
  }

  /** Like {@link #neighbourPrecision(float[][], int[], Map)}, the neighbours drawn from {@code candidates} only (null: all). */
  static double neighbourPrecision(float[][] v, int[] hidden, Map<Integer, Set<Integer>> truth, boolean[] candidates) {
    double sum = 0;
    for (int h : hidden) {
      int[] top = topK(v, v[h], h, K, candidates);
      int right = 0;
      for (int j : top) {
        right += truth.get(h).contains(j) ? 1 : 0;
      }
      sum += right / (double) K;
    }
    return hidden.length == 0 ? 0.0 : sum / hidden.length;
  }

  private static int[] topK(float[][] v, float[] q, int exclude, int k, boolean[] candidates) {
    java.util.PriorityQueue<double[]> heap =
        new java.util.PriorityQueue<>((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(b[1], a[1]));
    for (int j = 0; j < v.length; j++) {
      if (j == exclude || candidates != null && !candidates[j]) {
        continue;
      }
      double s = dot(q, v[j]);
      if (heap.size() < k) {
        heap.add(new double[] {s, j});
      } else if (s > heap.peek()[0] || (s == heap.peek()[0] && j < heap.peek()[1])) {
        heap.poll();
        heap.add(new double[] {s, j});
      }
    }
    return heap.stream().mapToInt(a -> (int) a[1]).toArray();
  }

  /** Mean per-user AUC of profile scores over the hidden items: own hidden items against the others. */
  static double userAuc(
      float[][] v, int[] hidden, Map<Integer, int[]> trainItems, Map<Integer, Set<Integer>> hiddenOf) {
    double sum = 0;
    int users = 0;
    int dim = v[0].length;
    for (Map.Entry<Integer, Set<Integer>> u : hiddenOf.entrySet()) {
      Set<Integer> own = u.getValue();
      if (own.size() == hidden.length) {
        continue;
      }
      float[] profile = new float[dim];
      for (int i : trainItems.get(u.getKey())) {
        for (int d = 0; d < dim; d++) {
          profile[d] += v[i][d];
        }
      }
      double[] pos = own.stream().mapToDouble(h -> dot(profile, v[h])).toArray();
      double[] neg = Arrays.stream(hidden).filter(h -> !own.contains(h)).mapToDouble(h -> dot(profile, v[h])).toArray();
      sum += auc(pos, neg);
      users++;
    }
    return users == 0 ? 0.5 : sum / users;
  }

  /** P(positive scores above negative), ties counting half. */
  static double auc(double[] pos, double[] neg) {
    double[] n = neg.clone();
    Arrays.sort(n);
    double wins = 0;
    for (double p : pos) {
      int below = lowerBound(n, p);
      int notAbove = upperBound(n, p);
      wins += below + 0.5 * (notAbove - below);
    }
    return wins / ((double) pos.length * n.length);
  }

  private static int lowerBound(double[] a, double x) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int m = (lo + hi) >>> 1;
      if (a[m] < x) {
        lo = m + 1;
      } else {
        hi = m;
      }
    }
    return lo;
  }

  private static int upperBound(double[] a, double x) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int m = (lo + hi) >>> 1;
      if (a[m] <= x) {
        lo = m + 1;
      } else {
        hi = m;
      }
    }
    return lo;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}

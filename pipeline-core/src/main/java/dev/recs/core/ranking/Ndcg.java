package dev.recs.core.ranking;

import java.util.Arrays;

/** Binary-relevance NDCG@k over groups of scored rows (one group per user). */
public final class Ndcg {
  private Ndcg() {}

  /**
   * NDCG@k of one ranked list against a set of relevant items (binary relevance), as MLlib's
   * {@code RankingMetrics} computes it; 0 when nothing is relevant.
   */
  public static double binary(java.util.List<String> ranked, java.util.Set<String> relevant, int k) {
    if (relevant.isEmpty()) {
      return 0.0;
    }
    double dcg = 0;
    for (int r = 0; r < Math.min(k, ranked.size()); r++) {
      if (relevant.contains(ranked.get(r))) {
        dcg += gain(r);
      }
    }
    double ideal = 0;
    for (int r = 0; r < Math.min(k, relevant.size()); r++) {
      ideal += gain(r);
    }
    return dcg / ideal;
  }

  private static double gain(int rank) {
    return 1 / (Math.log(rank + 2) / Math.log(2));
  }

  /**
   * Mean NDCG@k over groups (a user's scored candidates); equal scores rank irrelevant before
   * relevant, so a constant or tied score earns nothing by the rows' order.
   *
   * @param starts the first row of each group, ascending; a group ends where the next starts
   */
  static double mean(float[] scores, float[] labels, int[] starts, int k) {
    double sum = 0;
    int groups = 0;
    for (int g = 0; g < starts.length; g++) {
      int from = starts[g];
      int to = g + 1 < starts.length ? starts[g + 1] : scores.length;
      int relevant = 0;
      Integer[] order = new Integer[to - from];
      for (int i = from; i < to; i++) {
        order[i - from] = i;
        relevant += labels[i] > 0 ? 1 : 0;
      }
      if (relevant == 0) {
        continue;
      }
      // a tie is not a win: equal scores put the irrelevant candidate first (the lists' own
      // order, positives first, would otherwise reward a constant score)
      Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Float.compare(labels[a], labels[b]));
      double dcg = 0;
      for (int r = 0; r < Math.min(k, order.length); r++) {
        if (labels[order[r]] > 0) {
          dcg += gain(r);
        }
      }
      double ideal = 0;
      for (int r = 0; r < Math.min(k, relevant); r++) {
        ideal += gain(r);
      }
      sum += dcg / ideal;
      groups++;
    }
    return groups == 0 ? 0 : sum / groups;
  }
}

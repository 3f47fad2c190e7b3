package dev.recs.core.eval;

import dev.recs.core.ranking.Ndcg;
import java.util.List;
import java.util.Set;

/**
 * Ranking metrics of one list against what the user did next (binary relevance), exactly as
 * MLlib's {@code RankingMetrics} defines them: precision@k divides by k, recall@k by the number
 * of relevant items, MAP@k by {@code min(relevant, k)}, NDCG@k by the ideal DCG of {@code
 * min(relevant, k)} hits; 0 when nothing is relevant. The evaluation computes them on the driver
 * from the collected lists (at most {@code eval.max-test-users} users): MLlib ran one Spark job
 * per metric, K and segment, about fifty per evaluated model.
 */
final class ListMetrics {
  private ListMetrics() {}

  static double ndcg(List<String> preds, Set<String> relevant, int k) {
    return Ndcg.binary(preds, relevant, k);
  }

  static double precision(List<String> preds, Set<String> relevant, int k) {
    return relevant.isEmpty() ? 0.0 : hits(preds, relevant, k) / (double) k;
  }

  static double recall(List<String> preds, Set<String> relevant, int k) {
    return relevant.isEmpty() ? 0.0 : hits(preds, relevant, k) / (double) relevant.size();
  }

  static double hitRate(List<String> preds, Set<String> relevant, int k) {
    return hits(preds, relevant, k) > 0 ? 1.0 : 0.0;
  }

  static double averagePrecision(List<String> preds, Set<String> relevant, int k) {
    if (relevant.isEmpty()) {
      return 0.0;
    }
    int found = 0;
    double sum = 0;
    for (int i = 0; i < Math.min(k, preds.size()); i++) {
      if (relevant.contains(preds.get(i))) {
        found++;
        sum += found / (double) (i + 1);
      }
    }
    return sum / Math.min(relevant.size(), k);
  }

  private static int hits(List<String> preds, Set<String> relevant, int k) {
    int n = 0;
    for (int i = 0; i < Math.min(k, preds.size()); i++) {
      if (relevant.contains(preds.get(i))) {
        n++;
      }
    }
    return n;
  }
}

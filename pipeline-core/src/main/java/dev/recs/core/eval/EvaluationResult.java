package dev.recs.core.eval;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the evaluate stage measured, for the {@code metrics} table and the report.
 *
 * @param metrics every figure, all models and segments
 * @param models model names in evaluation order
 * @param testUsers users with at least one relevant test item
 * @param trainRows train interactions
 * @param testRows relevant (user, item) test pairs
 * @param itemPopularity train users per item, most popular first (the long tail)
 * @param recommendedByDecile per model: share of its top-K recommendations falling in each
 *     tenth of the catalog ranked by train popularity; index 10 holds items with no train event
 */
public record EvaluationResult(
    List<MetricRow> metrics,
    List<String> models,
    long testUsers,
    long trainRows,
    long testRows,
    long[] itemPopularity,
    Map<String, double[]> recommendedByDecile) {

  /** The figure for one model, segment {@code all}, metric and cut-off, if measured. */
  public Optional<Double> value(String model, String metric, int k) {
    return metrics.stream()
        .filter(m -> m.model().equals(model) && m.segment().equals(RankingEvaluation.ALL)
            && m.metric().equals(metric) && m.k() == k)
        .map(MetricRow::value)
        .findFirst();
  }
}

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
 * @param protocol the hold-out these figures come from ({@code temporal} or {@code random})
 * @param otherProtocols the same models measured under other hold-outs ({@code recs evaluate}'s
 *     {@code eval.protocols} beyond this one), by protocol; their rows are also in {@code
 *     metrics}, under segments prefixed {@code <protocol>:}
 */
public record EvaluationResult(
    List<MetricRow> metrics,
    List<String> models,
    long testUsers,
    long trainRows,
    long testRows,
    long[] itemPopularity,
    Map<String, double[]> recommendedByDecile,
    String protocol,
    Map<String, EvaluationResult> otherProtocols) {

  public EvaluationResult {
    otherProtocols = Map.copyOf(otherProtocols);
  }

  /** A result under the temporal protocol only. */
  public EvaluationResult(
      List<MetricRow> metrics, List<String> models, long testUsers, long trainRows, long testRows,
      long[] itemPopularity, Map<String, double[]> recommendedByDecile) {
    this(metrics, models, testUsers, trainRows, testRows, itemPopularity, recommendedByDecile,
        dev.recs.core.config.EvalParams.TEMPORAL, Map.of());
  }

  /** This result, measured under {@code name}. */
  public EvaluationResult under(String name) {
    return new EvaluationResult(metrics, models, testUsers, trainRows, testRows, itemPopularity, recommendedByDecile,
        name, otherProtocols);
  }

  /**
   * This result with {@code other}, measured under {@code protocol}, beside it: its rows join
   * {@link #metrics} with their segments prefixed {@code <protocol>:} ({@code random:all}).
   */
  public EvaluationResult withProtocol(String protocol, EvaluationResult other) {
    List<MetricRow> all = new java.util.ArrayList<>(metrics);
    for (MetricRow m : other.metrics()) {
      all.add(new MetricRow(m.model(), protocol + ":" + m.segment(), m.metric(), m.k(), m.value()));
    }
    Map<String, EvaluationResult> others = new java.util.LinkedHashMap<>(otherProtocols);
    others.put(protocol, other);
    return new EvaluationResult(all, models, testUsers, trainRows, testRows, itemPopularity, recommendedByDecile,
        this.protocol, others);
  }


  /** The figure for one model, segment {@code all}, metric and cut-off, if measured. */
  public Optional<Double> value(String model, String metric, int k) {
    return metrics.stream()
        .filter(m -> m.model().equals(model) && m.segment().equals(RankingEvaluation.ALL)
            && m.metric().equals(metric) && m.k() == k)
        .map(MetricRow::value)
        .findFirst();
  }
}

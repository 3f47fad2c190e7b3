package dev.recs.core.eval;

import dev.recs.core.api.PipelineException;
import dev.recs.core.config.GateParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a night's metrics with the previous published run's and says whether it may publish.
 * Quality may only fall so far (NDCG@10 of the published model, catalog coverage of the
 * published lists); embedding statistics may only move so far either way (a sign that the
 * feature space or the encoder changed under the tables). NDCG is measured on the night's
 * held-out users, a sample: a fall fails only beyond both the relative limit and {@link
 * #NOISE_ERRORS} standard errors of the difference (each night's bootstrap error). A figure the
 * previous night lacks is not compared (the first night always passes); one tonight lacks that
 * the gate must check fails the run.
 */
public final class QualityGate {
  /** One comparison. {@code change} is relative: (current − previous) / previous. */
  public record Check(
      String metric, double previous, double current, double change, double limit, double noise, boolean passed) {
    /**
     * E.g. {@code pipeline ndcg@10 fell 35.2% (0.1200 -> 0.0778, limit 20%)}, with the sampling
     * allowance when there is one: {@code limit 20% or 3 standard errors = 0.0150}.
     */
    public String describe() {
      String verb = change < 0 ? "fell" : "rose";
      String allowance = noise > 0 ? String.format(" or %.0f standard errors = %.4f", NOISE_ERRORS, noise) : "";
      return String.format(
          "%s %s %.1f%% (%.4f -> %.4f, limit %.0f%%%s)",
          metric, verb, Math.abs(change) * 100, previous, current, limit * 100, allowance);
    }
  }

  /**
   * Standard errors of the difference a fall of NDCG must exceed, besides the relative limit, to
   * fail: on the night's few hundred or thousand held-out users, NDCG moves by a standard error
   * or two from one training to the next on the very same data; a broken feed moves it by tens.
   */
  public static final double NOISE_ERRORS = 3.0;

  /**
   * The gate's verdict, recorded in the manifest.
   *
   * @param previousDate the run compared with (null: none, nothing checked)
   * @param forced published although a check failed ({@code --force})
   */
  public record Verdict(String previousDate, List<Check> checks, boolean passed, boolean forced) {
    public List<Check> failed() {
      return checks.stream().filter(c -> !c.passed()).toList();
    }

    public Verdict force() {
      return new Verdict(previousDate, checks, passed, !passed);
    }
  }

  /** What is checked: {@code model/metric@k} of segment {@code all}, and how. */
  private enum Kind { DROP, DRIFT }

  private final GateParams params;
  private final int topK;
  private final int similarK;

  /**
   * @param topK the cut-off of the published lists' coverage
   * @param similarK the cut-off of the mean neighbour similarity
   */
  public QualityGate(GateParams params, int topK, int similarK) {
    this.params = params;
    this.topK = topK;
    this.similarK = similarK;
  }

  /** Like {@link #check(String, List, List, boolean)} for a night that was evaluated. */
  public Verdict check(String previousDate, List<MetricRow> previous, List<MetricRow> current) {
    return check(previousDate, previous, current, true);
  }

  /**
   * Checks {@code current} against {@code previous}. A figure the gate must check that tonight
   * lacks fails the run (exit 2, naming the figure): a renamed metric or a dropped model must not
   * turn the gate off without a word. The published NDCG is required only when {@code evaluated}
   * (eval.enabled); a figure the previous night lacks (its first night) is not compared.
   */
  public Verdict check(String previousDate, List<MetricRow> previous, List<MetricRow> current, boolean evaluated) {
    if (!params.enabled()) {
      return new Verdict(previousDate, List.of(), true, false);
    }
    Map<MetricId, Double> now = index(current);
    List<MetricId> required = new ArrayList<>(List.of(
        MetricId.catalogCoverage(topK), MetricId.meanSimilarScore(similarK), MetricId.EMBEDDING_NORM));
    if (evaluated) {
      required.add(0, MetricId.PUBLISHED_NDCG);
    }
    for (MetricId id : required) {
      if (!now.containsKey(id)) {
        throw PipelineException.badConfig("check the quality gate",
            "tonight's metrics have no " + id + ", which gate.enabled = true checks"
                + (id.equals(MetricId.PUBLISHED_NDCG) ? " with eval.enabled = true" : "")
                + "; the metric was renamed or its model left the evaluation");
      }
    }
    if (previousDate == null) {
      return new Verdict(previousDate, List.of(), true, false);
    }
    Map<MetricId, Double> before = index(previous);
    List<Check> checks = new ArrayList<>();
    double noise = NOISE_ERRORS * Math.hypot(
        before.getOrDefault(MetricId.PUBLISHED_NDCG_SE, 0.0), now.getOrDefault(MetricId.PUBLISHED_NDCG_SE, 0.0));
    add(checks, MetricId.PUBLISHED_NDCG, before, now, Kind.DROP, params.maxNdcgDrop(), noise);
    add(checks, MetricId.catalogCoverage(topK), before, now, Kind.DROP, params.maxCoverageDrop(), 0);
    add(checks, MetricId.meanSimilarScore(similarK), before, now, Kind.DRIFT, params.maxEmbeddingDrift(), 0);
    add(checks, MetricId.EMBEDDING_NORM, before, now, Kind.DRIFT, params.maxEmbeddingDrift(), 0);
    return new Verdict(previousDate, checks, checks.stream().allMatch(Check::passed), false);
  }

  private static void add(
      List<Check> checks, MetricId id, Map<MetricId, Double> before, Map<MetricId, Double> now, Kind kind,
      double limit, double noise) {
    Double b = before.get(id);
    Double c = now.get(id);
    if (limit <= 0 || b == null || c == null || !Double.isFinite(b) || !Double.isFinite(c) || b == 0) {
      return;
    }
    double change = (c - b) / Math.abs(b);
    boolean passed = kind == Kind.DROP ? change >= -limit || b - c <= noise : Math.abs(change) <= limit;
    checks.add(new Check(id.toString(), b, c, change, limit, noise, passed));
  }

  /** Figure → value, segment {@code all} only. */
  static Map<MetricId, Double> index(List<MetricRow> rows) {
    Map<MetricId, Double> out = new LinkedHashMap<>();
    for (MetricRow m : rows) {
      if (RankingEvaluation.ALL.equals(m.segment())) {
        out.put(new MetricId(m.model(), m.metric(), m.k()), m.value());
      }
    }
    return out;
  }
}

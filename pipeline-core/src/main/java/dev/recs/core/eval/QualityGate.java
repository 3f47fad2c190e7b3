package dev.recs.core.eval;

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
 * #NOISE_ERRORS} standard errors of the difference (each night's bootstrap error). A metric
 * missing on either side is not checked: the first night, or a night with the evaluation turned
 * off, always passes.
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

  public Verdict check(String previousDate, List<MetricRow> previous, List<MetricRow> current) {
    if (!params.enabled() || previousDate == null) {
      return new Verdict(previousDate, List.of(), true, false);
    }
    Map<String, Double> before = index(previous);
    Map<String, Double> now = index(current);
    List<Check> checks = new ArrayList<>();
    int k = 10;
    double noise = NOISE_ERRORS * Math.hypot(
        before.getOrDefault("pipeline " + RankingEvaluation.NDCG_SE + "@" + k, 0.0),
        now.getOrDefault("pipeline " + RankingEvaluation.NDCG_SE + "@" + k, 0.0));
    add(checks, "pipeline ndcg@" + k, before, now, Kind.DROP, params.maxNdcgDrop(), noise);
    add(checks, "published catalog_coverage@" + topK, before, now, Kind.DROP, params.maxCoverageDrop(), 0);
    add(checks, "published mean_similar_score@" + similarK, before, now, Kind.DRIFT, params.maxEmbeddingDrift(), 0);
    add(checks, "published mean_embedding_norm@0", before, now, Kind.DRIFT, params.maxEmbeddingDrift(), 0);
    return new Verdict(previousDate, checks, checks.stream().allMatch(Check::passed), false);
  }

  private static void add(
      List<Check> checks, String key, Map<String, Double> before, Map<String, Double> now, Kind kind, double limit,
      double noise) {
    Double b = before.get(key);
    Double c = now.get(key);
    if (limit <= 0 || b == null || c == null || !Double.isFinite(b) || !Double.isFinite(c) || b == 0) {
      return;
    }
    double change = (c - b) / Math.abs(b);
    boolean passed = kind == Kind.DROP ? change >= -limit || b - c <= noise : Math.abs(change) <= limit;
    checks.add(new Check(key.replace("@0", ""), b, c, change, limit, noise, passed));
  }

  /** {@code "model metric@k"} → value, segment {@code all} only. */
  static Map<String, Double> index(List<MetricRow> rows) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (MetricRow m : rows) {
      if (RankingEvaluation.ALL.equals(m.segment())) {
        out.put(m.model() + " " + m.metric() + "@" + m.k(), m.value());
      }
    }
    return out;
  }
}

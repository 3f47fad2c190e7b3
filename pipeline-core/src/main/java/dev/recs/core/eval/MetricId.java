package dev.recs.core.eval;

/**
 * The identity of one figure of the {@code metrics} table, segment {@code all}: which model, which
 * metric, at which cut-off (0 when none). The figures other components read (the quality gate,
 * the model card) are named here once, so that their producer and their reader cannot drift apart.
 */
public record MetricId(String model, String metric, int k) {
  /** The model name of the published lists in the evaluation. */
  public static final String PUBLISHED_MODEL = "pipeline";
  /** The model name of the run's own figures, measured on what it publishes. */
  public static final String PUBLISHED_TABLES = "published";

  /** NDCG@10 of the published lists on the night's held-out users. */
  public static final MetricId PUBLISHED_NDCG = new MetricId(PUBLISHED_MODEL, "ndcg", 10);
  /** Share of the catalog in the published lists' top 10 on the night's held-out users. */
  public static final MetricId PUBLISHED_COVERAGE = new MetricId(PUBLISHED_MODEL, "coverage", 10);
  /** Share of the held-out (user, item) pairs on items without a training event the top 10 finds. */
  public static final MetricId PUBLISHED_COLD_ITEM_RECALL = new MetricId(PUBLISHED_MODEL, "cold_item_recall", 10);
  /** Its bootstrap standard error. */
  public static final MetricId PUBLISHED_NDCG_SE = new MetricId(PUBLISHED_MODEL, RankingEvaluation.NDCG_SE, 10);
  /** Mean L2 norm of the content embeddings. */
  public static final MetricId EMBEDDING_NORM = new MetricId(PUBLISHED_TABLES, "mean_embedding_norm", 0);

  /** Distinct items of every published list's top {@code topK}, over the catalog. */
  public static MetricId catalogCoverage(int topK) {
    return new MetricId(PUBLISHED_TABLES, "catalog_coverage", topK);
  }

  /** Mean score of the published {@code similar_items} (top {@code similarK}). */
  public static MetricId meanSimilarScore(int similarK) {
    return new MetricId(PUBLISHED_TABLES, "mean_similar_score", similarK);
  }

  /** The row of this figure, segment {@code all}. */
  public MetricRow row(double value) {
    return new MetricRow(model, RankingEvaluation.ALL, metric, k, value);
  }

  /** E.g. {@code pipeline ndcg@10}, {@code published mean_embedding_norm}. */
  @Override
  public String toString() {
    return model + " " + metric + (k == 0 ? "" : "@" + k);
  }
}

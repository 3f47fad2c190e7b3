package dev.recs.core.config;

/**
 * The quality gate: how far a night's metrics may move from the previous published run's
 * before the night refuses to publish (exit 3). Each limit is a relative change; 0 turns that
 * check off.
 *
 * @param enabled check at all
 * @param maxNdcgDrop largest relative fall of the published model's NDCG@10 on the hold-out
 * @param maxCoverageDrop largest relative fall of the published lists' catalog coverage
 * @param maxEmbeddingDrift largest relative change, either way, of the embedding statistics
 *     (mean neighbour similarity, mean embedding norm)
 */
public record GateParams(
    boolean enabled, double maxNdcgDrop, double maxCoverageDrop, double maxEmbeddingDrift) {

  public GateParams {
    Checks.inRange("gate.max-ndcg-drop", maxNdcgDrop, 0.0, 1.0);
    Checks.inRange("gate.max-coverage-drop", maxCoverageDrop, 0.0, 1.0);
    Checks.inRange("gate.max-embedding-drift", maxEmbeddingDrift, 0.0, 100.0);
  }

  public static GateParams defaults() {
    return PipelineConfig.defaults().gate();
  }
}

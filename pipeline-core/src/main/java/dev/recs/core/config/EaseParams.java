package dev.recs.core.config;

/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders"): a linear item-to-item model with a
 * closed form, fitted on the driver. Its scores are one of the hybrid's candidate sources and
 * features and, alone, the {@code ease} baseline.
 *
 * @param lambda L2 penalty added to the Gram matrix's diagonal; 0 turns EASE off in the hybrid
 * @param maxItems the most-used items it models (the Gram matrix is {@code maxItems^2} doubles
 *     on the driver); rarer items get no EASE score
 * @param candidates items with the highest EASE score offered to each user as candidates
 * @param recentBoost a history item {@code r} positions from the user's latest weighs {@code 1 +
 *     recentBoost * exp(-r / recentDecay)} in the user's score: what they did last says most
 *     about what they do next
 * @param recentDecay see {@code recentBoost}, in positions
 * @param scoreWeight the hybrid's score of a candidate is the ranker's output plus this times the
 *     candidate's EASE score relative to the user's best ({@code ease_rel}): the pointwise ranker
 *     orders the head of a list less well than EASE does, the fused score better than either
 */
public record EaseParams(
    double lambda, int maxItems, int candidates, double recentBoost, double recentDecay, double scoreWeight)
    implements java.io.Serializable {

  public EaseParams {
    Checks.inRange("ranker.ease.lambda", lambda, 0, 1e9);
    Checks.inRange("ranker.ease.max-items", maxItems, 2, 20_000);
    Checks.inRange("ranker.ease.candidates", candidates, 0, 100_000);
    Checks.inRange("ranker.ease.recent-boost", recentBoost, 0, 1e6);
    Checks.inRange("ranker.ease.recent-decay", recentDecay, 1e-3, 1e9);
    Checks.inRange("ranker.ease.score-weight", scoreWeight, 0, 1e3);
  }

  public static EaseParams defaults() {
    return PipelineConfig.defaults().ranker().ease();
  }

  public boolean enabled() {
    return lambda > 0;
  }

  /** The weight of a history item {@code positionFromLatest} steps before the latest (0). */
  public double weight(int positionFromLatest) {
    return 1 + recentBoost * Math.exp(-positionFromLatest / recentDecay);
  }
}

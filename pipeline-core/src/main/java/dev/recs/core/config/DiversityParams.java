package dev.recs.core.config;

import java.util.List;

/**
 * Optional re-ranking of each user's list for diversity: greedy maximal marginal relevance (MMR)
 * over the item embeddings, with a cap per category, and the accuracy/diversity sweep of the
 * evaluation.
 *
 * @param enabled whether {@code user_recommendations} is re-ranked (off by default: it trades
 *     accuracy for diversity, see the evaluation's "Diversity trade-off" section first)
 * @param lambda weight of relevance against redundancy, in [0, 1]: each step picks the candidate
 *     maximising {@code lambda * relevance - (1 - lambda) * max cosine to the items already
 *     picked}; 1 keeps the recommender's order
 * @param categoryCap at most this many items of one first category per list; 0 = no cap
 * @param candidates items the recommender proposes per user before the re-rank (the list is then
 *     cut to {@code scoring.top-k}); fewer than top-k are never asked for
 * @param sweepLambdas the lambdas the evaluation re-ranks the published model at, each reported
 *     as model {@code pipeline_mmr_<lambda>}; empty = no sweep
 */
public record DiversityParams(
    boolean enabled, double lambda, int categoryCap, int candidates, List<Double> sweepLambdas) {

  public DiversityParams {
    Checks.inRange("diversity.lambda", lambda, 0, 1);
    Checks.inRange("diversity.category-cap", categoryCap, 0, 1_000_000);
    Checks.positive("diversity.candidates", candidates);
    sweepLambdas = List.copyOf(sweepLambdas);
    sweepLambdas.forEach(l -> Checks.inRange("diversity.sweep-lambdas", l, 0, 1));
  }

  public static DiversityParams defaults() {
    return PipelineConfig.defaults().diversity();
  }

  /** A copy that re-ranks the published lists ({@code enabled}) or not, other keys kept. */
  public DiversityParams withEnabled(boolean on) {
    return Records.copy(this, java.util.Map.of("enabled", on));
  }

  /** A copy sweeping other lambdas (tests, quick runs). */
  public DiversityParams withSweep(List<Double> lambdas) {
    return Records.copy(this, java.util.Map.of("sweepLambdas", lambdas));
  }

  /** Items to ask the recommender for when the lists are cut to {@code topK}: never fewer. */
  public int listLength(int topK) {
    return Math.max(candidates, topK);
  }
}

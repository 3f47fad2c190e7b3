package dev.recs.core.config;

import java.util.Map;

/**
 * Neighbours, user profiles, popularity and the per-user lists.
 *
 * @param topK recommendations per user
 * @param similarK neighbours per item in {@code similar_items}
 * @param popularN rows of {@code popular_items}
 * @param profileHalfLifeDays how fast older history fades from a user's profile, counted back
 *     from that user's latest event (not the wall clock, so old exports still weigh their
 *     history sensibly)
 * @param popularHalfLifeDays how fast older events fade from popularity, counted back from the
 *     latest event in the data
 * @param eventWeights weight per {@code event_type}; types not listed weigh {@code
 *     defaultEventWeight}
 * @param defaultEventWeight weight of event types missing from {@code eventWeights}
 * @param useValue whether an event's {@code value} multiplies its weight (e.g. ratings)
 * @param queryBlockSize user profiles scored together in one matrix multiply
 * @param blockRows items per block of the exact item-to-item top-K: each pair of blocks is one
 *     {@code blockRows × blockRows} multiply
 * @param groupBlocks blocks of right-hand items per task of the item-to-item top-K (a task
 *     holds {@code groupBlocks × blockRows} embeddings; each item's list is merged from one
 *     partial list per group)
 */
public record ScoringParams(
    int topK,
    int similarK,
    int popularN,
    double profileHalfLifeDays,
    double popularHalfLifeDays,
    Map<String, Double> eventWeights,
    double defaultEventWeight,
    boolean useValue,
    int queryBlockSize,
    int blockRows,
    int groupBlocks) {

  public ScoringParams {
    Checks.positive("scoring.top-k", topK);
    Checks.positive("scoring.similar-k", similarK);
    Checks.positive("scoring.popular-n", popularN);
    Checks.inRange("scoring.profile-half-life-days", profileHalfLifeDays, 1e-3, 1e6);
    Checks.inRange("scoring.popular-half-life-days", popularHalfLifeDays, 1e-3, 1e6);
    // sorted, so that toString (hashed into the model version) is the same in every JVM
    eventWeights = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(eventWeights));
    eventWeights.forEach((type, w) -> Checks.inRange("scoring.event-weights." + type, w, 0, 1e6));
    Checks.inRange("scoring.default-event-weight", defaultEventWeight, 0, 1e6);
    Checks.positive("scoring.query-block-size", queryBlockSize);
    Checks.positive("scoring.block-rows", blockRows);
    Checks.positive("scoring.group-blocks", groupBlocks);
  }

  public static ScoringParams defaults() {
    return PipelineConfig.defaults().scoring();
  }

  /** A copy recommending {@code k} items per user (and keeping at least {@code k} popular). */
  public ScoringParams withTopK(int k) {
    return Records.copy(this, java.util.Map.of("topK", k, "popularN", Math.max(popularN, k)));
  }

  /** The weight of one event of {@code type}. */
  public double weightOf(String type) {
    return eventWeights.getOrDefault(type, defaultEventWeight);
  }
}

package dev.recs.core.config;

/**
 * The hybrid two-stage recommender: candidate generation and the MLP ranker.
 *
 * @param knnNeighbours co-occurrence neighbours kept per item
 * @param knnCandidates candidates per user from co-occurrence neighbours of their history
 * @param recentItems the user's latest items whose content neighbours become candidates
 * @param contentCandidates content neighbours taken per recent item
 * @param popularCandidates most popular items offered to every user
 * @param newCandidates items with few events, closest to the user's profile
 * @param newItemMaxEvents an item with at most this many events counts as new
 * @param trendDays window of the "recent trend" feature, back from the newest event
 * @param labelFractions per user, the latest share of history whose items are the positives
 *     when training the ranker; each fraction adds one labelled sample of the same users
 * @param negativesPerUser negative candidates sampled per training user
 * @param maxTrainUsers users sampled for ranker training, at most
 * @param validationFraction share of training users held out for early stopping on NDCG@10
 * @param hidden width of the first hidden layer (the second is half)
 * @param dropoutRetain probability of keeping a hidden activation during training
 * @param learningRate Adam's step size
 * @param l2 weight decay
 * @param maxEpochs upper bound on epochs
 * @param patience epochs without validation NDCG improvement before stopping
 * @param batchSize rows per mini-batch
 * @param alsRank factors of the implicit ALS model behind the {@code als_score} feature; 0 leaves
 *     the feature out
 * @param alsIterations ALS iterations
 * @param alsRegParam ALS regularisation
 * @param alsAlpha ALS implicit-feedback confidence
 * @param newSlots in every ten positions of a list, how many (the last ones) go to the ranker's
 *     best new items (at most {@code newItemMaxEvents} events): how cold items reach users at all
 * @param tailSlots in every ten positions, how many (just before the new slots) go to the
 *     ranker's best long-tail items (at most {@code tailMaxEvents} events): catalog coverage
 *     bought with accuracy (see the README's trade-off table)
 * @param tailMaxEvents an item with at most this many events counts as long tail
 * @param newSlotTailShare a list gets its new-item slots only when at least this share of the
 *     user's distinct items are long tail (at most {@code tailMaxEvents} users): users who take
 *     what few others took are the ones who take what nobody took yet; 0 gives every list its slots
 * @param ensemble networks trained (seeds differ) and averaged into the ranker's score
 * @param validationK the cut-off of the validation NDCG early stopping watches; 0 for the whole
 *     candidate list, which ranks every positive and so moves far less from epoch to epoch on
 *     a small validation set than NDCG@10 does
 * @param ease the EASE model behind the {@code ease} candidates and features
 * @param coverage swaps across all lists that raise catalog coverage
 * @param objective what the labels ask: the latest share of each history ({@code next}) or a
 *     seeded random share ({@code taste}); {@code taste} also drops EASE's recency boost and the
 *     ranker's time features
 * @param fusionUsers users sampled beyond {@code maxTrainUsers}, labelled like validation users
 *     and used only to learn how the ranker's output is fused with a source's score; 0 = guard the
 *     configured fusion on the validation users instead
 * @param dropFeatures ranker features (by name) zeroed before training and scoring: ablations
 */
public record RankerParams(
    int knnNeighbours,
    int knnCandidates,
    int recentItems,
    int contentCandidates,
    int popularCandidates,
    int newCandidates,
    int newItemMaxEvents,
    double trendDays,
    java.util.List<Double> labelFractions,
    int negativesPerUser,
    int maxTrainUsers,
    double validationFraction,
    int hidden,
    double dropoutRetain,
    double learningRate,
    double l2,
    int maxEpochs,
    int patience,
    int batchSize,
    int alsRank,
    int alsIterations,
    double alsRegParam,
    double alsAlpha,
    int newSlots,
    int tailSlots,
    int tailMaxEvents,
    double newSlotTailShare,
    int ensemble,
    int validationK,
    EaseParams ease,
    CoverageParams coverage,
    RankerObjective objective,
    int fusionUsers,
    java.util.List<String> dropFeatures) implements java.io.Serializable {

  public RankerParams {
    if (objective == RankerObjective.TASTE && ease.recentBoost() != 0) {
      // taste is not recency: the user's latest items weigh as much as the rest
      ease = new EaseParams(ease.lambda(), ease.maxItems(), ease.candidates(), 0, ease.recentDecay(), ease.scoreWeight());
    }
    Checks.positive("ranker.knn-neighbours", knnNeighbours);
    Checks.positive("ranker.knn-candidates", knnCandidates);
    Checks.positive("ranker.recent-items", recentItems);
    labelFractions = java.util.List.copyOf(labelFractions);
    dropFeatures = java.util.List.copyOf(dropFeatures);
    labelFractions.forEach(f -> Checks.inRange("ranker.label-fractions", f, 0.01, 0.9));
    Checks.positive("ranker.negatives-per-user", negativesPerUser);
    Checks.positive("ranker.max-train-users", maxTrainUsers);
    Checks.inRange("ranker.validation-fraction", validationFraction, 0.05, 0.5);
    Checks.positive("ranker.hidden", hidden);
    Checks.inRange("ranker.dropout-retain", dropoutRetain, 0.1, 1.0);
    Checks.positive("ranker.max-epochs", maxEpochs);
    Checks.positive("ranker.patience", patience);
    Checks.positive("ranker.batch-size", batchSize);
    Checks.inRange("ranker.als-rank", alsRank, 0, 1000);
    Checks.positive("ranker.als-iterations", alsIterations);
    Checks.inRange("ranker.new-slots", newSlots, 0, 10);
    Checks.inRange("ranker.tail-slots", tailSlots, 0, 10 - newSlots);
    Checks.inRange("ranker.new-slot-tail-share", newSlotTailShare, 0, 1);
    Checks.positive("ranker.ensemble", ensemble);
    Checks.inRange("ranker.validation-k", validationK, 0, 1_000_000);
    Checks.inRange("ranker.fusion-users", fusionUsers, 0, 1_000_000);
  }

  /** A copy trained on other label fractions for at most {@code epochs} (tests, quick runs). */
  public RankerParams withTraining(java.util.List<Double> fractions, int epochs) {
    return Records.copy(this, java.util.Map.of("labelFractions", fractions, "maxEpochs", epochs));
  }

  /** A copy with other exploration slots (the evaluation's trade-off sweep). */
  public RankerParams withSlots(int newSlotCount, int tailSlotCount) {
    return Records.copy(this, java.util.Map.of("newSlots", newSlotCount, "tailSlots", tailSlotCount));
  }

  /** A copy that learns {@code question} (its recency settings follow it). */
  public RankerParams withObjective(RankerObjective question) {
    return Records.copy(this, java.util.Map.of("objective", question));
  }

  /** A copy whose ranker does not read {@code features} (ablations). */
  public RankerParams withDropFeatures(java.util.List<String> features) {
    return Records.copy(this, java.util.Map.of("dropFeatures", features));
  }

  /** A copy with other cross-user coverage swaps. */
  public RankerParams withCoverage(CoverageParams coverageSwaps) {
    return Records.copy(this, java.util.Map.of("coverage", coverageSwaps));
  }

  public static RankerParams defaults() {
    return PipelineConfig.defaults().ranker();
  }
}

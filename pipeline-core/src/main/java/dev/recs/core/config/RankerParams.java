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
 * @param embeddingProduct whether the element-wise product of candidate and profile embeddings
 *     enters the ranker (besides their cosine); off by default: on MovieLens it overfits
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
 * @param publish whether {@code nightly} publishes the hybrid's recommendations; off until its
 *     candidate stage is fast enough for a nightly window (see README), the content-profile
 *     recommender publishes meanwhile and the hybrid is evaluated beside it
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
    boolean embeddingProduct,
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
    boolean publish) implements java.io.Serializable {

  public RankerParams {
    Checks.positive("ranker.knn-neighbours", knnNeighbours);
    Checks.positive("ranker.knn-candidates", knnCandidates);
    Checks.positive("ranker.recent-items", recentItems);
    labelFractions = java.util.List.copyOf(labelFractions);
    labelFractions.forEach(f -> Checks.inRange("ranker.label-fractions", f, 0.01, 0.9));
    Checks.positive("ranker.negatives-per-user", negativesPerUser);
    Checks.positive("ranker.max-train-users", maxTrainUsers);
    Checks.inRange("ranker.validation-fraction", validationFraction, 0.05, 0.5);
    Checks.positive("ranker.hidden", hidden);
    Checks.inRange("ranker.dropout-retain", dropoutRetain, 0.1, 1.0);
    Checks.positive("ranker.max-epochs", maxEpochs);
    Checks.positive("ranker.patience", patience);
    Checks.positive("ranker.batch-size", batchSize);
  }

  /** A copy trained on other label fractions for at most {@code epochs} (tests, quick runs). */
  public RankerParams withTraining(java.util.List<Double> fractions, int epochs) {
    return new RankerParams(knnNeighbours, knnCandidates, recentItems, contentCandidates, popularCandidates,
        newCandidates, newItemMaxEvents, trendDays, fractions, embeddingProduct, negativesPerUser, maxTrainUsers,
        validationFraction, hidden, dropoutRetain, learningRate, l2, epochs, patience, batchSize, publish);
  }

  public static RankerParams defaults() {
    return new RankerParams(
        50, 200, 5, 20, 100, 20, 2, 14, java.util.List.of(0.1, 0.2, 0.3), false, 1000, 5_000, 0.2, 64, 0.9, 1e-3, 1e-4, 40, 5, 256,
        /* publish */ false);
  }
}

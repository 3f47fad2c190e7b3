package dev.recs.core.config;

/**
 * The content → collaborative model: an MLP from an item's content (its feature vector and its
 * autoencoder embedding) to its implicit-ALS item factors, so that an item with few or no events
 * gets a place in the collaborative space from its content alone.
 *
 * @param enabled off: items are placed by the autoencoder embedding alone, as before
 * @param minEvents distinct users an item needs to be a training example (its ALS factors are
 *     then worth learning from)
 * @param blendEvents the published vectors' blend half point: an item with {@code n} users has the
 *     vector {@code w·collaborative + (1−w)·predicted}, {@code w = n / (n + blendEvents)} (both unit
 *     length); 0: an item with events is placed by its events alone
 * @param rankerBlendEvents the same half point for the vectors the hybrid's ranker reads (its
 *     content features and new-item candidates), which gain from content where events are few
 * @param hiddenDim width of the hidden layer (0: no hidden layer, a linear map with L2: ridge regression)
 * @param dropOut probability of keeping each input of the hidden layer (DL4J's retain convention)
 * @param learningRate Adam's step size
 * @param l2 weight decay
 * @param batchSize rows per mini-batch
 * @param maxEpochs upper bound on epochs
 * @param patience epochs without validation improvement before early stopping
 * @param validationFraction share of training items held out to choose the epoch
 * @param maxTrainItems bound on the items collected to the driver for training (a fixed hash
 *     sample of the eligible ones beyond it)
 * @param contentWeight weight of the item's unit autoencoder embedding appended to its unit
 *     collaborative vector (0: the collaborative vector alone), so that neighbours also share content
 * @param seed weight initialisation, shuffling, dropout and the sample
 */
public record CollaborativeParams(
    boolean enabled,
    int minEvents,
    double blendEvents,
    double rankerBlendEvents,
    int hiddenDim,
    double dropOut,
    double l2,
    double learningRate,
    int batchSize,
    int maxEpochs,
    int patience,
    double validationFraction,
    int maxTrainItems,
    double contentWeight,
    long seed) {

  public CollaborativeParams {
    Checks.positive("collaborative.min-events", minEvents);
    Checks.inRange("collaborative.blend-events", blendEvents, 0.0, 1e9);
    Checks.inRange("collaborative.ranker-blend-events", rankerBlendEvents, 0.0, 1e9);
    Checks.inRange("collaborative.hidden-dim", hiddenDim, 0, 100_000);
    Checks.inRange("collaborative.drop-out", dropOut, 0.05, 1.0);
    Checks.training("collaborative", learningRate, l2, batchSize, maxEpochs, patience, validationFraction, maxTrainItems);
    Checks.inRange("collaborative.content-weight", contentWeight, 0.0, 100.0);
  }

  public static CollaborativeParams defaults() {
    return PipelineConfig.defaults().collaborative();
  }

  /** A copy training for at most {@code epochs} (tests, tools). */
  public CollaborativeParams withMaxEpochs(int epochs) {
    return Records.copy(this, java.util.Map.of("maxEpochs", epochs));
  }

  /**
   * The blend weight of the collaborative vector for an item with {@code users} distinct users,
   * {@code halfPoint} users giving one half.
   */
  public static double collaborativeWeight(int users, double halfPoint) {
    return users <= 0 ? 0.0 : users / (users + halfPoint);
  }
}

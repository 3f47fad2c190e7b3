package dev.recs.core.config;

/**
 * How a night gets its model: fine-tuned from the previous night's (a warm start) or trained
 * from scratch.
 *
 * @param warmStart fine-tune the previous published model when its feature space is the same
 * @param fullRetrainDays train from scratch when the lineage's last full training is this many
 *     days old or older (warm starts drift; a periodic full retrain resets them)
 * @param warmEncoderEpochs most epochs of a warm-started encoder (early stopping still applies)
 * @param warmRankerEpochs most epochs of a warm-started ranker
 */
public record TrainingParams(
    boolean warmStart, int fullRetrainDays, int warmEncoderEpochs, int warmRankerEpochs) {

  public TrainingParams {
    Checks.positive("training.full-retrain-days", fullRetrainDays);
    Checks.positive("training.warm-encoder-epochs", warmEncoderEpochs);
    Checks.positive("training.warm-ranker-epochs", warmRankerEpochs);
  }

  public static TrainingParams defaults() {
    return PipelineConfig.defaults().training();
  }
}

package dev.recs.core.config;

import dev.recs.core.api.PipelineException;

/** Range checks for config records; each failure names the config key. */
final class Checks {
  private Checks() {}

  static void positive(String key, long value) {
    if (value <= 0) {
      throw PipelineException.badConfig("use " + key, "must be positive, got " + value);
    }
  }

  static void inRange(String key, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw PipelineException.badConfig(
          "use " + key, "must be in [" + min + ", " + max + "], got " + value);
    }
  }

  /** The checks every network trained with early stopping shares, under {@code section.}. */
  static void training(
      String section, double learningRate, double l2, int batchSize, int maxEpochs, int patience,
      double validationFraction, int maxTrainItems) {
    inRange(section + ".learning-rate", learningRate, 1e-7, 1.0);
    inRange(section + ".l2", l2, 0.0, 1.0);
    positive(section + ".batch-size", batchSize);
    positive(section + ".max-epochs", maxEpochs);
    positive(section + ".patience", patience);
    inRange(section + ".validation-fraction", validationFraction, 0.0, 0.5);
    positive(section + ".max-train-items", maxTrainItems);
  }
}

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
}

package dev.recs.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a run's model came from.
 *
 * @param version the model's folder under {@code <output>/models/}
 * @param parent the version it was fine-tuned from (null when trained from scratch)
 * @param training how it was trained
 * @param reason why this kind of training was chosen, for the manifest's reader
 * @param vocabularyHash the feature space the model reads
 */
public record ModelLineage(
    String version, String parent, Training training, String reason, String vocabularyHash) {
  /** How a night's model was trained; written as {@code full}, {@code warm}, {@code pinned}. */
  public enum Training {
    /** From scratch. */
    FULL,
    /** Fine-tuned from the parent's. */
    WARM,
    /** An existing version reused as it is. */
    PINNED;

    @JsonValue
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Training of(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT));
    }
  }

  public static final Training FULL = Training.FULL;
  public static final Training WARM = Training.WARM;
  public static final Training PINNED = Training.PINNED;

  public ModelLineage asFull(String why) {
    return new ModelLineage(version, null, FULL, why, vocabularyHash);
  }
}

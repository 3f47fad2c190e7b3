package dev.recs.core.publish;

/**
 * Where a run's model came from.
 *
 * @param version the model's folder under {@code <output>/models/}
 * @param parent the version it was fine-tuned from (null when trained from scratch)
 * @param training {@code full} (from scratch), {@code warm} (fine-tuned from parent) or
 *     {@code pinned} (an existing version reused as it is)
 * @param reason why this kind of training was chosen, for the manifest's reader
 * @param vocabularyHash the feature space the model reads
 */
public record ModelLineage(
    String version, String parent, String training, String reason, String vocabularyHash) {
  public static final String FULL = "full";
  public static final String WARM = "warm";
  public static final String PINNED = "pinned";

  public ModelLineage asFull(String why) {
    return new ModelLineage(version, null, FULL, why, vocabularyHash);
  }
}

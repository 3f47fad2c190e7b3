package dev.recs.core.run;

/**
 * What the operator asked of tonight's model, besides the configuration.
 *
 * @param pinnedVersion reuse this published version as it is (no fitting, no training); null:
 *     train tonight's
 * @param fullRetrain train from scratch even when a warm start is possible
 * @param force publish even when the quality gate fails (the manifest records it)
 */
public record ModelChoice(String pinnedVersion, boolean fullRetrain, boolean force) {
  public static final ModelChoice DEFAULT = new ModelChoice(null, false, false);
}

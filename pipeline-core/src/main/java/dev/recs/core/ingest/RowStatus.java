package dev.recs.core.ingest;

/** Where an input row ends up: every row is exactly one of these. */
public enum RowStatus {
  CLEAN,
  REJECTED,
  DUPLICATE;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

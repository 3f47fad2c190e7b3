package dev.recs.core.ingest;

/** Where an input row ends up: every row is exactly one of these. */
public enum RowStatus {
  CLEAN,
  REJECTED,
  DUPLICATE,
  /** An event after the end of the run's date: tomorrow's, not bad data; neither used nor rejected. */
  LATER,
  /** An event before the history window ({@code ingest.history-days}): history, not bad data; not used. */
  OLDER;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

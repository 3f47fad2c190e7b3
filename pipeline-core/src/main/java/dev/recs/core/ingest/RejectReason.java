package dev.recs.core.ingest;

/** Why an input row was rejected; {@link #code()} is what the {@code rejects} table stores. */
public enum RejectReason {
  MALFORMED_RECORD,
  MISSING_REQUIRED,
  BAD_ID,
  BLANK_TITLE,
  BAD_TIMESTAMP,
  BAD_NUMBER,
  TOO_LONG,
  FUTURE_TIMESTAMP,
  UNKNOWN_ITEM;

  /** The lower_snake code, e.g. {@code unknown_item}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

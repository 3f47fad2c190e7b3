package dev.recs.core.ingest;

/**
 * Row accounting for one input: {@code in = clean + rejected + duplicate + later + older} must hold.
 *
 * @param input {@code catalog} or {@code interactions}
 * @param in rows read
 * @param clean rows kept
 * @param rejected rows in the {@code rejects} table
 * @param duplicate rows dropped as copies of a kept row
 * @param truncated clean rows whose text was cut to the configured limit (part of {@code clean})
 * @param later events after the end of the run's date: kept for a later night, not used, not
 *     rejected (always 0 for the catalog)
 * @param older events before the history window ({@code ingest.history-days}) that were read:
 *     not used, not rejected (partitions wholly before the window are not read at all)
 */
public record IngestCounts(
    String input, long in, long clean, long rejected, long duplicate, long truncated, long later, long older) {

  /** Counts of an input without later or older rows. */
  public IngestCounts(String input, long in, long clean, long rejected, long duplicate, long truncated) {
    this(input, in, clean, rejected, duplicate, truncated, 0, 0);
  }

  /** Whether every input row is accounted for. */
  public boolean balances() {
    return in == clean + rejected + duplicate + later + older;
  }

  /** Rejected rows as a fraction of the rows inside the night's window (0 for an empty input). */
  public double rejectedFraction() {
    long inWindow = in - later - older;
    return inWindow == 0 ? 0.0 : (double) rejected / inWindow;
  }

  /** E.g. {@code 50,000 in = 40,071 clean + 0 rejected + 0 duplicate + 9,929 later}. */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "%,d in = %,d clean + %,d rejected + %,d duplicate%s%s", in, clean,
        rejected, duplicate,
        later == 0 ? "" : String.format(java.util.Locale.ROOT, " + %,d later (after the run date)", later),
        older == 0 ? "" : String.format(java.util.Locale.ROOT, " + %,d older (before the history window)", older));
  }
}

package dev.recs.core.ingest;

/**
 * Row accounting for one input: {@code in = clean + rejected + duplicate} must hold.
 *
 * @param input {@code catalog} or {@code interactions}
 * @param in rows read
 * @param clean rows kept
 * @param rejected rows in the {@code rejects} table
 * @param duplicate rows dropped as copies of a kept row
 * @param truncated clean rows whose text was cut to the configured limit (part of {@code clean})
 */
public record IngestCounts(
    String input, long in, long clean, long rejected, long duplicate, long truncated) {

  /** Whether every input row is accounted for. */
  public boolean balances() {
    return in == clean + rejected + duplicate;
  }

  /** Rejected rows as a fraction of input rows (0 for an empty input). */
  public double rejectedFraction() {
    return in == 0 ? 0.0 : (double) rejected / in;
  }
}

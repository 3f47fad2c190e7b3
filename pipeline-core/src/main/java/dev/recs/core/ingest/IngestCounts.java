package dev.recs.core.ingest;

/**
 * Row accounting for one input: {@code in = clean + rejected + duplicate} always.
 *
 * @param input {@code catalog} or {@code interactions}
 */
public record IngestCounts(String input, long in, long clean, long rejected, long duplicate) {

  /** Whether every input row is accounted for. */
  public boolean balances() {
    return in == clean + rejected + duplicate;
  }

  /** Rejected rows as a fraction of input rows (0 for an empty input). */
  public double rejectedFraction() {
    return in == 0 ? 0.0 : (double) rejected / in;
  }
}

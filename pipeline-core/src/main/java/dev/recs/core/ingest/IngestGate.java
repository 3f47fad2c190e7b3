package dev.recs.core.ingest;

import dev.recs.core.api.PipelineException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Decides whether an ingested input may feed tonight's tables: it must have rows, every row
 * must be accounted for, and no more than {@code ceiling} of them may be rejected. A failure
 * stops the run before anything is published, so yesterday's tables stay as they were.
 */
public final class IngestGate {
  private final double ceiling;

  public IngestGate(double ceiling) {
    this.ceiling = ceiling;
  }

  /**
   * @throws PipelineException (bad input) for an empty input or too many rejects, naming the
   *     input, the fraction and the top reasons with counts
   * @throws IllegalStateException if {@code in != clean + rejected + duplicate}
   */
  public void check(IngestResult result, IngestCounts counts, InputSource source) {
    if (counts.in() == 0) {
      throw PipelineException.badInput("read " + source.name(), "the input has no rows", source.path());
    }
    if (!counts.balances()) {
      throw new IllegalStateException("Cannot account for every " + source.name() + " row: " + counts);
    }
    if (counts.rejectedFraction() > ceiling) {
      String reasons =
          result.topReasons(3).stream().map(Object::toString).collect(Collectors.joining(", "));
      throw PipelineException.badInput(
          "accept " + source.name(),
          String.format(
              Locale.ROOT,
              "%.1f%% of %d rows rejected, above the %.1f%% ceiling; top reasons: %s",
              100 * counts.rejectedFraction(), counts.in(), 100 * ceiling, reasons),
          source.path());
    }
  }
}

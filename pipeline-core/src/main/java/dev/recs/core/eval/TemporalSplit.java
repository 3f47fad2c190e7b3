package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.recs.core.config.EvalParams;
import dev.recs.core.ranking.TimeSplit;
import dev.recs.core.schema.Columns;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Splits interactions by time into train and test. Per user, events are ordered by (ts,
 * item_id) and the last {@code testFraction} of them (at least one) are test, the rest train:
 * the protocol of {@code movielens-dev/README.md}. Item ids that are numbers are ordered as
 * numbers (MovieLens ties on timestamps are common, and string order would move the figures).
 * A temporal split rather than a random one: a nightly job is judged on the future, not on a
 * shuffled past. With {@code cutoff} set, every event at or after it is test instead.
 */
public final class TemporalSplit {
  private final EvalParams params;

  public TemporalSplit(EvalParams params) {
    this.params = params;
  }

  /** Train and test interactions; lazy. */
  public record Split(Dataset<Row> train, Dataset<Row> test) {}

  public Split apply(Dataset<Row> interactions) {
    if (params.cutoff() != null) {
      Column isTest = col(Columns.TS).geq(lit(Timestamp.from(Instant.parse(params.cutoff()))));
      return new Split(interactions.where(isTest.equalTo(false)), interactions.where(isTest));
    }
    TimeSplit.Parts parts = new TimeSplit(params.testFraction()).apply(interactions);
    return new Split(parts.earlier(), parts.later());
  }
}

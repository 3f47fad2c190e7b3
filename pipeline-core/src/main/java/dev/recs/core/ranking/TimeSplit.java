package dev.recs.core.ranking;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import dev.recs.core.schema.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Per user, the latest {@code fraction} of events (at least one) versus the rest, events ordered
 * by (ts, item_id) with numeric ids compared as numbers. Used to label the ranker's training data
 * (history before, positives after) and by the evaluate stage's hold-out.
 *
 * <p>{@link #randomShare} orders each user's events by {@link #shareKey} first instead: the
 * "later" part is then a seeded random share of the history (the {@code taste} objective), the
 * same events {@code HybridLists.Label} draws from the same key.
 */
public final class TimeSplit {
  private final double fraction;
  private final Long shareSeed;

  public TimeSplit(double fraction) {
    this(fraction, null);
  }

  private TimeSplit(double fraction, Long shareSeed) {
    this.fraction = fraction;
    this.shareSeed = shareSeed;
  }

  /** Per user, a random {@code fraction} of events (at least one, by {@link #shareKey}) versus the rest. */
  public static TimeSplit randomShare(double fraction, long seed) {
    return new TimeSplit(fraction, seed);
  }

  /** The split the ranker's labels are drawn with under {@code objective}. */
  public static TimeSplit of(dev.recs.core.config.RankerObjective objective, double fraction, long seed) {
    return objective == dev.recs.core.config.RankerObjective.TASTE ? randomShare(fraction, seed) : new TimeSplit(fraction);
  }

  /** The per-event key a random share is drawn by: a hash of (user, item) and the seed. */
  public static Column shareKey(long seed) {
    return org.apache.spark.sql.functions.xxhash64(col(Columns.USER_ID), col(Columns.ITEM_ID), org.apache.spark.sql.functions.lit(seed));
  }

  /** Earlier and later events; lazy. */
  public record Parts(Dataset<Row> earlier, Dataset<Row> later) {}

  public Parts apply(Dataset<Row> interactions) {
    Dataset<Row> ordered =
        interactions
            .withColumn(
                "_pos",
                row_number()
                    .over(
                        Window.partitionBy(col(Columns.USER_ID))
                            .orderBy(
                                shareSeed == null ? lit(0) : shareKey(shareSeed),
                                col(Columns.TS),
                                col(Columns.ITEM_ID).cast(DataTypes.LongType).asc_nulls_last(),
                                col(Columns.ITEM_ID))))
            .withColumn("_n", count(lit(1)).over(Window.partitionBy(col(Columns.USER_ID))))
            .withColumn("_later_n", greatest(lit(1L), floor(col("_n").multiply(fraction)).cast(DataTypes.LongType)));
    Column later = col("_pos").gt(col("_n").minus(col("_later_n")));
    Column[] keep = java.util.Arrays.stream(interactions.columns()).map(c -> col(c)).toArray(Column[]::new);
    return new Parts(ordered.where(later.equalTo(false)).select(keep), ordered.where(later).select(keep));
  }
}

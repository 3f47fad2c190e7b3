package dev.recs.core.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import dev.recs.core.config.ScoringParams;
import dev.recs.core.schema.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How much each (user, item) of the history counts in the user's profile: the sum over its
 * events of the event type's weight (times the value, if configured), each halved every {@code
 * profileHalfLifeDays} back from the user's own latest event. Also the item's latest event time.
 */
public final class ProfileWeights {
  /** The weight column. */
  public static final String WEIGHT = "_w";
  /** The latest event time of the (user, item) pair. */
  public static final String LAST = "_last";
  /** The number of events of the (user, item) pair. */
  public static final String EVENTS = "_n";

  private final ScoringParams params;

  public ProfileWeights(ScoringParams params) {
    this.params = params;
  }

  /** {@code (user_id, item_id, _w, _last, _n)}. Lazy. */
  public Dataset<Row> apply(Dataset<Row> interactions) {
    Dataset<Row> latest = interactions.groupBy(col(Columns.USER_ID)).agg(max(col(Columns.TS)).as("_now"));
    return interactions
        .join(latest, Columns.USER_ID)
        .withColumn(
            WEIGHT,
            EventWeights.of(params)
                .multiply(EventWeights.decay(col(Columns.TS), col("_now"), params.profileHalfLifeDays())))
        .groupBy(col(Columns.USER_ID), col(Columns.ITEM_ID))
        .agg(sum(col(WEIGHT)).as(WEIGHT), max(col(Columns.TS)).as(LAST),
            org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as(EVENTS));
  }
}

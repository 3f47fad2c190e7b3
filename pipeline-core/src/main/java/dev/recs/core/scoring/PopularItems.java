package dev.recs.core.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import dev.recs.core.config.ScoringParams;
import dev.recs.core.schema.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * The {@code popular_items} table: items ranked by event-weighted interaction mass, each event
 * decayed by its age relative to the newest event in the data (so an old export is not ranked
 * as if nothing had happened for years). Ties go to the smaller {@code item_id}.
 */
public final class PopularItems {
  private final ScoringParams params;

  public PopularItems(ScoringParams params) {
    this.params = params;
  }

  /** {@code (rank, item_id, score)} for the top {@code popularN} items. Lazy. */
  public Dataset<Row> apply(Dataset<Row> interactions) {
    Dataset<Row> newest = interactions.agg(max(col(Columns.TS)).as("_now"));
    return interactions
        .crossJoin(newest)
        .withColumn(
            "_w",
            EventWeights.of(params)
                .multiply(EventWeights.decay(col(Columns.TS), col("_now"), params.popularHalfLifeDays())))
        .groupBy(col(Columns.ITEM_ID))
        .agg(sum(col("_w")).as(Columns.SCORE))
        .orderBy(col(Columns.SCORE).desc(), col(Columns.ITEM_ID))
        .limit(params.popularN())
        // a window over at most popularN rows: a single partition is fine here
        .withColumn(
            Columns.RANK,
            row_number().over(Window.orderBy(col(Columns.SCORE).desc(), col(Columns.ITEM_ID))))
        .select(
            col(Columns.RANK),
            col(Columns.ITEM_ID),
            col(Columns.SCORE).cast(DataTypes.FloatType).as(Columns.SCORE));
  }
}

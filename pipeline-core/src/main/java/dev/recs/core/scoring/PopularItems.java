package dev.recs.core.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import dev.recs.core.config.ScoringParams;
import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

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

  /**
   * {@code (rank, item_id, score)} for the top {@code popularN} items. Collects those rows (a
   * bounded list) and ranks them on the driver rather than through a global window.
   */
  public Dataset<Row> apply(Dataset<Row> interactions) {
    Dataset<Row> newest = interactions.agg(max(col(Columns.TS)).as("_now"));
    List<Row> top =
        interactions
            .crossJoin(newest)
            .withColumn(
                "_w",
                EventWeights.of(params)
                    .multiply(EventWeights.decay(col(Columns.TS), col("_now"), params.popularHalfLifeDays())))
            .groupBy(col(Columns.ITEM_ID))
            .agg(sum(col("_w")).as(Columns.SCORE))
            .orderBy(col(Columns.SCORE).desc(), col(Columns.ITEM_ID))
            .limit(params.popularN())
            .collectAsList();
    List<Row> ranked = new ArrayList<>(top.size());
    for (int i = 0; i < top.size(); i++) {
      ranked.add(RowFactory.create(i + 1, top.get(i).getString(0), (float) top.get(i).getDouble(1)));
    }
    return interactions.sparkSession().createDataFrame(ranked, Table.POPULAR_ITEMS.sparkSchema());
  }
}

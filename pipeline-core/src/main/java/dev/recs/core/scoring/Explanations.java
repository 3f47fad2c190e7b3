package dev.recs.core.scoring;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code explanation} of each recommendation, a short sentence built from its reason: a new
 * item (at most {@code newItemMaxEvents} events in the interactions) with a reason item, "New in
 * <i>first category</i>, similar to <i>title</i>" ("New, similar to <i>title</i>" without
 * categories); any other item with a reason item, "Because you watched <i>title</i>"; a
 * popularity fallback, "Popular this week in <i>first category</i>" (or "Popular this week" for
 * an item without categories). Anything else stays null rather than getting a made-up reason.
 *
 * <p>The new-item form says why an item with no audience yet is there at all: the reason item
 * is then a content match, not something other watchers of the title also watched.
 */
public final class Explanations {
  private final int newItemMaxEvents;

  /**
   * @param newItemMaxEvents an item with at most this many events counts as new (the ranker's
   *     {@code new-item-max-events}); negative turns the new-item form off
   */
  public Explanations(int newItemMaxEvents) {
    this.newItemMaxEvents = newItemMaxEvents;
  }

  /**
   * @param recommendations rows of {@code user_recommendations} (any explanation is replaced)
   * @param items the {@code items} table: {@code (item_id, title, categories)}
   * @param interactions the clean interactions, counted per item to tell new items
   */
  public Dataset<Row> apply(Dataset<Row> recommendations, Dataset<Row> items, Dataset<Row> interactions) {
    Dataset<Row> events =
        interactions
            .groupBy(col(Columns.ITEM_ID))
            .agg(count(lit(1)).as("_events"))
            .withColumnRenamed(Columns.ITEM_ID, "_events_item");
    Dataset<Row> reasons =
        items.select(col(Columns.ITEM_ID).as("_reason_id"), col(Columns.TITLE).as("_reason_title"));
    Dataset<Row> categories =
        items.select(col(Columns.ITEM_ID).as("_item_id"), element_at(col(Columns.CATEGORIES), 1).as("_category"));
    Column popular =
        coalesce(concat(lit("Popular this week in "), col("_category")), lit("Popular this week"));
    Column isNew = coalesce(col("_events"), lit(0L)).leq(newItemMaxEvents);
    Column similar = concat(lit(", similar to "), col("_reason_title"));
    Column fresh =
        coalesce(concat(lit("New in "), col("_category"), similar), concat(lit("New"), similar));
    Column sentence =
        when(col("_reason_title").isNotNull().and(isNew), fresh)
            .when(col("_reason_title").isNotNull(), concat(lit("Because you watched "), col("_reason_title")))
            .when(col(Columns.SOURCE).equalTo(UserRecommendations.SOURCE_POPULAR), popular);
    Dataset<Row> joined =
        recommendations
            .drop(Columns.EXPLANATION)
            .join(reasons, col(Columns.REASON_ITEM_ID).equalTo(col("_reason_id")), "left")
            .join(categories, col(Columns.ITEM_ID).equalTo(col("_item_id")), "left")
            .join(events, col(Columns.ITEM_ID).equalTo(col("_events_item")), "left")
            .withColumn(Columns.EXPLANATION, sentence.cast("string"));
    return joined.select(
        java.util.Arrays.stream(Table.USER_RECOMMENDATIONS.sparkSchema().fieldNames()).map(joined::col).toArray(Column[]::new));
  }
}

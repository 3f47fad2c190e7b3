package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.ItemCooccurrence;
import dev.recs.core.scoring.TopKPerUser;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Baseline: item-based collaborative filtering over {@link ItemCooccurrence} (cosine over
 * co-occurrence, {@code neighbours} per item); a user's score for j is the sum of sim(i, j) over
 * the user's train items i.
 */
public final class ItemKnnRecommender implements Recommender {
  private final int neighbours;

  public ItemKnnRecommender(int neighbours) {
    this.neighbours = neighbours;
  }

  @Override
  public String name() {
    return "item_knn";
  }

  @Override
  public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
    Dataset<Row> ui = train.select(col(Columns.USER_ID), col(Columns.ITEM_ID)).distinct();
    Dataset<Row> history = ui.join(users.select(Columns.USER_ID), Columns.USER_ID);
    Dataset<Row> scores =
        history
            .join(new ItemCooccurrence(neighbours).apply(train), Columns.ITEM_ID)
            .groupBy(col(Columns.USER_ID), col(ItemCooccurrence.NEIGHBOUR).as(Columns.ITEM_ID))
            .agg(sum(col(ItemCooccurrence.SIM)).as(Columns.SCORE))
            .join(ui, TopKPerUser.columns(Columns.USER_ID, Columns.ITEM_ID), "left_anti");
    return TopKPerUser.of(scores, k).select(Columns.USER_ID, Columns.RANK, Columns.ITEM_ID);
  }
}

package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;

import dev.recs.core.schema.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Baseline: item-based collaborative filtering. Similarity is cosine over co-occurrence, {@code
 * co(i,j) / sqrt(deg i · deg j)} with {@code co} the users who have both and {@code deg} the
 * users who have each; each item keeps its {@code neighbours} most similar items; a user's score
 * for j is the sum of sim(i, j) over the user's train items i. Computed with Spark joins: the
 * co-occurrence pairs are the sum of squared history lengths, fine at evaluation scale.
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

  /** {@code (item_id, neighbour, sim)}: each item's top neighbours. */
  public Dataset<Row> neighbours(Dataset<Row> train) {
    Dataset<Row> ui = train.select(col(Columns.USER_ID), col(Columns.ITEM_ID)).distinct();
    Dataset<Row> deg = ui.groupBy(col(Columns.ITEM_ID)).agg(count(lit(1)).as("_deg"));
    Dataset<Row> a = ui.toDF("_u", "_i");
    Dataset<Row> b = ui.toDF("_u", "_j");
    Dataset<Row> co =
        a.join(b, "_u").where(col("_i").notEqual(col("_j"))).groupBy("_i", "_j").agg(count(lit(1)).as("_co"));
    return co.join(deg.toDF("_i", "_di"), "_i")
        .join(deg.toDF("_j", "_dj"), "_j")
        .withColumn("sim", col("_co").divide(sqrt(col("_di").multiply(col("_dj")))))
        .withColumn("_r", row_number().over(Window.partitionBy("_i").orderBy(col("sim").desc(), col("_j"))))
        .where(col("_r").leq(neighbours))
        .select(col("_i").as(Columns.ITEM_ID), col("_j").as("neighbour"), col("sim"));
  }

  @Override
  public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
    Dataset<Row> ui = train.select(col(Columns.USER_ID), col(Columns.ITEM_ID)).distinct();
    Dataset<Row> history = ui.join(users.select(Columns.USER_ID), Columns.USER_ID);
    Dataset<Row> scores =
        history
            .join(neighbours(train), Columns.ITEM_ID)
            .groupBy(col(Columns.USER_ID), col("neighbour").as(Columns.ITEM_ID))
            .agg(sum(col("sim")).as(Columns.SCORE))
            .join(ui, RankTopK.columns(Columns.USER_ID, Columns.ITEM_ID), "left_anti");
    return RankTopK.of(scores, k);
  }
}

package dev.recs.core.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;

import dev.recs.core.schema.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Item-to-item similarity from behaviour: cosine over co-occurrence, {@code co(i,j) / sqrt(deg
 * i · deg j)} with {@code co} the users who have both items and {@code deg} the users who have
 * each; each item keeps its {@code neighbours} most similar items (ties to the smaller id).
 * Computed with Spark joins: the pairs are the sum of squared history lengths.
 */
public final class ItemCooccurrence {
  public static final String NEIGHBOUR = "neighbour";
  public static final String SIM = "sim";

  private final int neighbours;

  public ItemCooccurrence(int neighbours) {
    this.neighbours = neighbours;
  }

  /** {@code (item_id, neighbour, sim)}. Lazy. */
  public Dataset<Row> apply(Dataset<Row> interactions) {
    Dataset<Row> ui = interactions.select(col(Columns.USER_ID), col(Columns.ITEM_ID)).distinct();
    Dataset<Row> deg = ui.groupBy(col(Columns.ITEM_ID)).agg(count(lit(1)).as("_deg"));
    Dataset<Row> a = ui.toDF("_u", "_i");
    Dataset<Row> b = ui.toDF("_u", "_j");
    Dataset<Row> co =
        a.join(b, "_u").where(col("_i").notEqual(col("_j"))).groupBy("_i", "_j").agg(count(lit(1)).as("_co"));
    return co.join(deg.toDF("_i", "_di"), "_i")
        .join(deg.toDF("_j", "_dj"), "_j")
        .withColumn(SIM, col("_co").divide(sqrt(col("_di").multiply(col("_dj")))))
        .withColumn("_r", row_number().over(Window.partitionBy("_i").orderBy(col(SIM).desc(), col("_j"))))
        .where(col("_r").leq(neighbours))
        .select(col("_i").as(Columns.ITEM_ID), col("_j").as(NEIGHBOUR), col(SIM));
  }
}

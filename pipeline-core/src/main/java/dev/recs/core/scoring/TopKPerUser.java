package dev.recs.core.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import dev.recs.core.schema.Columns;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Keeps each user's {@code k} best-scored rows, ties to the smaller item id, ranks from 1. */
public final class TopKPerUser {
  private TopKPerUser() {}

  /** Adds {@code rank} to {@code (user_id, item_id, score, ...)} rows and keeps ranks ≤ k. */
  public static Dataset<Row> of(Dataset<Row> scores, int k) {
    return scores
        .withColumn(
            Columns.RANK,
            row_number()
                .over(Window.partitionBy(col(Columns.USER_ID)).orderBy(col(Columns.SCORE).desc(), col(Columns.ITEM_ID))))
        .where(col(Columns.RANK).leq(k));
  }

  /** Join columns as the Scala sequence Spark's Java API wants. */
  public static Seq<String> columns(String... names) {
    return JavaConverters.asScalaBuffer(Arrays.asList(names)).toSeq();
  }
}

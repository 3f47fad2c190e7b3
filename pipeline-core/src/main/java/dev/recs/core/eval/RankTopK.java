package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import dev.recs.core.schema.Columns;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Keeps each user's {@code k} best-scored items, ties to the smaller item id. */
final class RankTopK {
  private RankTopK() {}

  /** {@code (user_id, item_id, score)} to {@code (user_id, rank, item_id)}. */
  static Dataset<Row> of(Dataset<Row> scores, int k) {
    return scores
        .withColumn(
            Columns.RANK,
            row_number()
                .over(Window.partitionBy(col(Columns.USER_ID)).orderBy(col(Columns.SCORE).desc(), col(Columns.ITEM_ID))))
        .where(col(Columns.RANK).leq(k))
        .select(col(Columns.USER_ID), col(Columns.RANK), col(Columns.ITEM_ID));
  }

  /** Join columns as the Scala sequence Spark's Java API wants. */
  static Seq<String> columns(String... names) {
    return JavaConverters.asScalaBuffer(Arrays.asList(names)).toSeq();
  }
}

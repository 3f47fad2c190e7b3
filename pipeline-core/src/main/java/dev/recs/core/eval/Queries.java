package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;

import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.VectorTopK;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Scores vector models: each user's query vector against an item index, seen items removed. */
final class Queries {
  private static final int BLOCK = 256;

  private Queries() {}

  /**
   * @param queries {@code (user_id, query array<float>)} for the users to score
   */
  static Dataset<Row> topK(Dataset<Row> train, Dataset<Row> queries, EmbeddingIndex index, int k) {
    Dataset<Row> seen =
        train.groupBy(col(Columns.USER_ID)).agg(collect_set(col(Columns.ITEM_ID)).as(VectorTopK.SEEN));
    Broadcast<EmbeddingIndex> b =
        JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext()).broadcast(index);
    return new VectorTopK(k, BLOCK)
        .apply(queries.join(seen, Columns.USER_ID, "left"), b)
        .select(col(Columns.USER_ID), col(Columns.RANK), col(Columns.ITEM_ID));
  }

  static Column queryOf(Column vector) {
    return vector.as(VectorTopK.QUERY);
  }
}

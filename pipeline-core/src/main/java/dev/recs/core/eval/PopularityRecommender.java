package dev.recs.core.eval;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.EmbeddingIndex;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Baseline: the items with the most train events, the same list for everyone, seen removed. */
public final class PopularityRecommender implements Recommender {
  @Override
  public String name() {
    return "popularity";
  }

  @Override
  public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
    // popularity as a one-dimensional factor model: the dot product with [1] is the count
    List<Row> counts =
        train.groupBy(col(Columns.ITEM_ID)).agg(count(lit(1)).as("_c")).orderBy(col(Columns.ITEM_ID)).collectAsList();
    String[] ids = new String[counts.size()];
    float[] values = new float[counts.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = counts.get(i).getString(0);
      values[i] = counts.get(i).getLong(1);
    }
    Dataset<Row> queries = users.select(col(Columns.USER_ID), Queries.queryOf(array(lit(1.0f))));
    return Queries.topK(train, queries, EmbeddingIndex.unnormalised(ids, values, 1), k);
  }
}

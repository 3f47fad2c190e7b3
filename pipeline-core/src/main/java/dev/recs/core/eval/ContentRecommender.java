package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;

import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.EmbeddingIndex;
import java.util.List;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Baseline: content only. A user's profile is the plain mean of the raw feature vectors (TF-IDF,
 * categories, numerics: before the autoencoder) of their train items; items are ranked by
 * cosine to it. Shows what the learned embedding and the weighting add.
 */
public final class ContentRecommender implements Recommender {
  private final Dataset<Row> itemFeatures;

  /** @param itemFeatures {@code (item_id, features vector)} */
  public ContentRecommender(Dataset<Row> itemFeatures) {
    this.itemFeatures = itemFeatures;
  }

  @Override
  public String name() {
    return "content";
  }

  @Override
  public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
    List<Row> rows = itemFeatures.select(Columns.ITEM_ID, Columns.FEATURES).orderBy(Columns.ITEM_ID).collectAsList();
    int dim = ((Vector) rows.get(0).getAs(1)).size();
    String[] ids = new String[rows.size()];
    float[] vectors = new float[rows.size() * dim];
    for (int i = 0; i < rows.size(); i++) {
      ids[i] = rows.get(i).getString(0);
      double[] v = ((Vector) rows.get(i).getAs(1)).toArray();
      for (int j = 0; j < dim; j++) {
        vectors[i * dim + j] = (float) v[j];
      }
    }
    Dataset<Row> queries =
        train
            .select(Columns.USER_ID, Columns.ITEM_ID)
            .distinct()
            .join(users.select(Columns.USER_ID), Columns.USER_ID)
            .join(itemFeatures, Columns.ITEM_ID)
            .groupBy(col(Columns.USER_ID))
            .agg(Summarizer.mean(col(Columns.FEATURES)).as("_mean"))
            .select(col(Columns.USER_ID), Queries.queryOf(functions.vector_to_array(col("_mean"), "float32")));
    return Queries.topK(train, queries, EmbeddingIndex.of(ids, vectors, dim), k);
  }
}

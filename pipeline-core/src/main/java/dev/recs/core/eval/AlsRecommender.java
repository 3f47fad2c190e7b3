package dev.recs.core.eval;

import dev.recs.core.config.EvalParams;
import dev.recs.core.model.ImplicitAls;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.VectorTopK;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Baseline: {@link ImplicitAls} (MLlib's ALS, implicit preferences), scored by the dot product of
 * user and item factors, seen removed.
 */
public final class AlsRecommender implements Recommender {
  private final EvalParams params;
  private final long seed;

  public AlsRecommender(EvalParams params, long seed) {
    this.params = params;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "als";
  }

  @Override
  public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
    ImplicitAls.Factors factors =
        new ImplicitAls(params.alsRank(), params.alsIterations(), params.alsRegParam(), params.alsAlpha(), seed)
            .fit(train);
    Dataset<Row> queries =
        users.select(Columns.USER_ID)
            .join(factors.users().withColumnRenamed(ImplicitAls.FACTORS, VectorTopK.QUERY), Columns.USER_ID);
    // EmbeddingIndex wants item_id order
    List<Row> items = factors.items().orderBy(Columns.ITEM_ID).collectAsList();
    int dim = factors.dim();
    String[] ids = new String[items.size()];
    float[] vectors = new float[items.size() * dim];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = items.get(i).getString(0);
      List<Float> f = items.get(i).getList(1);
      for (int j = 0; j < dim; j++) {
        vectors[i * dim + j] = f.get(j);
      }
    }
    return Queries.topK(train, queries, EmbeddingIndex.unnormalised(ids, vectors, dim), k);
  }
}

package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;

import dev.recs.core.config.ScoringParams;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.PopularItems;
import dev.recs.core.scoring.UserRecommendations;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The content-profile recommender ({@code content_profile}), what {@code user_recommendations}
 * published before the hybrid: weighted profiles over the item embeddings, with the popularity
 * fallback, built from train interactions only. An evaluation baseline now. The
 * embeddings come from content alone, so reusing the night's encoder leaks no test events.
 */
public final class PipelineRecommender implements Recommender {
  private final ScoringParams params;
  private final EmbeddingIndex index;

  public PipelineRecommender(ScoringParams params, EmbeddingIndex index) {
    this.params = params;
    this.index = index;
  }

  @Override
  public String name() {
    return "content_profile";
  }

  @Override
  public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
    ScoringParams atK = params.withTopK(k);
    Broadcast<EmbeddingIndex> b =
        JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext()).broadcast(index);
    return new UserRecommendations(atK)
        .apply(train, users.select(Columns.USER_ID), b, new PopularItems(atK).apply(train))
        .select(col(Columns.USER_ID), col(Columns.RANK), col(Columns.ITEM_ID), col(Columns.SCORE));
  }
}

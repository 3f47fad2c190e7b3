package dev.recs.core.eval;

import dev.recs.core.config.RankerParams;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.ranking.HybridRanker;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.EmbeddingIndex;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The hybrid recommender, or one of its ablations, as an evaluated model. */
public final class HybridRecommender implements Recommender {
  private final String name;
  private final HybridRanker ranker;
  private final HybridRanker.Variant variant;
  private final Dataset<Row> catalogItems;
  private final EmbeddingIndex index;

  public HybridRecommender(
      String name, RankerParams params, ScoringParams scoring, long seed, HybridRanker.Variant variant,
      Dataset<Row> catalogItems, EmbeddingIndex index) {
    this.name = name;
    this.ranker = new HybridRanker(params, scoring, seed);
    this.variant = variant;
    this.catalogItems = catalogItems;
    this.index = index;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
    return ranker.recommend(train, users, catalogItems, index, k, variant)
        .select(Columns.USER_ID, Columns.RANK, Columns.ITEM_ID);
  }
}

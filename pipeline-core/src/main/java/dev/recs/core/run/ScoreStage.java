package dev.recs.core.run;

import static dev.recs.core.run.NightlyRun.CATALOG;
import static dev.recs.core.run.NightlyRun.EVAL_LISTS;
import static dev.recs.core.run.NightlyRun.HOLDOUT_TEST;
import static dev.recs.core.run.NightlyRun.HOLDOUT_TRAIN;
import static dev.recs.core.run.NightlyRun.INTERACTIONS;
import static dev.recs.core.run.NightlyRun.RANKER_NEIGHBOURS;
import static dev.recs.core.run.NightlyRun.RANKER_VECTORS;
import static dev.recs.core.run.NightlyRun.USERS;

import dev.recs.core.config.PipelineConfig;
import dev.recs.core.model.ModelRegistry;
import dev.recs.core.ranking.CandidateSources;
import dev.recs.core.ranking.HybridRanker;
import dev.recs.core.ranking.PublishedRecommender;
import dev.recs.core.ranking.RankerModel;
import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import dev.recs.core.scoring.Explanations;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.PopularItems;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The score stage: popular items and every user's published list ({@link PublishedRecommender}),
 * and the held-out users' lists from their earlier events, built the same way.
 */
final class ScoreStage {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);

  private final Night night;

  ScoreStage(Night night) {
    this.night = night;
  }

  /**
   * Computes popular items and every user's recommendations from the night's
   * models ({@link PublishedRecommender}), and, with {@code eval.enabled}, the held-out users'
   * lists from their earlier events, built the same way.
   */
  void run() {
    night.stage(
        "score",
        () -> {
          Dataset<Row> embeddings = night.work().read(RANKER_VECTORS);
          Broadcast<EmbeddingIndex> index =
              JavaSparkContext.fromSparkContext(night.spark().sparkContext()).broadcast(EmbeddingIndex.collect(embeddings));
          Dataset<Row> interactions = night.work().read(INTERACTIONS);
          night.timedWrite(Table.POPULAR_ITEMS.tableName(), new PopularItems(night.config().scoring()).apply(interactions));
          PublishedRecommender published = night.publishedRecommender();
          PublishedRecommender.Fitted fitted = fitted(index.value());
          Dataset<Row> categories = night.work().read(CATALOG).select(Columns.ITEM_ID, Columns.CATEGORIES);
          long catalogSize = night.work().read(CATALOG).count();
          Dataset<Row> lists =
              published.lists(fitted, interactions, night.work().read(USERS), index, categories, catalogSize,
                  night.config().scoring().topK(), true);
          long written =
              night.timedWrite(
                  Table.USER_RECOMMENDATIONS.tableName(),
                  explained(night.config(), lists, night.work().read(Table.ITEMS.tableName()), interactions));
          if (night.config().eval().enabled()) {
            Dataset<Row> test = night.work().read(HOLDOUT_TEST);
            night.timedWrite(EVAL_LISTS,
                published.lists(fitted, night.work().read(HOLDOUT_TRAIN), test.select(Columns.USER_ID).distinct(), index,
                        categories, catalogSize, night.config().eval().maxK(), true)
                    .select(Columns.USER_ID, Columns.RANK, Columns.ITEM_ID, Columns.SCORE));
          }
          int items = index.value().size();
          fitted.sources().release();
          index.destroy();
          return items + " items, " + written + " recommendations";
        });
  }


  /**
   * The ranker's item vectors ({@code index}) with their neighbours, what the hybrid's content
   * generators and features read.
   */
  static HybridRanker.Content content(Night night, EmbeddingIndex index) {
    return HybridRanker.Content.of(index, night.work().read(RANKER_NEIGHBOURS));
  }


  /** The night's candidate sources and ranker, as {@link #train} saved (or the pinned version holds) them. */
  private PublishedRecommender.Fitted fitted(EmbeddingIndex index) {
    Configuration hadoop = night.spark().sparkContext().hadoopConfiguration();
    String version = night.work().progress().modelVersion();
    CandidateSources sources = CandidateSources.load(night.registry().dir(version, ModelRegistry.SOURCES), hadoop);
    RankerModel ranker = RankerModel.load(night.registry().dir(version, ModelRegistry.RANKER), hadoop);
    return new PublishedRecommender.Fitted(
        night.publishedRecommender().hybrid().prepare(sources, content(night, index), JavaSparkContext.fromSparkContext(night.spark().sparkContext())),
        ranker);
  }


  /** The published form of recommender lists: with their explanations. Shared by the nightly and the refresh. */
  static Dataset<Row> explained(PipelineConfig config, Dataset<Row> lists, Dataset<Row> items, Dataset<Row> interactions) {
    return new Explanations(config.ranker().newItemMaxEvents()).apply(lists, items, interactions);
  }

}

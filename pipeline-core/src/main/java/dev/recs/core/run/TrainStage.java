package dev.recs.core.run;

import static dev.recs.core.run.NightlyRun.CATALOG;
import static dev.recs.core.run.NightlyRun.CONTENT_EMBEDDINGS;
import static dev.recs.core.run.NightlyRun.HOLDOUT_TEST;
import static dev.recs.core.run.NightlyRun.HOLDOUT_TRAIN;
import static dev.recs.core.run.NightlyRun.INTERACTIONS;
import static dev.recs.core.run.NightlyRun.ITEM_FEATURES;
import static dev.recs.core.run.NightlyRun.RANKER_NEIGHBOURS;
import static dev.recs.core.run.NightlyRun.RANKER_VECTORS;
import static org.apache.spark.sql.functions.lit;

import dev.recs.core.eval.NightlyHoldout;
import dev.recs.core.eval.TemporalSplit;
import dev.recs.core.model.CollaborativeMapModel;
import dev.recs.core.model.ContentEncoderModel;
import dev.recs.core.model.ContentEncoderTrainer;
import dev.recs.core.model.EncoderTraining;
import dev.recs.core.model.ModelRegistry;
import dev.recs.core.api.PipelineException;
import dev.recs.core.model.ModelLineage;
import dev.recs.core.ranking.CandidateSources;
import dev.recs.core.ranking.HybridRanker;
import dev.recs.core.ranking.ItemVectors;
import dev.recs.core.ranking.RankerModel;
import dev.recs.core.ranking.RankerTrainer;
import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.SimilarItems;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The train stage: the content encoder, the candidate sources, the item vectors (content →
 * collaborative model) and the ranker, each trained once on the night's training events and saved
 * in the registry; a pinned version's are loaded.
 */
final class TrainStage {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);

  private final Night night;

  TrainStage(Night night) {
    this.night = night;
  }

  /**
   * Trains every model of the night once: the content encoder (from scratch or from the parent's,
   * a warm start), then, on the interactions without the night's held-out events ({@link
   * NightlyHoldout}), the hybrid's candidate sources and its ranker; each saved in the registry.
   * A pinned version's models are only loaded.
   */
  EncoderTraining run() {
    EncoderTraining[] trained = new EncoderTraining[1];
    night.stage(
        "train",
        () -> {
          Configuration hadoop = night.spark().sparkContext().hadoopConfiguration();
          ModelLineage lineage = night.work().progress().lineage();
          String summary;
          ContentEncoderModel encoder;
          if (ModelLineage.PINNED.equals(lineage.training())) {
            encoder = ContentEncoderModel.load(night.registry().dir(lineage.version(), ModelRegistry.ENCODER), hadoop);
            summary = "pinned model " + lineage.version() + ", nothing trained";
          } else {
            ContentEncoderTrainer trainer = new ContentEncoderTrainer(night.config().encoder());
            encoder = null;
            if (ModelLineage.WARM.equals(lineage.training())) {
              ContentEncoderModel parent =
                  ContentEncoderModel.load(night.registry().dir(lineage.parent(), ModelRegistry.ENCODER), hadoop);
              try {
                encoder = trainer.fineTune(night.work().read(ITEM_FEATURES), parent, night.config().training().warmEncoderEpochs());
              } catch (IllegalStateException e) {
                lineage = lineage.asFull("encoder shape changed since " + lineage.parent() + ": " + e.getMessage());
                night.work().save(night.work().progress().withLineage(lineage));
              }
            }
            if (encoder == null) {
              encoder = trainer.fit(night.work().read(ITEM_FEATURES));
            }
            encoder.save(night.registry().dir(lineage.version(), ModelRegistry.ENCODER), hadoop);
            summary = lineage.training() + ": " + encoder.training().trainItems() + " training items, "
                + encoder.training().epochs() + " epochs";
          }
          trained[0] = encoder.training();
          night.timedWrite(CONTENT_EMBEDDINGS, encoder.embed(night.work().read(ITEM_FEATURES)));
          Dataset<Row> train = night.work().read(INTERACTIONS);
          if (night.config().eval().enabled()) {
            TemporalSplit.Split split = new NightlyHoldout(night.config().eval(), night.config().seed(), night.config().ranker().objective()).apply(train);
            night.work().write(HOLDOUT_TRAIN, split.train());
            night.work().write(HOLDOUT_TEST, split.test());
            train = night.work().read(HOLDOUT_TRAIN);
          }
          return summary + "; " + trainHybrid(train, lineage);
        });
    night.work().save(night.work().progress().withEncoder(trained[0]));
    return trained[0];
  }


  /**
   * The hybrid's candidate sources and ranker, trained on {@code train} from scratch or from the
   * parent's ranker (a warm start), saved in the registry; a pinned version's are kept as they are.
   */
  private String trainHybrid(Dataset<Row> train, ModelLineage lineage) {
    Configuration hadoop = night.spark().sparkContext().hadoopConfiguration();
    boolean pinned = ModelLineage.PINNED.equals(lineage.training());
    if (pinned) {
      for (String part : List.of(ModelRegistry.RANKER, ModelRegistry.SOURCES)) {
        if (!night.registry().hasPart(lineage.version(), part)) {
          throw PipelineException.badInput("train", "model " + lineage.version() + " has no " + part
              + "; pin a version published with the hybrid", night.registry().dir(lineage.version(), part));
        }
      }
    }
    HybridRanker hybrid = night.publishedRecommender().hybrid();
    Dataset<Row> catalogItems = night.work().read(CATALOG).select(Columns.ITEM_ID);
    long start = System.nanoTime();
    CandidateSources sources;
    if (pinned) {
      sources = CandidateSources.load(night.registry().dir(lineage.version(), ModelRegistry.SOURCES), hadoop);
    } else {
      sources = hybrid.fitSources(train, catalogItems);
      sources.save(night.registry().dir(lineage.version(), ModelRegistry.SOURCES), hadoop);
    }
    long sourcesMillis = Night.millisSince(start);
    start = System.nanoTime();
    String vectors = itemVectors(sources, lineage, pinned);
    long vectorsMillis = Night.millisSince(start);
    if (pinned) {
      return vectors + "; ranker and candidate sources of " + lineage.version();
    }
    HybridRanker.Content content = ScoreStage.content(night, EmbeddingIndex.collect(night.work().read(RANKER_VECTORS)));
    start = System.nanoTime();
    RankerTrainer.Sample sample = hybrid.sample(train, catalogItems, content);
    long sampleMillis = Night.millisSince(start);
    start = System.nanoTime();
    RankerModel parent = null;
    if (ModelLineage.WARM.equals(lineage.training()) && night.registry().hasPart(lineage.parent(), ModelRegistry.RANKER)) {
      try {
        parent = RankerModel.load(night.registry().dir(lineage.parent(), ModelRegistry.RANKER), hadoop);
      } catch (PipelineException | IllegalStateException e) {
        LOG.warn("ranker trained from scratch, the parent's is refused: {}", e.getMessage());
      }
    }
    RankerModel ranker;
    try {
      ranker = hybrid.fit(sample, HybridRanker.Variant.FULL, parent, night.config().training().warmRankerEpochs());
    } catch (IllegalStateException e) {
      LOG.warn("ranker trained from scratch: {}", e.getMessage());
      ranker = hybrid.fit(sample, HybridRanker.Variant.FULL);
    }
    ranker.save(night.registry().dir(lineage.version(), ModelRegistry.RANKER), hadoop);
    night.work().save(night.work().progress().withFusion(ranker.fusion()));
    LOG.info("train: candidate sources in {} ms, item vectors in {} ms, ranker sample of {} rows in {} ms, ranker in {} ms",
        sourcesMillis, vectorsMillis, sample.features().length + sample.validFeatures().length, sampleMillis,
        Night.millisSince(start));
    return vectors + "; ranker " + (parent == null ? "from scratch" : "fine-tuned") + " on " + sample.features().length
        + " rows";
  }


  /**
   * Writes {@code item_embeddings} ({@link ItemVectors}: learned factors blended with the content
   * → collaborative model's prediction), {@code similar_items}, their exact cosine top-K, and the
   * ranker's blend of the same vectors with its own top-K (work tables, and in the registry for
   * refresh). The model is trained here and saved in the registry, or, for a pinned version,
   * loaded from it.
   */
  private String itemVectors(CandidateSources sources, ModelLineage lineage, boolean pinned) {
    Configuration hadoop = night.spark().sparkContext().hadoopConfiguration();
    ItemVectors vectors = new ItemVectors(night.config().collaborative());
    Dataset<Row> inputs = itemInputs();
    CollaborativeMapModel map = null;
    String dir = night.registry().dir(lineage.version(), ModelRegistry.COLLABORATIVE);
    if (vectors.collaborative(sources)) {
      if (pinned) {
        map = night.registry().hasPart(lineage.version(), ModelRegistry.COLLABORATIVE) ? CollaborativeMapModel.load(dir, hadoop) : null;
      } else {
        map = vectors.fit(sources, inputs);
        if (map != null) {
          map.save(dir, hadoop);
        }
      }
    }
    ItemVectors.Blends blends = vectors.vectors(sources, map, inputs, night.work().read(CONTENT_EMBEDDINGS));
    night.timedWrite(Table.ITEM_EMBEDDINGS.tableName(), blends.published().withColumn(Columns.MODEL_VERSION, lit(lineage.version())));
    if (!blends.same()) {
      night.work().write(RANKER_VECTORS, blends.ranker());
    }
    inputs.unpersist();
    SimilarItems similar = new SimilarItems(night.config().scoring());
    Dataset<Row> candidates = ItemVectors.neighbourCandidates(sources, night.spark());
    night.timedWrite(Table.SIMILAR_ITEMS.tableName(), similar.apply(night.work().read(Table.ITEM_EMBEDDINGS.tableName()), candidates));
    if (blends.same()) {
      night.work().write(RANKER_VECTORS, night.work().read(Table.ITEM_EMBEDDINGS.tableName()).select(Columns.ITEM_ID, Columns.EMBEDDING));
      night.work().write(RANKER_NEIGHBOURS, night.work().read(Table.SIMILAR_ITEMS.tableName()));
    } else {
      night.timedWrite(RANKER_NEIGHBOURS, similar.apply(night.work().read(RANKER_VECTORS), candidates));
    }
    if (!pinned) {
      String saved = night.registry().dir(lineage.version(), ModelRegistry.RANKER_CONTENT);
      night.work().read(RANKER_VECTORS).write().mode(SaveMode.Overwrite).parquet(saved + "/vectors");
      night.work().read(RANKER_NEIGHBOURS).write().mode(SaveMode.Overwrite).parquet(saved + "/neighbours");
    }
    return map == null
        ? "item vectors: autoencoder embeddings"
        : "item vectors: content->collaborative model on " + map.training().trainItems() + " items, "
            + map.training().epochs() + " epochs";
  }


  /** The content → collaborative model's input per item (features and autoencoder embedding), cached. */
  private Dataset<Row> itemInputs() {
    return ItemVectors.inputs(night.work().read(ITEM_FEATURES), night.work().read(CONTENT_EMBEDDINGS)).cache();
  }

}

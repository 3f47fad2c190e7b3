package dev.recs.core.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recs.core.api.PipelineException;
import dev.recs.core.config.PipelineConfig;
import dev.recs.core.features.ItemFeaturesModel;
import dev.recs.core.model.CollaborativeMapModel;
import dev.recs.core.model.ContentEncoderModel;
import dev.recs.core.publish.ManifestWriter;
import dev.recs.core.publish.DatedFolders;
import dev.recs.core.model.ModelCard;
import dev.recs.core.model.EncoderTraining;
import dev.recs.core.model.ModelRegistry;
import dev.recs.core.model.ModelLineage;
import dev.recs.core.publish.PartitionPublisher;
import dev.recs.core.publish.RefreshInfo;
import dev.recs.core.publish.RunManifest;
import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.NewItemNeighbours;
import dev.recs.core.scoring.PopularItems;
import dev.recs.core.ranking.CandidateSources;
import dev.recs.core.ranking.HybridRanker;
import dev.recs.core.ranking.ItemVectors;
import dev.recs.core.ranking.PublishedRecommender;
import dev.recs.core.ranking.RankerModel;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An intraday refresh ({@code recs refresh}): brings the latest published run at or before the
 * refresh's date up to date with what arrived since, without retraining, and publishes the
 * result as the refresh's date's partition of every table.
 *
 * <ol>
 *   <li>Ingests both inputs in full with the nightly's rules ({@link NightlyRun#ingest}): same
 *       rejects, same accounting, same reject ceiling.
 *   <li>New items (clean catalog items without a published embedding) go through the published
 *       model ({@code <output>/models/<version>/features} then {@code /encoder}); {@code
 *       item_embeddings} = published + new.
 *   <li>{@code similar_items}: new items get their top K among all items; old items' lists are
 *       updated where a new item enters their top K ({@link NewItemNeighbours}).
 *   <li>{@code user_recommendations}: users with a clean event after the base run's newest one
 *       ({@code dataWindow.lastEvent}), and users without published recommendations, are
 *       re-scored from their whole history by the night's recommender ({@link
 *       PublishedRecommender}) with the base model's saved ranker and candidate sources; new
 *       items reach them through the new-item candidates and slots. Every other user keeps their
 *       published rows unchanged.
 *   <li>{@code popular_items} is recomputed (cheap); {@code items} and {@code rejects} are the
 *       refresh's own; {@code metrics} keeps the base run's rows plus {@code refresh} rows.
 * </ol>
 *
 * <p>Which date: the refresh publishes {@code date} (the CLI's {@code --date}, today by
 * default), not the base run's date. Run during the day after a nightly of yesterday, it adds
 * today's partition (which tonight's nightly then replaces with a retrained one) and leaves the
 * nightly's own partition as it was; run for the base run's own date, it replaces that one.
 * Either way readers of the newest partition see the refresh. A later refresh starts from this
 * one (its manifest carries the refresh's data window and the same model version).
 *
 * <p>Same guarantees as the nightly: everything is written to the work area first; nothing
 * under {@code <output>/<table>/} changes before publish, which renames each table's partition
 * into place ({@link PartitionPublisher}); the manifest is written last. Not done: retraining,
 * re-embedding items whose content changed, removing items that left the catalog, re-scoring
 * users whose only new events are older than the base run's newest event (late arrivals).
 */
public final class IntradayRefresh {
  private static final Logger LOG = LoggerFactory.getLogger(IntradayRefresh.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** {@code metrics.model} of the rows a refresh adds. */
  public static final String METRICS_MODEL = "refresh";

  private static final String NEW_EMBEDDINGS = "new_item_embeddings";
  private static final String RESCORED_USERS = "rescored_users";

  private final SparkSession spark;
  private final PipelineConfig config;
  private final String output;
  private final LocalDate date;
  private final WorkArea work;
  private final Map<String, Object> resolvedConfig;
  private final ModelRegistry registry;
  /** Loaded on first use by {@link #sources}. */
  private CandidateSources baseSources;

  /**
   * @param date the partition to publish; the base is the latest published run at or before it
   * @param resolvedConfig the configuration as the caller resolved it, recorded in the manifest
   */
  public IntradayRefresh(
      SparkSession spark,
      PipelineConfig config,
      String output,
      LocalDate date,
      Map<String, Object> resolvedConfig) {
    this.spark = spark;
    this.config = config;
    this.output = output;
    this.date = date;
    this.work = new WorkArea(spark, output, date);
    this.resolvedConfig = resolvedConfig;
    this.registry = new ModelRegistry(output, spark.sparkContext().hadoopConfiguration());
  }

  /** The published run a refresh starts from: its date, run id, model and newest event. */
  record Base(LocalDate date, String runId, String modelVersion, String lastEvent, EncoderTraining encoder) {}

  /** Refreshes and publishes; returns the manifest written. */
  public RunManifest refresh(RunInputs inputs) {
    Base base = base();
    LOG.info("refresh: from dt={} (run {}, model {}, events up to {})",
        base.date(), base.runId(), base.modelVersion(), base.lastEvent());
    new NightlyRun(spark, config, output, date, resolvedConfig).ingest(inputs);

    long[] newItems = new long[1];
    stage("embed", () -> {
      newItems[0] = embedNewItems(base);
      return newItems[0] + " new items embedded";
    });
    Dataset<Row> embeddings = work.read(Table.ITEM_EMBEDDINGS.tableName());
    Broadcast<EmbeddingIndex> index =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(EmbeddingIndex.collect(embeddings));
    long[] updatedSimilar = new long[1];
    stage("similar", () -> {
      Dataset<Row> published = published(Table.SIMILAR_ITEMS, base);
      if (newItems[0] == 0) {
        work.write(Table.SIMILAR_ITEMS.tableName(), published);
        return "no new items, similar_items kept";
      }
      NewItemNeighbours.Update update =
          new NewItemNeighbours(config.scoring()).apply(published, work.read(NEW_EMBEDDINGS), index,
              sources(base).itemsWithEvents());
      work.write(Table.SIMILAR_ITEMS.tableName(), update.similarItems());
      updatedSimilar[0] = update.updatedItems();
      return newItems[0] + " new lists, " + update.updatedItems() + " old lists updated";
    });
    long[] rescored = new long[1];
    stage("recommend", () -> {
      rescored[0] = recommend(base);
      return rescored[0] + " users re-scored";
    });
    index.destroy();
    work.write(Table.METRICS.tableName(), metrics(base, newItems[0], rescored[0], updatedSimilar[0]));
    return publish(base, new RefreshInfo(
        base.date().toString(), base.runId(), base.lastEvent(), newItems[0], rescored[0], updatedSimilar[0]));
  }

  /** The base night's saved candidate sources, loaded once. */
  private CandidateSources sources(Base base) {
    if (baseSources == null) {
      baseSources = CandidateSources.load(modelDir(base, ModelRegistry.SOURCES), spark.sparkContext().hadoopConfiguration());
    }
    return baseSources;
  }

  /** Embeds the catalog items without a published embedding; writes the whole table. */
  private long embedNewItems(Base base) {
    Dataset<Row> published = published(Table.ITEM_EMBEDDINGS, base);
    Dataset<Row> fresh =
        work.read(NightlyRun.CATALOG).join(published.select(col(Columns.ITEM_ID)), Columns.ITEM_ID, "left_anti");
    long count = fresh.count();
    if (count == 0) {
      work.write(NEW_EMBEDDINGS, published.limit(0));
    } else {
      ItemFeaturesModel features = ItemFeaturesModel.load(modelDir(base, ModelRegistry.FEATURES));
      ContentEncoderModel encoder =
          ContentEncoderModel.load(modelDir(base, ModelRegistry.ENCODER), spark.sparkContext().hadoopConfiguration());
      Dataset<Row> itemFeatures = features.transform(fresh);
      Dataset<Row> content = encoder.embed(itemFeatures);
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      // a new item has no events: its vector is the content -> collaborative model's prediction
      CollaborativeMapModel map = registry.hasPart(base.modelVersion(), ModelRegistry.COLLABORATIVE)
          ? CollaborativeMapModel.load(modelDir(base, ModelRegistry.COLLABORATIVE), hadoop)
          : null;
      // (both blends agree on an item without events: the published one is kept)
      Dataset<Row> vectors = map == null
          ? content
          : new ItemVectors(config.collaborative()).vectors(
              sources(base), map,
              ItemVectors.inputs(itemFeatures, content), content).published();
      work.write(NEW_EMBEDDINGS, vectors.withColumn(Columns.MODEL_VERSION, lit(base.modelVersion())));
    }
    work.write(
        Table.ITEM_EMBEDDINGS.tableName(),
        PartitionPublisher.conform(Table.ITEM_EMBEDDINGS, published)
            .unionByName(PartitionPublisher.conform(Table.ITEM_EMBEDDINGS, work.read(NEW_EMBEDDINGS))));
    return count;
  }

  /**
   * Recomputes {@code popular_items}, re-scores the users with news and keeps everyone else's
   * published rows; returns the users re-scored.
   */
  private long recommend(Base base) {
    Dataset<Row> interactions = work.read(NightlyRun.INTERACTIONS);
    work.write(Table.POPULAR_ITEMS.tableName(), new PopularItems(config.scoring()).apply(interactions));
    Dataset<Row> users = work.read(NightlyRun.USERS);
    Dataset<Row> published = published(Table.USER_RECOMMENDATIONS, base);
    Dataset<Row> active =
        base.lastEvent() == null
            ? users
            : interactions
                .where(col(Columns.TS).gt(lit(Timestamp.from(Instant.parse(base.lastEvent())))))
                .select(col(Columns.USER_ID));
    Dataset<Row> unlisted = users.join(published.select(col(Columns.USER_ID)), Columns.USER_ID, "left_anti");
    work.write(RESCORED_USERS, active.unionByName(unlisted).distinct());
    Dataset<Row> rescore = work.read(RESCORED_USERS);
    long count = rescore.count();
    // the nightly's recommender with the night's ranker and candidate sources: new items reach
    // the lists through the new-item candidates and slots; no cross-user swaps for a few users
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    HybridRanker.Content content = rankerContent(base);
    Broadcast<EmbeddingIndex> index = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(content.index());
    PublishedRecommender recommender =
        new PublishedRecommender(config.ranker(), config.scoring(), config.diversity(), config.seed());
    PublishedRecommender.Fitted fitted =
        new PublishedRecommender.Fitted(
            recommender.hybrid().prepare(
                sources(base),
                content,
                JavaSparkContext.fromSparkContext(spark.sparkContext())),
            RankerModel.load(modelDir(base, ModelRegistry.RANKER), hadoop));
    Dataset<Row> catalog = work.read(NightlyRun.CATALOG);
    Dataset<Row> fresh =
        recommender.lists(fitted, interactions, rescore, index, catalog.select(Columns.ITEM_ID, Columns.CATEGORIES),
            catalog.count(), config.scoring().topK(), false);
    Dataset<Row> explained =
        ScoreStage.explained(config, fresh, work.read(Table.ITEMS.tableName()), interactions);
    work.write(
        Table.USER_RECOMMENDATIONS.tableName(),
        PartitionPublisher.conform(
                Table.USER_RECOMMENDATIONS, published.join(rescore, Columns.USER_ID, "left_anti"))
            .unionByName(PartitionPublisher.conform(Table.USER_RECOMMENDATIONS, explained)));
    fitted.sources().release();
    index.destroy();
    return count;
  }

  /**
   * The ranker's item vectors and neighbours as the base night saved them, and the refreshed
   * {@code item_embeddings} and {@code similar_items} rows of every other item: the new ones
   * (both blends place an item without events by its content, and it enters no old list before
   * its first event), or every item for a model saved before the ranker had vectors of its own.
   */
  private HybridRanker.Content rankerContent(Base base) {
    Dataset<Row> embeddings = work.read(Table.ITEM_EMBEDDINGS.tableName()).select(Columns.ITEM_ID, Columns.EMBEDDING);
    Dataset<Row> similar = work.read(Table.SIMILAR_ITEMS.tableName());
    if (!registry.hasPart(base.modelVersion(), ModelRegistry.RANKER_CONTENT)) {
      return HybridRanker.Content.of(EmbeddingIndex.collect(embeddings), similar);
    }
    String dir = modelDir(base, ModelRegistry.RANKER_CONTENT);
    Dataset<Row> vectors = spark.read().parquet(dir + "/vectors").select(Columns.ITEM_ID, Columns.EMBEDDING);
    Dataset<Row> neighbours = spark.read().parquet(dir + "/neighbours");
    return HybridRanker.Content.of(
        EmbeddingIndex.collect(vectors.unionByName(embeddings.join(vectors.select(Columns.ITEM_ID), Columns.ITEM_ID, "left_anti"))),
        neighbours.unionByName(similar.join(neighbours.select(Columns.ITEM_ID).distinct(), Columns.ITEM_ID, "left_anti")));
  }

  /** The base run's metrics (without an earlier refresh's rows) plus this refresh's counts. */
  private Dataset<Row> metrics(Base base, long newItems, long rescored, long updatedSimilar) {
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(METRICS_MODEL, "all", "new_items", 0, (double) newItems));
    rows.add(RowFactory.create(METRICS_MODEL, "all", "rescored_users", 0, (double) rescored));
    rows.add(RowFactory.create(METRICS_MODEL, "all", "updated_similar_items", 0, (double) updatedSimilar));
    Dataset<Row> published =
        PartitionPublisher.conform(Table.METRICS, published(Table.METRICS, base))
            .where(col(Columns.MODEL).notEqual(METRICS_MODEL));
    return published.unionByName(spark.createDataFrame(rows, Table.METRICS.sparkSchema()));
  }

  private RunManifest publish(Base base, RefreshInfo refresh) {
    long start = System.nanoTime();
    RunProgress progress = work.progress();
    PartitionPublisher publisher = new PartitionPublisher(spark, output, date, progress.runId());
    publisher.removeStaleStaging();
    Map<String, Long> tables = work.publishOutputs(publisher);
    RunProgress done = progress.withStage("publish", millisSince(start));
    RunManifest manifest =
        done.toManifest(
            date.toString(), tables, base.modelVersion(), config.seed(), base.encoder(), resolvedConfig,
            new ModelLineage(
                base.modelVersion(), null, ModelLineage.PINNED,
                "intraday refresh of dt=" + base.date() + ": no retraining",
                registry.card(base.modelVersion()).map(ModelCard::vocabularyHash).orElse(null)),
            null,
            refresh);
    ManifestWriter.write(output, manifest, spark.sparkContext().hadoopConfiguration());
    LOG.info("refresh publish: {} tables in {} ms: {}", tables.size(), millisSince(start), tables);
    if (!config.publish().keepWork()) {
      work.delete();
    }
    return manifest;
  }

  /**
   * The latest published run at or before {@link #date}, from {@code _runs/dt=*}. Fails with
   * a bad input when there is none, or when its model folder is gone.
   */
  Base base() {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path runs = new Path(output, ManifestWriter.RUNS);
    try {
      FileSystem fs = runs.getFileSystem(hadoop);
      List<LocalDate> dates = new ArrayList<>();
      for (DatedFolders.Dated d : DatedFolders.list(fs, runs)) {
        if (!d.date().isAfter(date)) {
          dates.add(d.date());
        }
      }
      dates.sort(java.util.Comparator.reverseOrder());
      for (LocalDate d : dates) {
        Path file = ManifestWriter.path(output, d);
        if (!fs.exists(file)) {
          continue;
        }
        RunManifest m;
        try (InputStream in = fs.open(file)) {
          m = JSON.readValue(in, RunManifest.class);
        }
        if (!"published".equals(m.status())) {
          continue;
        }
        String version = m.modelVersion();
        if (version == null
            || !List.of(ModelRegistry.FEATURES, ModelRegistry.ENCODER, ModelRegistry.RANKER, ModelRegistry.SOURCES)
                .stream().allMatch(part -> registry.hasPart(version, part))) {
          throw PipelineException.badInput(
              "refresh", "the model " + version + " of dt=" + d + " is missing", output + "/" + ModelRegistry.MODELS + "/" + version);
        }
        return new Base(d, m.runId(), version, m.dataWindow() == null ? null : m.dataWindow().lastEvent(), m.encoder());
      }
    } catch (IOException e) {
      throw PipelineException.internal("refresh", "cannot read " + runs + ": " + e.getMessage(), e);
    }
    throw PipelineException.badInput(
        "refresh", "no published run at or before " + date + "; run nightly first", runs.toString());
  }

  private Dataset<Row> published(Table table, Base base) {
    return spark.read().parquet(new PartitionPublisher(spark, output, base.date(), "read").partition(table).toString());
  }

  private String modelDir(Base base, String part) {
    return registry.dir(base.modelVersion(), part);
  }

  private void stage(String name, Supplier<String> body) {
    Night.stage(work, LOG, "refresh ", name, body);
  }

  private static long millisSince(long startNanos) {
    return Night.millisSince(startNanos);
  }
}

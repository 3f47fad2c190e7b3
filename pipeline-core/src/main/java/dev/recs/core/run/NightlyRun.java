package dev.recs.core.run;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import dev.recs.core.config.EvalParams;
import dev.recs.core.config.PipelineConfig;
import dev.recs.core.eval.AlsRecommender;
import dev.recs.core.eval.ContentRecommender;
import dev.recs.core.eval.DiversityRecommender;
import dev.recs.core.eval.EaseRecommender;
import dev.recs.core.eval.EvaluationReport;
import dev.recs.core.eval.EvaluationResult;
import dev.recs.core.eval.HybridRecommender;
import dev.recs.core.eval.ItemColdStart;
import dev.recs.core.eval.ItemKnnRecommender;
import dev.recs.core.eval.PipelineRecommender;
import dev.recs.core.eval.PopularityRecommender;
import dev.recs.core.eval.MetricRow;
import dev.recs.core.eval.NightlyHoldout;
import dev.recs.core.eval.TemporalSplit;
import dev.recs.core.eval.QualityGate;
import dev.recs.core.eval.RankingEvaluation;
import dev.recs.core.eval.Recommender;
import dev.recs.core.features.ItemFeaturesModel;
import dev.recs.core.features.ItemFeaturesTrainer;
import dev.recs.core.ingest.CatalogIngest;
import dev.recs.core.ingest.IngestCounts;
import dev.recs.core.ingest.IngestGate;
import dev.recs.core.ingest.IngestResult;
import dev.recs.core.ingest.InputSource;
import dev.recs.core.ingest.InteractionIngest;
import dev.recs.core.ingest.RawInputReader;
import dev.recs.core.model.CollaborativeMapModel;
import dev.recs.core.model.ContentEncoderModel;
import dev.recs.core.model.ContentEncoderTrainer;
import dev.recs.core.model.EncoderTraining;
import dev.recs.core.model.ModelCard;
import dev.recs.core.model.ModelRegistry;
import dev.recs.core.api.PipelineException;
import dev.recs.core.publish.AtomicFile;
import dev.recs.core.publish.DataWindow;
import dev.recs.core.publish.DatedFolders;
import dev.recs.core.publish.ModelLineage;
import dev.recs.core.ranking.CandidateSources;
import dev.recs.core.ranking.HybridRanker;
import dev.recs.core.ranking.ItemVectors;
import dev.recs.core.ranking.PublishedRecommender;
import dev.recs.core.ranking.RankerModel;
import dev.recs.core.ranking.RankerTrainer;
import dev.recs.core.publish.ManifestWriter;
import dev.recs.core.publish.PartitionPublisher;
import dev.recs.core.publish.RunManifest;
import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import dev.recs.core.scoring.Explanations;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.PopularItems;
import dev.recs.core.scoring.SimilarItems;
import dev.recs.core.scoring.UserRecommendations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
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
 * One date's run of the pipeline: ingest → features → train → score → evaluate → publish.
 * Each stage can run alone (the CLI's {@code recs ingest}, {@code recs train}, ...) because each
 * reads what the previous one left in the work area; {@link #nightly} runs them all.
 *
 * <p>Nothing under {@code <output>/<table>/} changes before {@link #publish}, so a run that
 * fails in any earlier stage leaves yesterday's and today's published tables as they were.
 */
public final class NightlyRun {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);

  static final String CATALOG = "catalog";
  static final String INTERACTIONS = "interactions";
  static final String USERS = "users";
  static final String ITEM_FEATURES = "item_features";
  /** The night's hold-out: training events and the held-out users' latest events. */
  static final String HOLDOUT_TRAIN = "holdout_train";
  /** The autoencoder's embeddings: the content half of the item vectors' input. */
  static final String CONTENT_EMBEDDINGS = "content_embeddings";
  static final String HOLDOUT_TEST = "holdout_test";
  /** The held-out users' lists from their earlier events, as published lists are built. */
  static final String EVAL_LISTS = "eval_lists";
  static final String REPORT = "report.html";

  private final SparkSession spark;
  private final PipelineConfig config;
  private final String output;
  private final LocalDate date;
  private final WorkArea work;
  private final Map<String, Object> resolvedConfig;
  private final ModelChoice choice;
  private final ModelRegistry registry;

  /**
   * @param resolvedConfig the configuration as the caller resolved it, recorded in the manifest
   */
  public NightlyRun(
      SparkSession spark,
      PipelineConfig config,
      String output,
      LocalDate date,
      Map<String, Object> resolvedConfig) {
    this(spark, config, output, date, resolvedConfig, ModelChoice.DEFAULT);
  }

  /**
   * @param choice a pinned model version, a forced full retrain, a forced publish
   */
  public NightlyRun(
      SparkSession spark,
      PipelineConfig config,
      String output,
      LocalDate date,
      Map<String, Object> resolvedConfig,
      ModelChoice choice) {
    this.spark = spark;
    this.config = config;
    this.output = output;
    this.date = date;
    this.work = new WorkArea(spark, output, date);
    this.resolvedConfig = resolvedConfig;
    this.choice = choice;
    this.registry = new ModelRegistry(output, spark.sparkContext().hadoopConfiguration());
  }

  /** Runs every stage and publishes; returns the manifest written. */
  public RunManifest nightly(RunInputs inputs) {
    ingest(inputs);
    features();
    train();
    score();
    evaluate();
    return publish();
  }

  /** Reads, validates and deduplicates both inputs into the work area. */
  public List<IngestCounts> ingest(RunInputs inputs) {
    long start = System.nanoTime();
    // a killed earlier run may have left a partition moved aside: put it back before anything
    new PartitionPublisher(spark, output, date, "ingest").removeStaleStaging();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    InputSource catalogSource = InputSource.resolve(CATALOG, inputs.catalog(), hadoop);
    InputSource eventSource = InputSource.resolve(INTERACTIONS, inputs.interactions(), hadoop);
    RawInputReader reader = new RawInputReader(spark);

    IngestGate gate = new IngestGate(config.ingest().rejectCeiling());

    IngestResult catalog =
        new CatalogIngest(config.ingest()).apply(reader.read(catalogSource), catalogSource);
    catalog.labelled().cache();
    IngestCounts catalogCounts = catalog.counts();
    gate.check(catalog, catalogCounts, catalogSource);
    work.write(CATALOG, catalog.clean());
    Dataset<Row> cleanCatalog = work.read(CATALOG);
    work.write(
        Table.ITEMS.tableName(),
        cleanCatalog.select(col(Columns.ITEM_ID), col(Columns.TITLE), col(Columns.CATEGORIES)));

    IngestResult events =
        new InteractionIngest(config.ingest(), date)
            .apply(reader.read(eventSource), eventSource, cleanCatalog);
    events.labelled().cache();
    IngestCounts eventCounts = events.counts();
    gate.check(events, eventCounts, eventSource);
    work.write(INTERACTIONS, events.clean());
    work.write(USERS, InteractionIngest.knownUsers(events));
    work.write(Table.REJECTS.tableName(), catalog.rejects().unionByName(events.rejects()));
    catalog.labelled().unpersist();
    events.labelled().unpersist();
    List<IngestCounts> counts = List.of(catalogCounts, eventCounts);
    for (IngestCounts c : counts) {
      LOG.info(
          "ingest {}: {} in, {} clean ({} truncated), {} rejected, {} duplicate",
          c.input(), c.in(), c.clean(), c.truncated(), c.rejected(), c.duplicate());
    }
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put(CATALOG, catalogSource.path() + " (" + catalogSource.format().sparkName() + ")");
    sources.put(INTERACTIONS, eventSource.path() + " (" + eventSource.format().sparkName() + ")");
    RunProgress progress =
        new RunProgress(
            UUID.randomUUID().toString().substring(0, 8),
            Instant.now().toString(),
            modelVersion(),
            sources,
            counts,
            Map.of(),
            null,
            dataWindow(work.read(INTERACTIONS), catalogCounts.clean()),
            new ModelLineage(modelVersion(), null, ModelLineage.FULL, "not decided yet", null));
    work.save(progress.withStage("ingest", millisSince(start)));
    return counts;
  }

  /**
   * Fits the item feature pipeline (or loads the pinned version's), writes item feature
   * vectors, and decides how tonight's model is trained: warm from the previous published
   * model when the feature space is the same, else from scratch ({@link #chooseTraining}).
   */
  public void features() {
    stage(
        "features",
        () -> {
          Dataset<Row> catalog = work.read(CATALOG);
          ItemFeaturesModel model;
          ModelLineage lineage;
          if (choice.pinnedVersion() != null) {
            ModelCard card = registry.require(choice.pinnedVersion());
            model = ItemFeaturesModel.load(registry.dir(card.version(), ModelRegistry.FEATURES));
            lineage =
                new ModelLineage(
                    card.version(), card.parent(), ModelLineage.PINNED, "pinned with --model-version",
                    card.vocabularyHash());
          } else {
            model =
                new ItemFeaturesTrainer(config.features(), config.ingest().numericColumns()).fit(catalog);
            lineage = chooseTraining(model.vocabularyHash());
            model.save(registry.dir(lineage.version(), ModelRegistry.FEATURES));
          }
          work.save(work.progress().withLineage(lineage));
          work.write(ITEM_FEATURES, model.transform(catalog));
          return work.read(ITEM_FEATURES).count() + " items; model " + lineage.version() + ": "
              + lineage.training() + " (" + lineage.reason() + ")";
        });
  }

  /** Full or warm (see {@code training} in reference.conf); the reason goes to the manifest. */
  private ModelLineage chooseTraining(String vocabularyHash) {
    ModelLineage full = new ModelLineage(modelVersion(), null, ModelLineage.FULL, null, vocabularyHash);
    if (!config.training().warmStart()) {
      return full.asFull("warm starts off (training.warm-start = false)");
    }
    if (choice.fullRetrain()) {
      return full.asFull("--full-retrain");
    }
    java.util.Optional<ModelCard> parent = registry.latestBefore(date);
    if (parent.isEmpty()) {
      return full.asFull("no published model before " + date);
    }
    ModelCard p = parent.get();
    if (!vocabularyHash.equals(p.vocabularyHash())) {
      return full.asFull(
          "feature space changed since " + p.version() + " (vocabulary " + p.vocabularyHash() + " -> "
              + vocabularyHash + ")");
    }
    long days = java.time.temporal.ChronoUnit.DAYS.between(LocalDate.parse(p.fullTrainedOn()), date);
    if (days >= config.training().fullRetrainDays()) {
      return full.asFull(
          "last full training " + days + " days ago (training.full-retrain-days = "
              + config.training().fullRetrainDays() + ")");
    }
    return new ModelLineage(
        modelVersion(), p.version(), ModelLineage.WARM,
        "fine-tuned from " + p.version() + " (last full training " + days + " days ago)", vocabularyHash);
  }

  /**
   * Trains every model of the night once: the content encoder (from scratch or from the parent's,
   * a warm start), then, on the interactions without the night's held-out events ({@link
   * NightlyHoldout}), the hybrid's candidate sources and its ranker; each saved in the registry.
   * A pinned version's models are only loaded.
   */
  public EncoderTraining train() {
    EncoderTraining[] trained = new EncoderTraining[1];
    stage(
        "train",
        () -> {
          Configuration hadoop = spark.sparkContext().hadoopConfiguration();
          ModelLineage lineage = work.progress().lineage();
          String summary;
          ContentEncoderModel encoder;
          if (ModelLineage.PINNED.equals(lineage.training())) {
            encoder = ContentEncoderModel.load(registry.dir(lineage.version(), ModelRegistry.ENCODER), hadoop);
            summary = "pinned model " + lineage.version() + ", nothing trained";
          } else {
            ContentEncoderTrainer trainer = new ContentEncoderTrainer(config.encoder());
            encoder = null;
            if (ModelLineage.WARM.equals(lineage.training())) {
              ContentEncoderModel parent =
                  ContentEncoderModel.load(registry.dir(lineage.parent(), ModelRegistry.ENCODER), hadoop);
              try {
                encoder = trainer.fineTune(work.read(ITEM_FEATURES), parent, config.training().warmEncoderEpochs());
              } catch (IllegalStateException e) {
                lineage = lineage.asFull("encoder shape changed since " + lineage.parent() + ": " + e.getMessage());
                work.save(work.progress().withLineage(lineage));
              }
            }
            if (encoder == null) {
              encoder = trainer.fit(work.read(ITEM_FEATURES));
            }
            encoder.save(registry.dir(lineage.version(), ModelRegistry.ENCODER), hadoop);
            summary = lineage.training() + ": " + encoder.training().trainItems() + " training items, "
                + encoder.training().epochs() + " epochs";
          }
          trained[0] = encoder.training();
          timedWrite(CONTENT_EMBEDDINGS, encoder.embed(work.read(ITEM_FEATURES)));
          Dataset<Row> train = work.read(INTERACTIONS);
          if (config.eval().enabled()) {
            TemporalSplit.Split split = new NightlyHoldout(config.eval(), config.seed()).apply(train);
            work.write(HOLDOUT_TRAIN, split.train());
            work.write(HOLDOUT_TEST, split.test());
            train = work.read(HOLDOUT_TRAIN);
          }
          return summary + "; " + trainHybrid(train, lineage);
        });
    work.save(work.progress().withEncoder(trained[0]));
    return trained[0];
  }

  /**
   * The hybrid's candidate sources and ranker, trained on {@code train} from scratch or from the
   * parent's ranker (a warm start), saved in the registry; a pinned version's are kept as they are.
   */
  private String trainHybrid(Dataset<Row> train, ModelLineage lineage) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    boolean pinned = ModelLineage.PINNED.equals(lineage.training());
    if (pinned) {
      for (String part : List.of(ModelRegistry.RANKER, ModelRegistry.SOURCES)) {
        if (!registry.hasPart(lineage.version(), part)) {
          throw PipelineException.badInput("train", "model " + lineage.version() + " has no " + part
              + "; pin a version published with the hybrid", registry.dir(lineage.version(), part));
        }
      }
    }
    HybridRanker hybrid = publishedRecommender().hybrid();
    Dataset<Row> catalogItems = work.read(CATALOG).select(Columns.ITEM_ID);
    long start = System.nanoTime();
    CandidateSources sources;
    if (pinned) {
      sources = CandidateSources.load(registry.dir(lineage.version(), ModelRegistry.SOURCES), hadoop);
    } else {
      sources = hybrid.fitSources(train, catalogItems);
      sources.save(registry.dir(lineage.version(), ModelRegistry.SOURCES), hadoop);
    }
    long sourcesMillis = millisSince(start);
    start = System.nanoTime();
    String vectors = itemVectors(sources, lineage, pinned);
    long vectorsMillis = millisSince(start);
    if (pinned) {
      return vectors + "; ranker and candidate sources of " + lineage.version();
    }
    HybridRanker.Content content = content(EmbeddingIndex.collect(work.read(Table.ITEM_EMBEDDINGS.tableName())));
    start = System.nanoTime();
    RankerTrainer.Sample sample = hybrid.sample(train, catalogItems, content);
    long sampleMillis = millisSince(start);
    start = System.nanoTime();
    RankerModel parent =
        ModelLineage.WARM.equals(lineage.training()) && registry.hasPart(lineage.parent(), ModelRegistry.RANKER)
            ? RankerModel.load(registry.dir(lineage.parent(), ModelRegistry.RANKER), hadoop)
            : null;
    RankerModel ranker;
    try {
      ranker = hybrid.fit(sample, HybridRanker.Variant.FULL, parent, config.training().warmRankerEpochs());
    } catch (IllegalStateException e) {
      LOG.warn("ranker trained from scratch: {}", e.getMessage());
      ranker = hybrid.fit(sample, HybridRanker.Variant.FULL);
    }
    ranker.save(registry.dir(lineage.version(), ModelRegistry.RANKER), hadoop);
    LOG.info("train: candidate sources in {} ms, item vectors in {} ms, ranker sample of {} rows in {} ms, ranker in {} ms",
        sourcesMillis, vectorsMillis, sample.features().length + sample.validFeatures().length, sampleMillis,
        millisSince(start));
    return vectors + "; ranker " + (parent == null ? "from scratch" : "fine-tuned") + " on " + sample.features().length
        + " rows";
  }

  /**
   * Writes {@code item_embeddings} ({@link ItemVectors}: learned factors blended with the content
   * → collaborative model's prediction) and {@code similar_items}, their exact cosine top-K. The
   * model is trained here and saved in the registry, or, for a pinned version, loaded from it.
   */
  private String itemVectors(CandidateSources sources, ModelLineage lineage, boolean pinned) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    ItemVectors vectors = new ItemVectors(config.collaborative());
    Dataset<Row> inputs = itemInputs();
    CollaborativeMapModel map = null;
    String dir = registry.dir(lineage.version(), ModelRegistry.COLLABORATIVE);
    if (vectors.collaborative(sources)) {
      if (pinned) {
        map = registry.hasPart(lineage.version(), ModelRegistry.COLLABORATIVE) ? CollaborativeMapModel.load(dir, hadoop) : null;
      } else {
        map = vectors.fit(sources, inputs);
        if (map != null) {
          map.save(dir, hadoop);
        }
      }
    }
    timedWrite(Table.ITEM_EMBEDDINGS.tableName(),
        vectors.vectors(sources, map, inputs, work.read(CONTENT_EMBEDDINGS))
            .withColumn(Columns.MODEL_VERSION, lit(lineage.version())));
    inputs.unpersist();
    timedWrite(Table.SIMILAR_ITEMS.tableName(),
        new SimilarItems(config.scoring()).apply(work.read(Table.ITEM_EMBEDDINGS.tableName())));
    return map == null
        ? "item vectors: autoencoder embeddings"
        : "item vectors: content->collaborative model on " + map.training().trainItems() + " items, "
            + map.training().epochs() + " epochs";
  }

  /** The content → collaborative model's input per item (features and autoencoder embedding), cached. */
  private Dataset<Row> itemInputs() {
    return ItemVectors.inputs(work.read(ITEM_FEATURES), work.read(CONTENT_EMBEDDINGS)).cache();
  }

  /**
   * The item vectors and content neighbours of a training set of {@code recs evaluate}: its own
   * ALS factors blended with a model trained on them, so no held-out event places an item.
   */
  private HybridRanker.Content contentFor(CandidateSources sources) {
    Dataset<Row> inputs = itemInputs();
    Dataset<Row> vectors =
        new ItemVectors(config.collaborative()).place(sources, inputs, work.read(CONTENT_EMBEDDINGS)).vectors().cache();
    HybridRanker.Content content =
        HybridRanker.Content.of(EmbeddingIndex.collect(vectors), new SimilarItems(config.scoring()).apply(vectors));
    vectors.unpersist();
    inputs.unpersist();
    return content;
  }

  /** The recommender behind {@code user_recommendations}, as configured. */
  PublishedRecommender publishedRecommender() {
    return new PublishedRecommender(config.ranker(), config.scoring(), config.diversity(), config.seed());
  }

  /** The embeddings with the night's {@code similar_items}, what the hybrid's content generators read. */
  private HybridRanker.Content content(EmbeddingIndex index) {
    return HybridRanker.Content.of(index, work.read(Table.SIMILAR_ITEMS.tableName()));
  }

  /** The night's candidate sources and ranker, as {@link #train} saved (or the pinned version holds) them. */
  private PublishedRecommender.Fitted fitted(EmbeddingIndex index) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String version = work.progress().modelVersion();
    CandidateSources sources = CandidateSources.load(registry.dir(version, ModelRegistry.SOURCES), hadoop);
    RankerModel ranker = RankerModel.load(registry.dir(version, ModelRegistry.RANKER), hadoop);
    return new PublishedRecommender.Fitted(
        publishedRecommender().hybrid().prepare(sources, content(index), JavaSparkContext.fromSparkContext(spark.sparkContext())),
        ranker);
  }

  /**
   * Computes popular items and every user's recommendations from the night's
   * models ({@link PublishedRecommender}), and, with {@code eval.enabled}, the held-out users'
   * lists from their earlier events, built the same way.
   */
  public void score() {
    stage(
        "score",
        () -> {
          Dataset<Row> embeddings = work.read(Table.ITEM_EMBEDDINGS.tableName());
          Broadcast<EmbeddingIndex> index =
              JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(EmbeddingIndex.collect(embeddings));
          Dataset<Row> interactions = work.read(INTERACTIONS);
          timedWrite(Table.POPULAR_ITEMS.tableName(), new PopularItems(config.scoring()).apply(interactions));
          PublishedRecommender published = publishedRecommender();
          PublishedRecommender.Fitted fitted = fitted(index.value());
          Dataset<Row> categories = work.read(CATALOG).select(Columns.ITEM_ID, Columns.CATEGORIES);
          long catalogSize = work.read(CATALOG).count();
          Dataset<Row> lists =
              published.lists(fitted, interactions, work.read(USERS), index, categories, catalogSize,
                  config.scoring().topK(), true);
          long written =
              timedWrite(
                  Table.USER_RECOMMENDATIONS.tableName(),
                  explained(config, lists, work.read(Table.ITEMS.tableName()), interactions));
          if (config.eval().enabled()) {
            Dataset<Row> test = work.read(HOLDOUT_TEST);
            timedWrite(EVAL_LISTS,
                published.lists(fitted, work.read(HOLDOUT_TRAIN), test.select(Columns.USER_ID).distinct(), index,
                        categories, catalogSize, config.eval().maxK(), true)
                    .select(Columns.USER_ID, Columns.RANK, Columns.ITEM_ID, Columns.SCORE));
          }
          int items = index.value().size();
          fitted.sources().release();
          index.destroy();
          return items + " items, " + written + " recommendations";
        });
  }

  /** The published form of recommender lists: with their explanations. Shared by the nightly and the refresh. */
  static Dataset<Row> explained(PipelineConfig config, Dataset<Row> lists, Dataset<Row> items, Dataset<Row> interactions) {
    return new Explanations(config.ranker().newItemMaxEvents()).apply(lists, items, interactions);
  }

  /**
   * Writes the {@code metrics} table: what can be measured from this run's own outputs
   * (coverage, fallback share, neighbour similarity, the encoder's validation loss) and, with
   * {@code eval.enabled}, the published model and popularity on the night's held-out users
   * ({@link NightlyHoldout}), with the HTML report. Returns the evaluation, or null when disabled.
   */
  public EvaluationResult evaluate() {
    return evaluate(false);
  }

  /**
   * Like {@link #evaluate()}, but compares every model of {@code eval.models} side by side on the
   * full temporal protocol (every user's latest {@code test-fraction} held out, each model fitted
   * on the rest): {@code recs evaluate}.
   */
  public EvaluationResult compareModels() {
    return evaluate(true);
  }

  private EvaluationResult evaluate(boolean everyModel) {
    EvaluationResult[] evaluated = new EvaluationResult[1];
    stage(
        "evaluate",
        () -> {
          List<Row> metrics = new ArrayList<>(ownMetrics());
          if (config.eval().enabled() || everyModel) {
            evaluated[0] = everyModel ? withItemColdStart(evaluateModels()) : evaluateHoldout();
            evaluated[0].metrics().forEach(m -> metrics.add(m.toRow()));
            RunProgress progress = work.progress();
            String html =
                EvaluationReport.html(
                    "recs evaluation, dt=" + date + ", model " + progress.modelVersion(),
                    evaluated[0],
                    progress.counts());
            work.writeText(REPORT, html);
          }
          work.write(
              Table.METRICS.tableName(),
              spark.createDataFrame(metrics, Table.METRICS.sparkSchema()));
          return metrics.size() + " metrics";
        });
    return evaluated[0];
  }

  /** {@code result} with the item cold-start protocol's rows when {@code eval.item-cold-start.enabled}. */
  private EvaluationResult withItemColdStart(EvaluationResult result) {
    if (!config.eval().itemColdStart().enabled()) {
      return result;
    }
    List<MetricRow> metrics = new ArrayList<>(result.metrics());
    metrics.addAll(new ItemColdStart(config).evaluate(work.read(CATALOG), work.read(INTERACTIONS)));
    return new EvaluationResult(metrics, result.models(), result.testUsers(), result.trainRows(), result.testRows(),
        result.itemPopularity(), result.recommendedByDecile());
  }

  /** The published lists of the held-out users (built in {@link #score}) and popularity, on the night's hold-out. */
  private EvaluationResult evaluateHoldout() {
    Dataset<Row> lists = work.read(EVAL_LISTS);
    Recommender published =
        new Recommender() {
          @Override
          public String name() {
            return "pipeline";
          }

          @Override
          public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
            return lists.where(col(Columns.RANK).leq(k));
          }
        };
    return new RankingEvaluation(config.eval())
        .evaluate(new TemporalSplit.Split(work.read(HOLDOUT_TRAIN), work.read(HOLDOUT_TEST)),
            List.of(published, new PopularityRecommender()), work.read(CATALOG).count(),
            EmbeddingIndex.collect(work.read(Table.ITEM_EMBEDDINGS.tableName())));
  }

  private EvaluationResult evaluateModels() {
    Dataset<Row> embeddings = work.read(Table.ITEM_EMBEDDINGS.tableName());
    EmbeddingIndex index = EmbeddingIndex.collect(embeddings);
    EvalParams eval = config.eval();
    Dataset<Row> catalogItems = work.read(CATALOG).select(Columns.ITEM_ID);
    List<Recommender> models = new ArrayList<>();
    HybridRecommender.Family hybrid =
        new HybridRecommender.Family(config.ranker(), config.scoring(), config.seed(), catalogItems, this::contentFor);
    Recommender published = config.ranker().coverage().enabled()
        ? hybrid.coverage("pipeline")
        : hybrid.variant("pipeline", HybridRanker.Variant.FULL);
    // the published model's candidate lists, computed once for the re-ranked pipeline and sweep
    DiversityRecommender.Family diverse =
        new DiversityRecommender.Family(
            published, config.diversity(), work.read(CATALOG).select(Columns.ITEM_ID, Columns.CATEGORIES), index);
    for (String name : eval.models()) {
      models.add(
          switch (name) {
            case "pipeline" -> config.diversity().enabled()
                ? diverse.variant(name, config.diversity().lambda())
                : published;
            case "hybrid" -> hybrid.variant(name, HybridRanker.Variant.FULL);
            case "hybrid_coverage" -> hybrid.coverage(name);
            case "candidates" -> hybrid.variant(name, HybridRanker.Variant.CANDIDATES_ONLY);
            case "ranker_no_content" -> hybrid.variant(name, HybridRanker.Variant.NO_CONTENT);
            case "popularity" -> new PopularityRecommender();
            case "item_knn" -> new ItemKnnRecommender(eval.knnNeighbours());
            case "ease" -> new EaseRecommender(config.ranker().ease(), hybrid::ease);
            case "als" -> new AlsRecommender(eval, config.seed());
            case "content" -> new ContentRecommender(work.read(ITEM_FEATURES));
            case "content_profile" -> new PipelineRecommender(config.scoring(), index);
            default -> exploreVariant(name, hybrid);
          });
    }
    models.addAll(diverse.sweep());
    try {
      return new RankingEvaluation(eval)
          .evaluate(work.read(INTERACTIONS), models, work.read(CATALOG).count(), index);
    } finally {
      hybrid.close();
    }
  }

  /**
   * {@code hybrid_explore_N}: the hybrid with N exploration slots in every ten, one for new
   * items and N−1 for the long tail; the points of the accuracy/coverage trade-off.
   */
  private static Recommender exploreVariant(String name, HybridRecommender.Family hybrid) {
    java.util.regex.Matcher m = EvalParams.EXPLORE_MODEL.matcher(name);
    if (!m.matches()) {
      throw new IllegalStateException("Cannot evaluate: unknown model " + name);
    }
    int slots = Integer.parseInt(m.group(1));
    return hybrid.explore(name, 1, slots - 1);
  }

  private List<Row> ownMetrics() {
    int k = config.scoring().topK();
    Dataset<Row> recs = work.read(Table.USER_RECOMMENDATIONS.tableName());
    long catalogItems = work.read(CATALOG).count();
    Row r =
        recs.agg(
                countDistinct(col(Columns.ITEM_ID)),
                countDistinct(col(Columns.USER_ID)),
                countDistinct(
                    org.apache.spark.sql.functions.when(
                        col(Columns.SOURCE).equalTo(UserRecommendations.SOURCE_POPULAR),
                        col(Columns.USER_ID))))
            .first();
    double similar =
        work.read(Table.SIMILAR_ITEMS.tableName()).agg(avg(col(Columns.SCORE))).first().getDouble(0);
    // the autoencoder's: the published vectors are unit length, the content embedding's drift is the signal
    double norm =
        work.read(CONTENT_EMBEDDINGS)
            .agg(avg(org.apache.spark.sql.functions.expr(
                "sqrt(aggregate(" + Columns.EMBEDDING + ", 0D, (a, x) -> a + x * x))")))
            .first().getDouble(0);
    EncoderTraining training = work.progress().encoder();
    List<Row> metrics = new ArrayList<>();
    metrics.add(metric("published", "catalog_coverage", k, ratio(r.getLong(0), catalogItems)));
    metrics.add(metric("published", "fallback_user_share", k, ratio(r.getLong(2), r.getLong(1))));
    metrics.add(metric("published", "users", k, r.getLong(1)));
    metrics.add(metric("published", "mean_similar_score", config.scoring().similarK(), similar));
    metrics.add(metric("published", "mean_embedding_norm", 0, norm));
    if (training != null) {
      metrics.add(metric("encoder", "validation_loss", 0, training.validationLoss()));
      metrics.add(metric("encoder", "epochs", 0, training.epochs()));
    }
    return metrics;
  }

  private static DataWindow dataWindow(Dataset<Row> events, long items) {
    Row r =
        events.agg(
                org.apache.spark.sql.functions.min(col(Columns.TS)),
                org.apache.spark.sql.functions.max(col(Columns.TS)),
                org.apache.spark.sql.functions.count(lit(1)))
            .first();
    return new DataWindow(
        r.isNullAt(0) ? null : r.getTimestamp(0).toInstant().toString(),
        r.isNullAt(1) ? null : r.getTimestamp(1).toInstant().toString(),
        r.getLong(2),
        items);
  }

  /** Whether this date has a work area, i.e. ingest ran and publish has not cleaned up. */
  public boolean hasWork() {
    return work.hasProgress();
  }

  /**
   * Publishes only the {@code metrics} table and the report, for {@code recs evaluate} run on
   * its own; the work area is kept so that {@code recs publish} can still follow.
   */
  public void publishEvaluation() {
    RunProgress progress = work.progress();
    PartitionPublisher publisher = new PartitionPublisher(spark, output, date, progress.runId());
    publisher.publish(Table.METRICS, work.read(Table.METRICS.tableName()));
    publishReport(progress.runId());
  }

  private void publishReport(String runId) {
    if (!work.hasFile(REPORT)) {
      return;
    }
    try {
      AtomicFile.write(
          reportPath(), work.readText(REPORT).getBytes(StandardCharsets.UTF_8), runId,
          spark.sparkContext().hadoopConfiguration());
    } catch (RuntimeException e) {
      // the tables are already published: a missing report must not fail the night
      LOG.warn("tables published, but the report could not be written: {}", e.getMessage());
    }
  }

  /** {@code <output>/reports/dt=<date>/report.html}. */
  public Path reportPath() {
    return new Path(new Path(new Path(output, "reports"), "dt=" + date), REPORT);
  }

  /**
   * Publishes every output table atomically, then the manifest; removes the work area unless
   * configured to keep it. Returns the manifest written.
   */
  public RunManifest publish() {
    long start = System.nanoTime();
    RunProgress progress = work.progress();
    List<MetricRow> metrics = metricRows(work.read(Table.METRICS.tableName()));
    QualityGate.Verdict verdict = gate(metrics);
    PartitionPublisher publisher = new PartitionPublisher(spark, output, date, progress.runId());
    publisher.removeStaleStaging();
    Map<String, Long> tables = work.publishOutputs(publisher);
    publishReport(progress.runId());
    RunProgress done = progress.withStage("publish", millisSince(start));
    if (!ModelLineage.PINNED.equals(done.lineage().training())) {
      registry.write(card(done, metrics));
    }
    RunManifest manifest =
        done.toManifest(
            date.toString(), tables, done.modelVersion(), config.seed(), done.encoder(), resolvedConfig,
            done.lineage(), verdict, null);
    ManifestWriter.write(output, manifest, spark.sparkContext().hadoopConfiguration());
    LOG.info("publish: {} tables in {} ms: {}", tables.size(), millisSince(start), tables);
    if (!config.publish().keepWork()) {
      work.delete();
    }
    return manifest;
  }

  /**
   * Checks tonight's metrics against the previous published run's ({@link QualityGate}); throws
   * the exit-3 error when a check fails and the run is not forced. Nothing is published yet.
   */
  private QualityGate.Verdict gate(List<MetricRow> metrics) {
    String previous = previousMetricsDate();
    List<MetricRow> before =
        previous == null
            ? List.of()
            : metricRows(spark.read().parquet(new Path(new Path(output, Table.METRICS.tableName()), "dt=" + previous).toString()));
    QualityGate.Verdict verdict =
        new QualityGate(config.gate(), config.scoring().topK(), config.scoring().similarK())
            .check(previous, before, metrics);
    verdict.checks().forEach(c -> LOG.info("gate: {} against dt={}: {}", c.describe(), previous, c.passed() ? "ok" : "FAILED"));
    if (verdict.passed()) {
      return verdict;
    }
    String failed = String.join("; ", verdict.failed().stream().map(QualityGate.Check::describe).toList());
    if (!choice.force()) {
      throw PipelineException.qualityGate(
          "publish dt=" + date,
          "quality gate against dt=" + previous + ": " + failed
              + "; nothing published, the previous tables stay; --force publishes anyway");
    }
    LOG.warn("gate failed but --force given, publishing: {}", failed);
    return verdict.force();
  }

  /** The newest published {@code metrics} partition before this run's date, or null. */
  private String previousMetricsDate() {
    Path table = new Path(output, Table.METRICS.tableName());
    try {
      String latest = null;
      for (DatedFolders.Dated d :
          DatedFolders.list(table.getFileSystem(spark.sparkContext().hadoopConfiguration()), table)) {
        if (d.date().isBefore(date)) {
          latest = d.date().toString();
        }
      }
      return latest;
    } catch (java.io.IOException e) {
      throw PipelineException.internal("read previous metrics", e.getMessage(), e);
    }
  }

  private static List<MetricRow> metricRows(Dataset<Row> table) {
    return table.collectAsList().stream()
        .map(r -> new MetricRow(r.getString(0), r.getString(1), r.getString(2), r.getInt(3), r.getDouble(4)))
        .toList();
  }

  /** model.json of tonight's model: lineage, data window, headline metrics, times, config. */
  private ModelCard card(RunProgress done, List<MetricRow> metrics) {
    ModelLineage lineage = done.lineage();
    String fullTrainedOn =
        ModelLineage.WARM.equals(lineage.training())
            ? registry.card(lineage.parent()).map(ModelCard::fullTrainedOn).orElse(date.toString())
            : date.toString();
    Map<String, Double> headline = new LinkedHashMap<>();
    for (MetricRow m : metrics) {
      if (RankingEvaluation.ALL.equals(m.segment())
          && List.of("pipeline", "published", "encoder").contains(m.model())) {
        headline.put(m.model() + " " + m.metric() + (m.k() == 0 ? "" : "@" + m.k()), m.value());
      }
    }
    List<String> parts = new ArrayList<>();
    for (String part : List.of(ModelRegistry.FEATURES, ModelRegistry.ENCODER, ModelRegistry.RANKER, ModelRegistry.SOURCES,
        ModelRegistry.COLLABORATIVE)) {
      if (registry.hasPart(lineage.version(), part)) {
        parts.add(part);
      }
    }
    return new ModelCard(
        lineage.version(), date.toString(), done.runId(), Instant.now().toString(), lineage.parent(),
        lineage.training(), lineage.reason(), fullTrainedOn, lineage.vocabularyHash(), done.window(),
        headline, done.stageMillis(), parts, resolvedConfig);
  }

  /** {@code <yyyyMMdd>-<hash of the configuration>}: same date and config, same version. */
  String modelVersion() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(config.toString().getBytes(StandardCharsets.UTF_8));
      return date.toString().replace("-", "") + "-" + HexFormat.of().formatHex(digest).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash config: no SHA-256", e);
    }
  }

  private String modelDir(String part) {
    return registry.dir(work.progress().modelVersion(), part);
  }

  /**
   * Writes one work table and logs its row count and time: the progress line of a step.
   * Returns the rows written.
   */
  private long timedWrite(String table, Dataset<Row> rows) {
    long start = System.nanoTime();
    work.write(table, rows);
    long count = work.read(table).count();
    LOG.info("  {}: {} rows in {} ms", table, count, millisSince(start));
    return count;
  }

  private void stage(String name, Supplier<String> body) {
    stage(work, LOG, "", name, body);
  }

  /**
   * Runs one stage, logs its summary line and time ({@code logPrefix} before the name),
   * records the time under {@code name} in the progress.
   */
  static void stage(WorkArea work, Logger log, String logPrefix, String name, Supplier<String> body) {
    long start = System.nanoTime();
    String summary = body.get();
    long millis = millisSince(start);
    log.info("{}{}: {} in {} ms", logPrefix, name, summary, millis);
    work.save(work.progress().withStage(name, millis));
  }

  private static Row metric(String model, String metric, int k, double value) {
    return RowFactory.create(model, "all", metric, k, value);
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0.0 : (double) a / b;
  }

  static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}

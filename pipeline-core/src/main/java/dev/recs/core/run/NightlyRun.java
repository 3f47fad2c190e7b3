package dev.recs.core.run;

import dev.recs.core.config.PipelineConfig;
import dev.recs.core.eval.EvaluationResult;
import dev.recs.core.ingest.IngestCounts;
import dev.recs.core.model.EncoderTraining;
import dev.recs.core.publish.RunManifest;
import dev.recs.core.ranking.PublishedRecommender;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One date's run of the pipeline: ingest → features → train → score → evaluate → publish, each
 * a stage class ({@link IngestStage}, {@link FeaturesStage}, {@link TrainStage}, {@link
 * ScoreStage}, {@link EvaluationPlan}, {@link PublishStage}) over the shared {@link Night}. Each
 * stage can run alone (the CLI's {@code recs ingest}, {@code recs train}, ...) because each reads
 * what the previous one left in the work area; {@link #nightly} runs them all in order, and is the
 * one sequencing the CLI and the tests use.
 *
 * <p>Nothing under {@code <output>/<table>/} changes before {@link #publish}, so a run that
 * fails in any earlier stage leaves yesterday's and today's published tables as they were.
 */
public final class NightlyRun {
  /** Work tables: the clean inputs, the features, the night's hold-out and its lists. */
  static final String CATALOG = "catalog";
  static final String INTERACTIONS = "interactions";
  static final String USERS = "users";
  static final String ITEM_FEATURES = "item_features";
  /** The night's hold-out: training events and the held-out users' latest events. */
  static final String HOLDOUT_TRAIN = "holdout_train";
  static final String HOLDOUT_TEST = "holdout_test";
  /** The autoencoder's embeddings: the content half of the item vectors' input. */
  static final String CONTENT_EMBEDDINGS = "content_embeddings";
  /** The ranker's item vectors ({@link dev.recs.core.ranking.ItemVectors.Blends#ranker}) and their neighbours. */
  static final String RANKER_VECTORS = "ranker_vectors";
  static final String RANKER_NEIGHBOURS = "ranker_neighbours";
  /** The held-out users' lists from their earlier events, as published lists are built. */
  static final String EVAL_LISTS = "eval_lists";
  static final String REPORT = "report.html";

  /** The stages in the order a night runs them. */
  public enum Stage { INGEST, FEATURES, TRAIN, SCORE, EVALUATE, PUBLISH }

  private final Night night;
  /** What {@link #evaluate} measured last, for the caller to print; null before. */
  private EvaluationResult evaluation;

  /**
   * @param resolvedConfig the configuration as the caller resolved it, recorded in the manifest
   */
  public NightlyRun(
      SparkSession spark, PipelineConfig config, String output, LocalDate date, Map<String, Object> resolvedConfig) {
    this(spark, config, output, date, resolvedConfig, ModelChoice.DEFAULT);
  }

  /**
   * @param choice a pinned model version, a forced full retrain, a forced publish
   */
  public NightlyRun(
      SparkSession spark, PipelineConfig config, String output, LocalDate date, Map<String, Object> resolvedConfig,
      ModelChoice choice) {
    this.night = Night.of(spark, config, output, date, resolvedConfig, choice);
  }

  /** Runs every stage in order and publishes; returns the manifest written. */
  public RunManifest nightly(RunInputs inputs) {
    RunManifest manifest = null;
    for (Stage stage : Stage.values()) {
      manifest = run(stage, inputs);
    }
    return manifest;
  }

  /**
   * Runs one stage ({@code inputs} are read by ingest only); returns the manifest after {@link
   * Stage#PUBLISH}, else null.
   */
  public RunManifest run(Stage stage, RunInputs inputs) {
    switch (stage) {
      case INGEST -> ingest(inputs);
      case FEATURES -> features();
      case TRAIN -> train();
      case SCORE -> score();
      case EVALUATE -> evaluate();
      case PUBLISH -> {
        return publish();
      }
    }
    return null;
  }

  /** Reads, validates and deduplicates both inputs into the work area. */
  public List<IngestCounts> ingest(RunInputs inputs) {
    return new IngestStage(night).run(inputs);
  }

  /**
   * Fits the item feature pipeline (or loads the pinned version's), writes item feature vectors,
   * and decides how tonight's model is trained: warm or from scratch.
   */
  public void features() {
    new FeaturesStage(night).run();
  }

  /** Trains every model of the night once ({@link TrainStage}). */
  public EncoderTraining train() {
    return new TrainStage(night).run();
  }

  /** Popular items, every user's list and the held-out users' lists ({@link ScoreStage}). */
  public void score() {
    new ScoreStage(night).run();
  }

  /**
   * Writes the {@code metrics} table: the run's own figures and, with {@code eval.enabled}, the
   * published model and popularity on the night's held-out users, with the HTML report. Returns
   * the evaluation, or null when disabled.
   */
  public EvaluationResult evaluate() {
    evaluation = new EvaluationPlan(night).run(false);
    return evaluation;
  }

  /** What the last {@link #evaluate} or {@link #compareModels} measured, or null. */
  public EvaluationResult lastEvaluation() {
    return evaluation;
  }

  /**
   * Like {@link #evaluate()}, but compares every model of {@code eval.models} side by side on the
   * full temporal protocol, with the item cold-start protocol: {@code recs evaluate}.
   */
  public EvaluationResult compareModels() {
    evaluation = new EvaluationPlan(night).run(true);
    return evaluation;
  }

  /** Whether this date has a work area, i.e. ingest ran and publish has not cleaned up. */
  public boolean hasWork() {
    return night.work().hasProgress();
  }

  /**
   * Publishes only the {@code metrics} table and the report, for {@code recs evaluate} run on
   * its own; the work area is kept so that {@code recs publish} can still follow.
   */
  public void publishEvaluation() {
    new PublishStage(night).evaluationOnly();
  }

  /** {@code <output>/reports/dt=<date>/report.html}. */
  public Path reportPath() {
    return new PublishStage(night).reportPath();
  }

  /**
   * Checks the quality gate, publishes every output table atomically, then the manifest; removes
   * the work area unless configured to keep it. Returns the manifest written.
   */
  public RunManifest publish() {
    return new PublishStage(night).run();
  }

  /** {@code <yyyyMMdd>-<hash of the configuration>}: same date and config, same version. */
  public String modelVersion() {
    return night.modelVersion();
  }

  /** The recommender behind {@code user_recommendations}, as configured. */
  PublishedRecommender publishedRecommender() {
    return night.publishedRecommender();
  }
}

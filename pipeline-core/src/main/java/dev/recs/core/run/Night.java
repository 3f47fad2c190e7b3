package dev.recs.core.run;

import dev.recs.core.config.PipelineConfig;
import dev.recs.core.model.ModelRegistry;
import dev.recs.core.ranking.PublishedRecommender;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every stage of one date's run shares: the session, the resolved configuration, where it
 * publishes, its work area and model registry, and the caller's model choice. The stages
 * ({@link IngestStage}, {@link FeaturesStage}, {@link TrainStage}, {@link ScoreStage}, {@link
 * EvaluationPlan}, {@link PublishStage}) each take it; {@link NightlyRun} sequences them.
 *
 * @param resolvedConfig the configuration as the caller resolved it, recorded in the manifest
 */
record Night(
    SparkSession spark,
    PipelineConfig config,
    String output,
    LocalDate date,
    WorkArea work,
    ModelRegistry registry,
    ModelChoice choice,
    Map<String, Object> resolvedConfig) {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);

  static Night of(
      SparkSession spark, PipelineConfig config, String output, LocalDate date, Map<String, Object> resolvedConfig,
      ModelChoice choice) {
    return new Night(spark, config, output, date, new WorkArea(spark, output, date),
        new ModelRegistry(output, spark.sparkContext().hadoopConfiguration()), choice, resolvedConfig);
  }

  Configuration hadoop() {
    return spark.sparkContext().hadoopConfiguration();
  }

  /** The recommender behind {@code user_recommendations}, as configured. */
  PublishedRecommender publishedRecommender() {
    return new PublishedRecommender(config.ranker(), config.scoring(), config.diversity(), config.seed());
  }

  /**
   * The hold-out the night measures itself on, and the one {@code recs evaluate} reports first:
   * random when the ranker learns taste, else temporal.
   */
  String ownProtocol() {
    return config.ranker().objective().protocol();
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

  /** The directory of one part of tonight's model in the registry. */
  String modelDir(String part) {
    return registry.dir(work.progress().modelVersion(), part);
  }

  /**
   * Writes one work table and logs its row count and time: the progress line of a step.
   * Returns the rows written.
   */
  long timedWrite(String table, Dataset<Row> rows) {
    long start = System.nanoTime();
    work.write(table, rows);
    long count = work.read(table).count();
    LOG.info("  {}: {} rows in {} ms", table, count, millisSince(start));
    return count;
  }

  void stage(String name, Supplier<String> body) {
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

  static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}

package dev.recs.core.run;

import static dev.recs.core.run.NightlyRun.REPORT;

import dev.recs.core.eval.EvaluationReport;
import dev.recs.core.eval.MetricId;
import dev.recs.core.eval.MetricRow;
import dev.recs.core.eval.QualityGate;
import dev.recs.core.eval.RankingEvaluation;
import dev.recs.core.model.ModelCard;
import dev.recs.core.model.ModelRegistry;
import dev.recs.core.io.AtomicFile;
import dev.recs.core.model.ModelLineage;
import dev.recs.core.publish.ManifestWriter;
import dev.recs.core.publish.PartitionPublisher;
import dev.recs.core.publish.RunManifest;
import dev.recs.core.schema.Table;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish stage: the quality gate, every output table atomically, the report, the model card
 * and the manifest; and the evaluation alone for {@code recs evaluate}.
 */
final class PublishStage {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);

  private final Night night;

  PublishStage(Night night) {
    this.night = night;
  }

  /**
   * Publishes every output table atomically, then the manifest; removes the work area unless
   * configured to keep it. Returns the manifest written.
   */
  RunManifest run() {
    long start = System.nanoTime();
    RunProgress progress = night.work().progress();
    List<MetricRow> metrics = GateCheck.metricRows(night.work().read(Table.METRICS.tableName()));
    QualityGate.Verdict verdict = new GateCheck(night).gate(metrics);
    PartitionPublisher publisher = new PartitionPublisher(night.spark(), night.output(), night.date(), progress.runId());
    publisher.removeStaleStaging();
    Map<String, Long> tables = night.work().publishOutputs(publisher);
    publishReport(progress.runId(), Optional.of(verdict));
    RunProgress done = progress.withStage("publish", Night.millisSince(start));
    if (!ModelLineage.PINNED.equals(done.lineage().training())) {
      night.registry().write(card(done, metrics));
    }
    RunManifest manifest =
        done.toManifest(
            night.date().toString(), tables, done.modelVersion(), night.config().seed(), done.encoder(), night.resolvedConfig(),
            done.lineage(), verdict, null);
    ManifestWriter.write(night.output(), manifest, night.spark().sparkContext().hadoopConfiguration());
    LOG.info("publish: {} tables in {} ms: {}", tables.size(), Night.millisSince(start), tables);
    if (!night.config().publish().keepWork()) {
      night.work().delete();
    }
    return manifest;
  }


  /**
   * Publishes only the {@code metrics} table and the report, for {@code recs evaluate} run on
   * its own; the work area is kept so that {@code recs publish} can still follow.
   */
  void evaluationOnly() {
    RunProgress progress = night.work().progress();
    PartitionPublisher publisher = new PartitionPublisher(night.spark(), night.output(), night.date(), progress.runId());
    publisher.publish(Table.METRICS, night.work().read(Table.METRICS.tableName()));
    publishReport(progress.runId(), Optional.empty());
  }


  /**
   * Writes the work area's report to {@link #reportPath}, showing {@code verdict} (the gate's, as
   * publish reached it) in place of the evaluate stage's preview; unchanged when empty.
   */
  private void publishReport(String runId, Optional<QualityGate.Verdict> verdict) {
    if (!night.work().hasFile(REPORT)) {
      return;
    }
    try {
      String html = night.work().readText(REPORT);
      if (verdict.isPresent()) {
        html = EvaluationReport.withVerdict(html, verdict.get());
      }
      AtomicFile.write(
          reportPath(), html.getBytes(StandardCharsets.UTF_8), runId,
          night.spark().sparkContext().hadoopConfiguration());
    } catch (RuntimeException e) {
      // the tables are already published: a missing report must not fail the night
      LOG.warn("tables published, but the report could not be written: {}", e.getMessage());
    }
  }


  /** {@code <output>/reports/dt=<date>/report.html}. */
  Path reportPath() {
    return new Path(new Path(new Path(night.output(), "reports"), "dt=" + night.date()), REPORT);
  }


  /** model.json of tonight's model: lineage, data window, headline metrics, times, config. */
  private ModelCard card(RunProgress done, List<MetricRow> metrics) {
    ModelLineage lineage = done.lineage();
    String fullTrainedOn =
        ModelLineage.WARM.equals(lineage.training())
            ? night.registry().card(lineage.parent()).map(ModelCard::fullTrainedOn).orElse(night.date().toString())
            : night.date().toString();
    Map<String, Double> headline = new LinkedHashMap<>();
    for (MetricRow m : metrics) {
      if (RankingEvaluation.ALL.equals(m.segment())
          && List.of(MetricId.PUBLISHED_MODEL, MetricId.PUBLISHED_TABLES, "encoder").contains(m.model())) {
        headline.put(m.model() + " " + m.metric() + (m.k() == 0 ? "" : "@" + m.k()), m.value());
      }
    }
    List<String> parts = new ArrayList<>();
    for (String part : List.of(ModelRegistry.FEATURES, ModelRegistry.ENCODER, ModelRegistry.RANKER, ModelRegistry.SOURCES,
        ModelRegistry.COLLABORATIVE, ModelRegistry.RANKER_CONTENT)) {
      if (night.registry().hasPart(lineage.version(), part)) {
        parts.add(part);
      }
    }
    return new ModelCard(
        lineage.version(), night.date().toString(), done.runId(), Instant.now().toString(), lineage.parent(),
        lineage.training(), lineage.reason(), fullTrainedOn, lineage.vocabularyHash(), done.window(),
        headline, done.stageMillis(), parts, night.resolvedConfig());
  }

}

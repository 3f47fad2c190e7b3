package dev.recs.core.run;

import dev.recs.core.eval.MetricRow;
import dev.recs.core.eval.QualityGate;
import dev.recs.core.api.PipelineException;
import dev.recs.core.api.Reason;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the quality gate before anything is published: tonight's metrics against the newest
 * published night before this date ({@link QualityGate}).
 */
final class GateCheck {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);

  private final Night night;

  GateCheck(Night night) {
    this.night = night;
  }

  /**
   * Checks tonight's metrics against the previous published run's ({@link QualityGate}); throws
   * the exit-3 error when a check fails and the run is not forced. Nothing is published yet.
   */
  QualityGate.Verdict gate(List<MetricRow> metrics) {
    QualityGate.Verdict verdict = verdict(metrics);
    String previous = verdict.previousDate();
    verdict.checks().forEach(c -> LOG.info("gate: {} against dt={}: {}", c.describe(), previous, c.passed() ? "ok" : "FAILED"));
    if (verdict.passed()) {
      return verdict;
    }
    String failed = String.join("; ", verdict.failed().stream().map(QualityGate.Check::describe).toList());
    if (!verdict.forced()) {
      throw PipelineException.qualityGate(
          "publish dt=" + night.date(),
          "quality gate against dt=" + previous + ": " + failed
              + "; nothing published, the previous tables stay; --force publishes anyway");
    }
    LOG.warn("gate failed but --force given, publishing: {}", failed);
    return verdict;
  }


  /**
   * Tonight's verdict as {@link #gate} will reach it, for the report written before publish:
   * forced when a check fails and the run is forced; empty when tonight's metrics lack a figure
   * the gate checks (then {@link #gate} stops the run and names it). Logs nothing, throws no
   * gate failure.
   */
  Optional<QualityGate.Verdict> preview(List<MetricRow> metrics) {
    try {
      return Optional.of(verdict(metrics));
    } catch (PipelineException e) {
      if (e.reason() != Reason.BAD_CONFIG) {
        throw e;
      }
      LOG.warn("the report has no gate verdict: {}", e.getMessage());
      return Optional.empty();
    }
  }


  private QualityGate.Verdict verdict(List<MetricRow> metrics) {
    PublishedMetrics published = new PublishedMetrics(night);
    List<LocalDate> dates = published.datesBefore(night.date());
    String previous = dates.isEmpty() ? null : dates.get(dates.size() - 1).toString();
    List<MetricRow> before =
        previous == null
            ? List.of()
            : metricRows(night.spark().read().parquet(new Path(published.table(), "dt=" + previous).toString()));
    QualityGate.Verdict verdict =
        new QualityGate(night.config().gate(), night.config().scoring().topK(), night.config().scoring().similarK())
            .check(previous, before, metrics, night.config().eval().enabled());
    return verdict.passed() || !night.choice().force() ? verdict : verdict.force();
  }


  static List<MetricRow> metricRows(Dataset<Row> table) {
    return table.collectAsList().stream().map(MetricRow::fromRow).toList();
  }

}

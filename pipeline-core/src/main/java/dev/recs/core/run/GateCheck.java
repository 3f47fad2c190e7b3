package dev.recs.core.run;

import dev.recs.core.eval.MetricRow;
import dev.recs.core.eval.QualityGate;
import dev.recs.core.api.PipelineException;
import dev.recs.core.publish.DatedFolders;
import dev.recs.core.schema.Table;
import java.util.List;
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
    String previous = previousMetricsDate();
    List<MetricRow> before =
        previous == null
            ? List.of()
            : metricRows(night.spark().read().parquet(new Path(new Path(night.output(), Table.METRICS.tableName()), "dt=" + previous).toString()));
    QualityGate.Verdict verdict =
        new QualityGate(night.config().gate(), night.config().scoring().topK(), night.config().scoring().similarK())
            .check(previous, before, metrics, night.config().eval().enabled());
    verdict.checks().forEach(c -> LOG.info("gate: {} against dt={}: {}", c.describe(), previous, c.passed() ? "ok" : "FAILED"));
    if (verdict.passed()) {
      return verdict;
    }
    String failed = String.join("; ", verdict.failed().stream().map(QualityGate.Check::describe).toList());
    if (!night.choice().force()) {
      throw PipelineException.qualityGate(
          "publish dt=" + night.date(),
          "quality gate against dt=" + previous + ": " + failed
              + "; nothing published, the previous tables stay; --force publishes anyway");
    }
    LOG.warn("gate failed but --force given, publishing: {}", failed);
    return verdict.force();
  }


  /** The newest published {@code metrics} partition before this run's date, or null. */
  private String previousMetricsDate() {
    Path table = new Path(night.output(), Table.METRICS.tableName());
    try {
      String latest = null;
      for (DatedFolders.Dated d :
          DatedFolders.list(table.getFileSystem(night.spark().sparkContext().hadoopConfiguration()), table)) {
        if (d.date().isBefore(night.date())) {
          latest = d.date().toString();
        }
      }
      return latest;
    } catch (java.io.IOException e) {
      throw PipelineException.internal("read previous metrics", e.getMessage(), e);
    }
  }


  static List<MetricRow> metricRows(Dataset<Row> table) {
    return table.collectAsList().stream()
        .map(r -> new MetricRow(r.getString(0), r.getString(1), r.getString(2), r.getInt(3), r.getDouble(4)))
        .toList();
  }

}

package dev.recs.core.run;

import dev.recs.core.api.PipelineException;
import dev.recs.core.eval.MetricTrend;
import dev.recs.core.publish.DatedFolders;
import dev.recs.core.schema.Table;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The published {@code metrics} table's nights: what the gate compares with (the newest before
 * tonight) and what the report's trend reads (the last few before tonight).
 */
final class PublishedMetrics {
  private final Night night;

  PublishedMetrics(Night night) {
    this.night = night;
  }

  /** {@code <output>/metrics}. */
  Path table() {
    return new Path(night.output(), Table.METRICS.tableName());
  }

  /** The published nights before {@code date}, oldest first; none when nothing is published. */
  List<LocalDate> datesBefore(LocalDate date) {
    try {
      return DatedFolders.list(table().getFileSystem(night.hadoop()), table()).stream()
          .map(DatedFolders.Dated::date).filter(d -> d.isBefore(date)).toList();
    } catch (IOException e) {
      throw PipelineException.internal("read previous metrics", e.getMessage(), e);
    }
  }

  /**
   * The newest {@code nights} published nights before {@code date}, with their {@link
   * MetricTrend#DT} column; empty (same columns) when there is none.
   */
  Dataset<Row> lastBefore(LocalDate date, int nights) {
    List<LocalDate> dates = datesBefore(date);
    List<String> paths = dates.subList(Math.max(0, dates.size() - nights), dates.size()).stream()
        .map(d -> new Path(table(), MetricTrend.DT + "=" + d).toString()).toList();
    if (paths.isEmpty()) {
      return night.spark().createDataFrame(List.of(), Table.METRICS.sparkSchema().add(MetricTrend.DT, DataTypes.StringType));
    }
    return night.spark().read().option("basePath", table().toString()).parquet(paths.toArray(String[]::new));
  }
}

package dev.recs.core.publish;

import static org.apache.spark.sql.functions.col;

import dev.recs.core.api.PipelineException;
import dev.recs.core.schema.Table;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one date's partition of a table so that readers see it complete or not at all.
 *
 * <p>Rows are written by Spark into {@code <output>/_staging/<table>/dt=<date>.<run>}, where
 * Spark's committer writes {@code _SUCCESS} last; the staged folder is checked and then renamed
 * to {@code <output>/<table>/dt=<date>} with Hadoop's {@link FileSystem#rename}, the commit. A
 * partition already there for that date is first moved aside and deleted only after the new one
 * is in place, so a rerun replaces it and a failed rename puts it back. Rather than
 * delete-then-write, which cannot be rolled back.
 */
public final class PartitionPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionPublisher.class);
  static final String STAGING = "_staging";
  private static final String REPLACED = ".replaced";

  private final SparkSession spark;
  private final Path root;
  private final LocalDate date;
  private final String runId;

  public PartitionPublisher(SparkSession spark, String output, LocalDate date, String runId) {
    this.spark = spark;
    this.root = new Path(output);
    this.date = date;
    this.runId = runId;
  }

  /** {@code <output>/<table>/dt=<date>}. */
  public Path partition(Table table) {
    return new Path(new Path(root, table.tableName()), "dt=" + date);
  }

  /**
   * Writes {@code rows}, shaped to the table's {@code .avsc} columns, as this date's partition.
   *
   * @return rows published
   */
  public long publish(Table table, Dataset<Row> rows) {
    Path staging = new Path(new Path(new Path(root, STAGING), table.tableName()), "dt=" + date + "." + runId);
    Path target = partition(table);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      conform(table, rows).write().parquet(staging.toString());
      if (!fs.exists(new Path(staging, "_SUCCESS"))) {
        throw PipelineException.internal(
            "publish " + table.tableName(), "no _SUCCESS in staging folder " + staging, null);
      }
      long count = spark.read().parquet(staging.toString()).count();
      fs.mkdirs(target.getParent());
      Path replaced = null;
      if (fs.exists(target)) {
        replaced = staging.suffix(REPLACED);
        rename(fs, target, replaced, table);
      }
      if (!fs.rename(staging, target)) {
        if (replaced != null && fs.rename(replaced, target)) {
          replaced = null;
        }
        throw PipelineException.internal(
            "publish " + table.tableName(),
            "rename of " + staging + " to " + target + " failed"
                + (replaced == null ? "; previous partition kept" : "; previous partition left at " + replaced),
            null);
      }
      deleteQuietly(fs, replaced);
      return count;
    } catch (IOException e) {
      throw PipelineException.internal("publish " + table.tableName(), e.getMessage(), e);
    }
  }

  /** Selects the table's columns in {@code .avsc} order, cast to the declared types. */
  public static Dataset<Row> conform(Table table, Dataset<Row> rows) {
    List<String> present = Arrays.asList(rows.columns());
    List<Column> columns = new ArrayList<>();
    for (StructField f : table.sparkSchema().fields()) {
      if (!present.contains(f.name())) {
        throw new IllegalStateException(
            "Cannot publish " + table.tableName() + ": column " + f.name() + " missing from " + present);
      }
      // equal up to nullability: keep as is (Spark refuses to cast a nullable array element
      // type to a non-null one even when no element is null)
      boolean sameType =
          rows.schema().apply(f.name()).dataType().catalogString().equals(f.dataType().catalogString());
      Column c = col(f.name());
      columns.add((sameType ? c : c.cast(f.dataType())).as(f.name()));
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  /**
   * Removes staging folders this date's earlier, interrupted runs left behind. A run (of any
   * date) killed between moving the old partition aside and renaming the new one into place left
   * the old one at {@code <staging>.replaced} and none at the target: that one is put back.
   * Safe only under the output's {@code RunLock}.
   */
  public void removeStaleStaging() {
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path staging = new Path(root, STAGING);
      if (!fs.exists(staging)) {
        return;
      }
      for (FileStatus table : fs.listStatus(staging)) {
        for (FileStatus leftover : fs.listStatus(table.getPath())) {
          Path path = leftover.getPath();
          String name = path.getName();
          // dt=<date>.<run>[.replaced]
          String partition = name.indexOf('.') > 0 ? name.substring(0, name.indexOf('.')) : name;
          Path target = new Path(new Path(root, table.getPath().getName()), partition);
          if (name.endsWith(REPLACED) && !fs.exists(target)) {
            LOG.warn("restoring partition {} from an interrupted publish ({})", target, path);
            fs.rename(path, target);
          } else if (name.startsWith("dt=" + date + ".")) {
            LOG.warn("removing stale staging folder {}", path);
            fs.delete(path, /* recursive */ true);
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("could not clean staging under {}: {}", root, e.getMessage());
    }
  }

  private static void rename(FileSystem fs, Path from, Path to, Table table) throws IOException {
    fs.mkdirs(to.getParent());
    if (!fs.rename(from, to)) {
      throw PipelineException.internal(
          "publish " + table.tableName(), "could not move " + from + " aside to " + to, null);
    }
  }

  /** After the commit nothing may fail the run: a leftover is logged, not thrown. */
  private static void deleteQuietly(FileSystem fs, Path path) {
    if (path == null) {
      return;
    }
    try {
      fs.delete(path, /* recursive */ true);
    } catch (IOException e) {
      LOG.warn("published, but could not delete replaced partition {}: {}", path, e.getMessage());
    }
  }
}

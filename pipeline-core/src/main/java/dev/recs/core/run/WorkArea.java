package dev.recs.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.recs.core.api.PipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Intermediate results of one date under {@code <output>/_work/dt=<date>/}: each stage reads
 * what the previous one wrote. Writing them as Parquet also cuts Spark's lineage between
 * stages, so a late stage never recomputes ingest. Never read by users; removed after publish.
 */
final class WorkArea {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final SparkSession spark;
  private final Path dir;

  WorkArea(SparkSession spark, String output, LocalDate date) {
    this.spark = spark;
    this.dir = new Path(new Path(output, "_work"), "dt=" + date);
  }

  void write(String name, Dataset<Row> rows) {
    rows.write().mode(SaveMode.Overwrite).parquet(path(name));
  }

  Dataset<Row> read(String name) {
    try {
      if (!fs().exists(new Path(dir, name))) {
        throw PipelineException.badInput(
            "read work table " + name, "not found; run the earlier stages for this date first", dir.toString());
      }
    } catch (IOException e) {
      throw PipelineException.internal("read work table " + name, e.getMessage(), e);
    }
    return spark.read().parquet(path(name));
  }

  String path(String name) {
    return new Path(dir, name).toString();
  }

  RunProgress progress() {
    Path p = new Path(dir, "progress.json");
    try (InputStream in = fs().open(p)) {
      return JSON.readValue(in, RunProgress.class);
    } catch (java.io.FileNotFoundException e) {
      throw PipelineException.badInput(
          "continue run", "no progress.json; run ingest for this date first", dir.toString());
    } catch (IOException e) {
      throw PipelineException.internal("read " + p, e.getMessage(), e);
    }
  }

  void save(RunProgress progress) {
    Path p = new Path(dir, "progress.json");
    try (OutputStream out = fs().create(p, /* overwrite */ true)) {
      JSON.writeValue(out, progress);
    } catch (IOException e) {
      throw PipelineException.internal("write " + p, e.getMessage(), e);
    }
  }

  boolean hasProgress() {
    return hasFile("progress.json");
  }

  boolean hasFile(String name) {
    try {
      return fs().exists(new Path(dir, name));
    } catch (IOException e) {
      throw PipelineException.internal("read " + dir, e.getMessage(), e);
    }
  }

  void writeText(String name, String text) {
    try (OutputStream out = fs().create(new Path(dir, name), /* overwrite */ true)) {
      out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw PipelineException.internal("write " + name, e.getMessage(), e);
    }
  }

  String readText(String name) {
    try (InputStream in = fs().open(new Path(dir, name))) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw PipelineException.internal("read " + name, e.getMessage(), e);
    }
  }

  void delete() {
    try {
      fs().delete(dir, /* recursive */ true);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(WorkArea.class)
          .warn("published, but could not remove work folder {}: {}", dir, e.getMessage());
    }
  }

  private FileSystem fs() throws IOException {
    return dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }

  /** Publishes every output table from this work area; rows published per table, in order. */
  java.util.Map<String, Long> publishOutputs(dev.recs.core.publish.PartitionPublisher publisher) {
    java.util.Map<String, Long> tables = new java.util.LinkedHashMap<>();
    for (dev.recs.core.schema.Table table : dev.recs.core.schema.Table.outputs()) {
      tables.put(table.tableName(), publisher.publish(table, read(table.tableName())));
    }
    return tables;
  }
}

package dev.recs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_unixtime;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a flat CSV catalog and event log as a lake holds them, for {@code
 * scripts/try-lake-layouts.sh}: events in {@code dt=} partitions of gzip CSV and of Parquet, the
 * catalog likewise compressed and as Parquet, and the catalog as three daily snapshots.
 *
 * <pre>WriteLakeLayouts CATALOG.csv EVENTS.csv OUT_DIR SNAPSHOT_DATE</pre>
 */
public final class WriteLakeLayouts {
  private WriteLakeLayouts() {}

  public static void main(String[] args) {
    String out = args[2];
    java.time.LocalDate day = java.time.LocalDate.parse(args[3]);
    SparkSession spark = SparkSession.builder().master("local[2]").appName("write-lake-layouts")
        .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false").getOrCreate();
    Dataset<Row> catalog = csv(spark, args[0]);
    Dataset<Row> events = csv(spark, args[1]).withColumn("dt", from_unixtime(col("ts").cast("long"), "yyyy-MM-dd"));

    csvWriter(catalog.coalesce(2).write()).option("compression", "gzip").csv(out + "/csv-gz/catalog");
    csvWriter(events.write().partitionBy("dt")).option("compression", "gzip").csv(out + "/csv-gz/events");
    catalog.coalesce(2).write().mode(SaveMode.Overwrite).parquet(out + "/parquet/catalog");
    events.write().mode(SaveMode.Overwrite).partitionBy("dt").parquet(out + "/parquet/events");

    // snapshots: the day before (other titles), the day itself (the catalog as it is), the day after
    Dataset<Row> older = catalog.withColumn("title", concat(lit("yesterday's "), col("title")));
    Dataset<Row> newer = catalog.withColumn("title", concat(lit("tomorrow's "), col("title")));
    older.withColumn("dt", lit(day.minusDays(1).toString()))
        .unionByName(catalog.withColumn("dt", lit(day.toString())))
        .unionByName(newer.withColumn("dt", lit(day.plusDays(1).toString())))
        .write().mode(SaveMode.Overwrite).partitionBy("dt").parquet(out + "/snapshots/catalog");
    spark.stop();
  }

  private static Dataset<Row> csv(SparkSession spark, String path) {
    return spark.read().option("header", true).option("multiLine", true).option("escape", "\"").csv(path);
  }

  private static org.apache.spark.sql.DataFrameWriter<Row> csvWriter(org.apache.spark.sql.DataFrameWriter<Row> w) {
    return w.mode(SaveMode.Overwrite).option("header", true).option("escape", "\"");
  }
}

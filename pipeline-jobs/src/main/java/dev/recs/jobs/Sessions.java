package dev.recs.jobs;

import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession of a CLI run; the core library never does. */
final class Sessions {
  private Sessions() {}

  /**
   * A session on {@code master} (default {@code local[*]}), or the active one if a caller (a
   * test, spark-submit) already made it. UTC so that ISO timestamps without a zone and {@code
   * dt} partitions mean the same on every machine.
   */
  static SparkSession create(String master, String appName) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(appName)
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.showConsoleProgress", "false");
    String effective = master != null ? master : System.getProperty("spark.master", "local[*]");
    builder.master(effective);
    if (effective.startsWith("local") && !System.getProperties().containsKey("spark.sql.shuffle.partitions")) {
      // Spark's default of 200 shuffle partitions means thousands of tiny tasks per stage on a
      // laptop; a few per core is enough locally (a cluster keeps its own setting)
      builder.config("spark.sql.shuffle.partitions", String.valueOf(4 * Runtime.getRuntime().availableProcessors()));
    }
    return builder.getOrCreate();
  }
}

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
    if (master != null) {
      builder.master(master);
    } else if (!System.getProperties().containsKey("spark.master")) {
      builder.master("local[*]");
    }
    return builder.getOrCreate();
  }
}

package dev.recs.core;

import org.apache.spark.sql.SparkSession;

/**
 * The one {@code local[2,3]} SparkSession (2 cores, 3 attempts per task as on a cluster) every test in a JVM shares (MLlib's
 * SharedSparkSession, but shared across classes: starting Spark costs seconds).
 */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2,3]")
              .appName("recs-tests")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.ui.enabled", "false")
              .config("spark.ui.showConsoleProgress", "false")
              .getOrCreate();
    }
    return session;
  }

  /**
   * Drops every cached Dataset and persisted RDD: a test class that ran whole nights calls it
   * when done, so that what a run left cached does not pile up in the shared JVM's heap.
   */
  public static synchronized void releaseCaches() {
    if (session != null) {
      session.catalog().clearCache();
      org.apache.spark.api.java.JavaSparkContext.fromSparkContext(session.sparkContext())
          .getPersistentRDDs().values().forEach(rdd -> rdd.unpersist(true));
    }
  }
}

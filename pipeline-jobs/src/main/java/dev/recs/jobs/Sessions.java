package dev.recs.jobs;

import dev.recs.core.api.PipelineException;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession of a CLI run; the core library never does. */
final class Sessions {
  /** Where a local run keeps its embedded metastore, under the output folder. */
  static final String LOCAL_CATALOG = "_catalog";

  private Sessions() {}

  /**
   * A session on {@code master} (default {@code local[*]}), or the active one if a caller (a
   * test, spark-submit) already made it. UTC so that ISO timestamps without a zone and {@code
   * dt} partitions mean the same on every machine.
   */
  static SparkSession create(String master, String appName) {
    return builder(master, appName).getOrCreate();
  }

  /**
   * Like {@link #create(String, String)}, with Hive support when {@code catalog} holds (for
   * {@code recs.publish.catalog}). Without a metastore of its own (no {@code hive-site.xml} on
   * the classpath, no {@code spark.hadoop.hive.metastore.uris} or {@code
   * spark.hadoop.javax.jdo.option.ConnectionURL} given), a run on a local {@code output} keeps an
   * embedded Derby metastore and warehouse in {@code <output>/_catalog}, so that every later
   * session on that output sees the same tables.
   */
  static SparkSession create(String master, String appName, String output, boolean catalog) {
    SparkSession.Builder builder = builder(master, appName);
    if (catalog) {
      try {
        Class.forName("org.apache.hadoop.hive.conf.HiveConf", false, Sessions.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw PipelineException.badConfig(
            "recs.publish.catalog.enabled", "this Spark has no Hive support (spark-hive is not on the classpath)");
      }
      builder.enableHiveSupport();
      Path local = OutputFolder.local(output);
      if (local != null && !hasMetastore()) {
        Path dir = local.toAbsolutePath().resolve(LOCAL_CATALOG);
        try {
          java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
          throw PipelineException.badInput("create the local metastore folder", e.getMessage(), dir.toString());
        }
        System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        builder.config("spark.hadoop.javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName=" + dir.resolve("metastore_db") + ";create=true")
            .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toUri().toString())
            // Spark keeps its own table statistics; the metastore need not rescan each partition
            .config("spark.hadoop.hive.stats.autogather", "false");
      }
    }
    return builder.getOrCreate();
  }

  private static SparkSession.Builder builder(String master, String appName) {
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
    return builder;
  }

  private static boolean hasMetastore() {
    return Sessions.class.getClassLoader().getResource("hive-site.xml") != null
        || System.getProperty("spark.hadoop.hive.metastore.uris") != null
        || System.getProperty("spark.hadoop.javax.jdo.option.ConnectionURL") != null;
  }
}

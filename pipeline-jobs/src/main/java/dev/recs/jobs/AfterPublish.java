package dev.recs.jobs;

import dev.recs.core.api.PipelineException;
import dev.recs.core.config.CatalogParams;
import dev.recs.core.publish.Retention;
import dev.recs.core.publish.TableCatalog;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * What follows a successful publish (nightly, publish, refresh): retention with {@code
 * --keep-days}, then the catalog brought in step with the folders left ({@code
 * recs.publish.catalog}).
 */
final class AfterPublish {
  private AfterPublish() {}

  static void run(SparkSession spark, String output, LocalDate date, Integer keepDays, CatalogParams catalog) {
    if (keepDays != null) {
      new Retention(output, spark.sparkContext().hadoopConfiguration()).apply(date, keepDays)
          .forEach(p -> System.out.println("  removed " + p));
    }
    if (catalog.enabled()) {
      register(spark, output, catalog);
    }
  }

  /**
   * Fails before any work when the catalog is on but its metastore cannot be reached, rather
   * than after a night's publish.
   */
  static void checkCatalog(SparkSession spark, CatalogParams catalog) {
    if (catalog.enabled()) {
      try {
        spark.catalog().databaseExists(catalog.database());
      } catch (RuntimeException e) {
        throw PipelineException.badConfig("reach the catalog (recs.publish.catalog)", Main.oneLine(e));
      }
    }
  }

  /** Registers every published table of {@code output} and prints what each now has. */
  static void register(SparkSession spark, String output, CatalogParams catalog) {
    List<TableCatalog.Registered> registered;
    try {
      registered = new TableCatalog(spark, catalog).sync(output);
    } catch (RuntimeException e) {
      throw PipelineException.internal(
          "register tables in the catalog", "the tables are published, their registration failed: " + Main.oneLine(e), e);
    }
    for (TableCatalog.Registered r : registered) {
      System.out.printf("  catalog %s.%-22s %d dates (+%d -%d), %s%s = dt %s%n", catalog.database(), r.table(),
          r.dates().size(), r.added(), r.dropped(), r.table(), TableCatalog.LATEST, r.latest());
    }
  }
}

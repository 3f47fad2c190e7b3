package dev.recs.jobs;

import dev.recs.core.config.CatalogParams;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recs register}: registers the tables already published under {@code --output} in the
 * catalog, as every publish does with {@code recs.publish.catalog.enabled} (e.g. for outputs
 * published before it was turned on, or after a metastore was rebuilt). Idempotent.
 */
@Command(mixinStandardHelpOptions = true,
    description = "Register the published tables in the catalog (the Hive metastore), with _latest views.")
final class RegisterCommand implements Callable<Integer> {
  @Option(names = "--output", paramLabel = "DIR", description = "output root (default: ./output)")
  String output = "output";

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON file overriding reference.conf (for recs.publish.catalog.database)")
  String config;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*])")
  String master;

  @Override
  public Integer call() {
    CatalogParams catalog = ConfigLoader.load(config, null).pipeline().publish().catalog();
    SparkSession spark = Sessions.create(master, "recs-register", output, true);
    AfterPublish.register(spark, output, catalog);
    return 0;
  }
}

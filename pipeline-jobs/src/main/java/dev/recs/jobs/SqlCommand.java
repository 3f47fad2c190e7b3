package dev.recs.jobs;

import dev.recs.core.schema.Table;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code recs sql}: runs Spark SQL over the published tables of {@code --output}. Each table is
 * a view of the same name over all its partitions, with {@code dt} as a column; e.g. {@code
 * scripts/recs sql "SELECT dt, count(*) FROM user_recommendations GROUP BY dt"}. With {@code
 * --metastore}, the session reads the catalog the tables are registered in ({@code
 * recs.publish.catalog}, {@code recs register}) instead: {@code recs.user_recommendations_latest}.
 */
@Command(mixinStandardHelpOptions = true, description = "Query the published tables with Spark SQL.")
final class SqlCommand implements Callable<Integer> {
  @Option(names = "--output", paramLabel = "DIR", description = "output root (default: ./output)")
  String output = "output";

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*])")
  String master;

  @Option(names = "--rows", description = "rows to print at most (default 50)")
  int rows = 50;

  @Option(names = "--metastore",
      description = "query the tables registered in the metastore (recs.publish.catalog) instead of the folders")
  boolean metastore;

  @Parameters(paramLabel = "QUERY", description = "the SQL statement")
  String query;

  @Override
  public Integer call() throws IOException {
    SparkSession spark = Sessions.create(master, "recs-sql", output, metastore);
    for (Table t : metastore ? new Table[0] : Table.outputs()) {
      Path dir = new Path(output, t.tableName());
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(dir)) {
        spark.read().parquet(dir.toString()).createOrReplaceTempView(t.tableName());
      }
    }
    spark.sql(query).show(rows, /* truncate */ false);
    return 0;
  }
}

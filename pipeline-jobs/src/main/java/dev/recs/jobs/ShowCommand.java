package dev.recs.jobs;

import static org.apache.spark.sql.functions.col;

import dev.recs.core.api.PipelineException;
import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recs show}: prints one user's recommendations or one item's neighbours from the
 * published tables of a date (default: the latest published one).
 */
@Command(mixinStandardHelpOptions = true, description = "Print published recommendations for a user or an item.")
final class ShowCommand implements Callable<Integer> {
  @Option(names = "--output", paramLabel = "DIR", description = "output root (default: ./output)")
  String output = "output";

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "partition (default: latest)")
  String date;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*])")
  String master;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--user", paramLabel = "ID", required = true)
    String user;

    @Option(names = "--item", paramLabel = "ID", required = true)
    String item;
  }

  @Override
  public Integer call() throws IOException {
    SparkSession spark = Sessions.create(master, "recs-show");
    Table table = target.user != null ? Table.USER_RECOMMENDATIONS : Table.SIMILAR_ITEMS;
    String dt = date != null ? date : latest(spark, table);
    String path = new Path(new Path(output, table.tableName()), "dt=" + dt).toString();
    if (target.user != null) {
      List<Row> rows =
          spark.read().parquet(path).where(col(Columns.USER_ID).equalTo(target.user))
              .orderBy(col(Columns.RANK)).collectAsList();
      System.out.printf("user %s, dt=%s: %d recommendations%n", target.user, dt, rows.size());
      for (Row r : rows) {
        System.out.printf("  %2d  %-12s %.4f  %-8s because of %s%n",
            r.<Integer>getAs(Columns.RANK), r.getAs(Columns.ITEM_ID), r.<Float>getAs(Columns.SCORE),
            r.getAs(Columns.SOURCE), (Object) r.getAs(Columns.REASON_ITEM_ID));
      }
    } else {
      List<Row> rows =
          spark.read().parquet(path).where(col(Columns.ITEM_ID).equalTo(target.item))
              .orderBy(col(Columns.RANK)).collectAsList();
      System.out.printf("item %s, dt=%s: %d similar items%n", target.item, dt, rows.size());
      for (Row r : rows) {
        System.out.printf("  %2d  %-12s %.4f%n",
            r.<Integer>getAs(Columns.RANK), r.getAs(Columns.SIMILAR_ITEM_ID), r.<Float>getAs(Columns.SCORE));
      }
    }
    return 0;
  }

  private String latest(SparkSession spark, Table table) throws IOException {
    Path dir = new Path(output, table.tableName());
    FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(dir)) {
      throw PipelineException.badInput("show", "no published " + table.tableName(), dir.toString());
    }
    String best = null;
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      if (name.startsWith("dt=") && (best == null || name.compareTo(best) > 0)) {
        best = name;
      }
    }
    if (best == null) {
      throw PipelineException.badInput("show", "no published partition", dir.toString());
    }
    return best.substring(3);
  }
}

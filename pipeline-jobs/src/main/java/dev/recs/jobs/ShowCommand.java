package dev.recs.jobs;

import static org.apache.spark.sql.functions.col;

import dev.recs.core.api.PipelineException;
import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recs show}: prints one user's recommendations or one item's neighbours from the
 * published tables of a date (default: the latest published one), with titles from the
 * {@code items} table, scores, sources and reasons.
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
    Map<String, String> titles = titles(spark, dt);
    if (target.user != null) {
      List<Row> rows =
          read(spark, table, dt).where(col(Columns.USER_ID).equalTo(target.user)).orderBy(col(Columns.RANK)).collectAsList();
      System.out.printf("user %s, dt=%s: %d recommendations%n", target.user, dt, rows.size());
      System.out.printf("  %4s  %-40s %7s  %-16s %s%n", "rank", "item", "score", "source", "why");
      for (Row r : rows) {
        String reason = r.getAs(Columns.REASON_ITEM_ID);
        String why = r.getAs(Columns.EXPLANATION);
        System.out.printf("  %4d  %-40s %7.4f  %-16s %s%n",
            r.<Integer>getAs(Columns.RANK), label(r.getAs(Columns.ITEM_ID), titles), r.<Float>getAs(Columns.SCORE),
            r.getAs(Columns.SOURCE), why != null ? why : reason == null ? "-" : label(reason, titles));
      }
    } else {
      List<Row> rows =
          read(spark, table, dt).where(col(Columns.ITEM_ID).equalTo(target.item)).orderBy(col(Columns.RANK)).collectAsList();
      System.out.printf("item %s, dt=%s: %d similar items%n", label(target.item, titles), dt, rows.size());
      System.out.printf("  %4s  %-40s %7s%n", "rank", "item", "score");
      for (Row r : rows) {
        System.out.printf("  %4d  %-40s %7.4f%n",
            r.<Integer>getAs(Columns.RANK), label(r.getAs(Columns.SIMILAR_ITEM_ID), titles), r.<Float>getAs(Columns.SCORE));
      }
    }
    return 0;
  }

  private Dataset<Row> read(SparkSession spark, Table table, String dt) {
    return spark.read().parquet(new Path(new Path(output, table.tableName()), "dt=" + dt).toString());
  }

  /** Titles from the date's {@code items} table; none (ids only) for outputs published before it existed. */
  private Map<String, String> titles(SparkSession spark, String dt) throws IOException {
    Path items = new Path(new Path(output, Table.ITEMS.tableName()), "dt=" + dt);
    if (!items.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(items)) {
      return Map.of();
    }
    Map<String, String> titles = new HashMap<>();
    read(spark, Table.ITEMS, dt).select(Columns.ITEM_ID, Columns.TITLE).collectAsList()
        .forEach(r -> titles.put(r.getString(0), r.getString(1)));
    return titles;
  }

  /** {@code "Title (id)"}, the title cut to fit a column. */
  static String label(String id, Map<String, String> titles) {
    String title = titles.get(id);
    if (title == null) {
      return id;
    }
    String suffix = " (" + id + ")";
    int room = Math.max(8, 40 - suffix.length());
    return (title.length() > room ? title.substring(0, room - 1) + "…" : title) + suffix;
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

package dev.recs.bench;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Compares two outputs' published tables of one date row for row (all columns but {@code
 * model_version}, which names the configuration): prints, per table, the rows of each side the
 * other lacks. {@code scripts/compare-outputs.sh OUT_A OUT_B DATE [TABLE ...]}; exits 1 when any
 * table differs.
 */
public final class CompareOutputs {
  private static final String[] TABLES =
      {"items", "item_embeddings", "similar_items", "popular_items", "user_recommendations", "rejects", "metrics"};

  private CompareOutputs() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("compare-outputs")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    String[] tables = args.length > 3 ? Arrays.copyOfRange(args, 3, args.length) : TABLES;
    boolean same = true;
    for (String table : tables) {
      Dataset<Row> a = read(spark, args[0], table, args[2]);
      Dataset<Row> b = read(spark, args[1], table, args[2]);
      long onlyA = a.exceptAll(b).count();
      long onlyB = b.exceptAll(a).count();
      same &= onlyA == 0 && onlyB == 0;
      System.out.printf("%-22s %,10d rows | %,10d rows   only in first %,d, only in second %,d  %s%n", table, a.count(),
          b.count(), onlyA, onlyB, onlyA == 0 && onlyB == 0 ? "same" : "DIFFERENT");
    }
    spark.stop();
    System.exit(same ? 0 : 1);
  }

  private static Dataset<Row> read(SparkSession spark, String output, String table, String date) {
    Dataset<Row> rows = spark.read().parquet(output + "/" + table + "/dt=" + date);
    Column[] columns = Arrays.stream(rows.columns()).filter(c -> !c.equals("model_version"))
        .map(rows::col).toArray(Column[]::new);
    return rows.select(columns);
  }
}

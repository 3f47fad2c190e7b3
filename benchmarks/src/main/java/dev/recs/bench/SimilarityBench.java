package dev.recs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.BlockedTopK;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSH;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Exact top-20 cosine neighbours of N generated items three ways, in one Spark session: the
 * blocked kernel ({@link BlockedTopK}), a {@code crossJoin} with a dot-product UDF and a
 * window rank, and MLlib's {@code BucketedRandomProjectionLSH.approxSimilarityJoin} at several
 * table counts. Prints wall time, the ratio to the blocked method and recall@20 against it.
 *
 * <p>Usage: {@code SimilarityBench [items=20000] [dim=64] [lshTables=1,2,4] [methods=cross,lsh]}
 */
public final class SimilarityBench {
  private static final int K = 20;

  private SimilarityBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int dim = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    String[] tables = (args.length > 2 ? args[2] : "1,2,4").split(",");
    String methods = args.length > 3 ? args[3] : "cross,lsh";
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("bench-similarity")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    float[] vectors = SyntheticVectors.clustered(n, dim, Math.max(10, n / 100), new Random(11));
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Float[] v = new Float[dim];
      for (int j = 0; j < dim; j++) {
        v[j] = vectors[i * dim + j];
      }
      rows.add(RowFactory.create(String.format("i%06d", i), v));
    }
    Dataset<Row> items =
        spark.createDataFrame(rows, new StructType()
                .add(Columns.ITEM_ID, DataTypes.StringType)
                .add(Columns.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType)))
            .repartition(4)
            .cache();
    items.count();

    List<String[]> report = new ArrayList<>();
    long t0 = System.nanoTime();
    Map<String, Set<String>> exact = neighbours(new BlockedTopK(K, 2048, 64).apply(items), "similar_item_id");
    double blocked = seconds(t0);
    report.add(new String[] {"blocked exact (BlockKernel)", fmt(blocked), "1.0x", recall(exact, exact)});
    System.out.printf("blocked: %.1f s%n", blocked);

    double threshold = 0;
    for (Row r : new BlockedTopK(K, 2048, 64).apply(items).where(col(Columns.RANK).equalTo(K)).collectAsList()) {
      threshold = Math.max(threshold, Math.sqrt(Math.max(0, 2 - 2 * r.getFloat(3))));
    }

    spark.udf().register("dot", (scala.collection.Seq<Float> a, scala.collection.Seq<Float> b) -> {
      float s = 0;
      for (int j = 0; j < a.size(); j++) {
        s += a.apply(j) * b.apply(j);
      }
      return s;
    }, DataTypes.FloatType);
    if (methods.contains("cross")) {
      t0 = System.nanoTime();
      Dataset<Row> cross =
          items.as("a").crossJoin(items.as("b"))
              .where(col("a.item_id").notEqual(col("b.item_id")))
              .select(col("a.item_id").as(Columns.ITEM_ID), col("b.item_id").as("other"),
                  org.apache.spark.sql.functions.callUDF("dot", col("a.embedding"), col("b.embedding")).as(Columns.SCORE))
              .withColumn(Columns.RANK, row_number().over(
                  Window.partitionBy(col(Columns.ITEM_ID)).orderBy(col(Columns.SCORE).desc(), col("other"))))
              .where(col(Columns.RANK).leq(K));
      Map<String, Set<String>> crossResult = neighbours(cross, "other");
      double crossSeconds = seconds(t0);
      report.add(new String[] {"crossJoin + UDF + window rank", fmt(crossSeconds), ratio(crossSeconds, blocked),
          recall(crossResult, exact)});
      System.out.printf("crossJoin: %.1f s, recall %s%n", crossSeconds, recall(crossResult, exact));
    }

    Dataset<Row> asVectors =
        spark.createDataFrame(
            items.javaRDD().map(r -> {
              List<Float> v = r.getList(1);
              double[] d = new double[v.size()];
              for (int j = 0; j < d.length; j++) {
                d[j] = v.get(j);
              }
              return RowFactory.create(r.getString(0), Vectors.dense(d));
            }),
            new StructType().add(Columns.ITEM_ID, DataTypes.StringType).add("v", SQLDataTypes.VectorType()))
            .cache();
    asVectors.count();
    for (String t : methods.contains("lsh") ? tables : new String[0]) {
      t0 = System.nanoTime();
      BucketedRandomProjectionLSHModel lsh =
          new BucketedRandomProjectionLSH()
              .setInputCol("v")
              .setOutputCol("h")
              .setBucketLength(threshold)
              .setNumHashTables(Integer.parseInt(t))
              .setSeed(5)
              .fit(asVectors);
      Dataset<Row> approx =
          lsh.approxSimilarityJoin(asVectors, asVectors, threshold, "d")
              .select(col("datasetA.item_id").as(Columns.ITEM_ID), col("datasetB.item_id").as("other"), col("d"))
              .where(col(Columns.ITEM_ID).notEqual(col("other")))
              .withColumn(Columns.RANK, row_number().over(
                  Window.partitionBy(col(Columns.ITEM_ID)).orderBy(col("d"), col("other"))))
              .where(col(Columns.RANK).leq(K));
      Map<String, Set<String>> lshResult = neighbours(approx, "other");
      double s = seconds(t0);
      report.add(new String[] {"BucketedRandomProjectionLSH, " + t + " tables", fmt(s), ratio(s, blocked),
          recall(lshResult, exact)});
      System.out.printf("lsh %s tables: %.1f s, recall %s%n", t, s, recall(lshResult, exact));
    }

    System.out.printf("%ntop-%d cosine neighbours of %,d generated items (%d dims), local[2], one run:%n", K, n, dim);
    System.out.printf("  %-36s %10s %14s %10s%n", "method", "wall (s)", "vs blocked", "recall@20");
    for (String[] r : report) {
      System.out.printf("  %-36s %10s %14s %10s%n", r[0], r[1], r[2], r[3]);
    }
    System.out.printf("  (LSH bucket length and distance threshold %.3f: the largest exact 20th-neighbour distance)%n",
        threshold);
    spark.stop();
  }

  private static Map<String, Set<String>> neighbours(Dataset<Row> topK, String neighbourColumn) {
    Map<String, Set<String>> out = new HashMap<>();
    for (Row r : topK.select(col(Columns.ITEM_ID), col(neighbourColumn)).collectAsList()) {
      out.computeIfAbsent(r.getString(0), x -> new HashSet<>()).add(r.getString(1));
    }
    return out;
  }

  private static String recall(Map<String, Set<String>> found, Map<String, Set<String>> exact) {
    long hits = 0;
    long total = 0;
    for (Map.Entry<String, Set<String>> e : exact.entrySet()) {
      total += e.getValue().size();
      Set<String> f = found.getOrDefault(e.getKey(), Set.of());
      for (String id : e.getValue()) {
        hits += f.contains(id) ? 1 : 0;
      }
    }
    return String.format("%.3f", hits / (double) total);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static String fmt(double s) {
    return String.format("%.1f", s);
  }

  private static String ratio(double s, double blocked) {
    return String.format("%.1fx slower", s / blocked);
  }
}

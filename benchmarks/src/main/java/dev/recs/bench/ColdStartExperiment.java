package dev.recs.bench;

import com.typesafe.config.ConfigFactory;
import dev.recs.core.config.PipelineConfig;
import dev.recs.core.eval.ItemColdStart;
import dev.recs.core.eval.MetricRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Tunes the item vectors on a finished run's work area (kept by {@code recs evaluate}): the item
 * cold-start protocol without the published lists, one line per configuration given as HOCON
 * overrides of {@code recs} (the run's config file first, e.g. {@code scripts/movielens.conf}).
 * {@code scripts/bench-cold-start.sh WORK_DIR CONFIG 'collaborative.blend-events = 50' ...}
 */
public final class ColdStartExperiment {
  private ColdStartExperiment() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("cold-start-experiment")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Dataset<Row> interactions = spark.read().parquet(args[0] + "/interactions").cache();
    Dataset<Row> catalog = spark.read().parquet(args[0] + "/catalog").cache();
    for (int a = 2; a < args.length; a++) {
      long start = System.nanoTime();
      PipelineConfig config = PipelineConfig.from(ConfigFactory.parseString("recs { " + args[a] + " }")
          .withFallback(ConfigFactory.parseFile(new java.io.File(args[1])))
          .withFallback(ConfigFactory.defaultReference()).resolve());
      List<String> line = new ArrayList<>();
      for (MetricRow m : new ItemColdStart(config).evaluate(catalog, interactions, false)) {
        if (m.metric().equals("neighbour_precision") || m.metric().equals("user_auc")) {
          line.add(String.format("%s %s %.4f", m.model(), m.metric().equals("user_auc") ? "auc" : "p@10", m.value()));
        }
      }
      System.out.printf("COLD [%s] %s (%.0f s)%n", args[a], String.join(" | ", line), (System.nanoTime() - start) / 1e9);
    }
    spark.stop();
  }
}

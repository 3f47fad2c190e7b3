package dev.recs.bench;

import com.typesafe.config.ConfigFactory;
import dev.recs.core.config.PipelineConfig;
import dev.recs.core.eval.EvaluationResult;
import dev.recs.core.eval.HybridRecommender;
import dev.recs.core.eval.MetricRow;
import dev.recs.core.eval.RankingEvaluation;
import dev.recs.core.eval.Recommender;
import dev.recs.core.ranking.HybridRanker;
import dev.recs.core.ranking.ItemVectors;
import dev.recs.core.scoring.EmbeddingIndex;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Tunes the hybrid on a finished run's work area (kept by {@code recs evaluate}): the temporal
 * protocol of the evaluation, the hybrid, the hybrid with one new-item slot (as gated for the
 * published lists) and the published model (slots and coverage swaps) for
 * each configuration given as HOCON overrides of {@code recs}, one line of figures each.
 * {@code scripts/bench-ranker.sh WORK_DIR 'ranker.negatives-per-user = 100' ...}
 */
public final class RankerExperiment {
  private RankerExperiment() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("ranker-experiment")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    String work = args[0];
    Dataset<Row> interactions = spark.read().parquet(work + "/interactions").cache();
    Dataset<Row> catalog = spark.read().parquet(work + "/catalog").select("item_id").cache();
    long catalogSize = catalog.count();
    EmbeddingIndex index = EmbeddingIndex.collect(spark.read().parquet(work + "/item_embeddings"));
    Dataset<Row> features = spark.read().parquet(work + "/item_features").cache();
    Dataset<Row> contentEmbeddings = spark.read().parquet(work + "/content_embeddings").cache();
    for (int a = 1; a < args.length; a++) {
      long start = System.nanoTime();
      PipelineConfig config = PipelineConfig.from(
          ConfigFactory.parseString("recs { " + args[a] + " }").withFallback(ConfigFactory.defaultReference()).resolve());
      // the item vectors of each training set, as recs evaluate builds them
      HybridRecommender.Family family = new HybridRecommender.Family(config.ranker(), config.scoring(), config.seed(),
          catalog, sources -> new ItemVectors(config.collaborative()).content(sources, features, contentEmbeddings,
              config.scoring()));
      // the published list's cost in two parts: its new-item slot (slot), then the swaps (pipeline)
      List<Recommender> models = List.of(family.variant("hybrid", HybridRanker.Variant.FULL),
          family.explore("slot", 1, 0), family.coverage("pipeline"));
      EvaluationResult result =
          new RankingEvaluation(config.eval().withModels(List.of("pipeline"))).evaluate(interactions, models, catalogSize, index);
      family.close();
      List<String> line = new ArrayList<>();
      for (String model : List.of("hybrid", "slot", "pipeline")) {
        line.add(String.format("%s ndcg@10 %.4f cov %.3f cold %.4f", model, value(result, model, "ndcg"),
            value(result, model, "coverage"), value(result, model, "cold_item_recall")));
      }
      System.out.printf("EXPERIMENT [%s] %s (%.0f s)%n", args[a], String.join(" | ", line), (System.nanoTime() - start) / 1e9);
    }
    spark.stop();
  }

  private static double value(EvaluationResult result, String model, String metric) {
    for (MetricRow m : result.metrics()) {
      if (m.model().equals(model) && m.metric().equals(metric) && m.k() == 10 && m.segment().equals("all")) {
        return m.value();
      }
    }
    return Double.NaN;
  }
}

package dev.recs.core.run;

import static dev.recs.core.run.NightlyRun.CATALOG;
import static dev.recs.core.run.NightlyRun.CONTENT_EMBEDDINGS;
import static dev.recs.core.run.NightlyRun.EVAL_LISTS;
import static dev.recs.core.run.NightlyRun.HOLDOUT_TEST;
import static dev.recs.core.run.NightlyRun.HOLDOUT_TRAIN;
import static dev.recs.core.run.NightlyRun.INTERACTIONS;
import static dev.recs.core.run.NightlyRun.ITEM_FEATURES;
import static dev.recs.core.run.NightlyRun.REPORT;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;

import dev.recs.core.config.EvalParams;
import dev.recs.core.eval.AlsRecommender;
import dev.recs.core.eval.ContentRecommender;
import dev.recs.core.eval.DiversityRecommender;
import dev.recs.core.eval.EaseRecommender;
import dev.recs.core.eval.EvaluationReport;
import dev.recs.core.eval.EvaluationResult;
import dev.recs.core.eval.HybridRecommender;
import dev.recs.core.eval.ItemColdStart;
import dev.recs.core.eval.ItemKnnRecommender;
import dev.recs.core.eval.PipelineRecommender;
import dev.recs.core.eval.PopularityRecommender;
import dev.recs.core.eval.Protocols;
import dev.recs.core.eval.MetricId;
import dev.recs.core.eval.MetricRow;
import dev.recs.core.eval.MetricTrend;
import dev.recs.core.eval.QualityGate;
import dev.recs.core.eval.TemporalSplit;
import dev.recs.core.eval.RankingEvaluation;
import dev.recs.core.eval.Recommender;
import dev.recs.core.model.EncoderTraining;
import dev.recs.core.ranking.CandidateSources;
import dev.recs.core.ranking.HybridRanker;
import dev.recs.core.ranking.ItemVectors;
import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.UserRecommendations;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluate stage: the run's own figures, and either the night's hold-out (the published
 * lists of the held-out users and popularity) or, for {@code recs evaluate}, every model of
 * {@code eval.models} side by side with the item cold-start protocol.
 */
final class EvaluationPlan {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);

  /** The model name of the metrics rows that record the night's learned fusion. */
  static final String FUSION = "ranker_fusion";

  private final Night night;

  EvaluationPlan(Night night) {
    this.night = night;
  }

  EvaluationResult run(boolean everyModel) {
    EvaluationResult[] evaluated = new EvaluationResult[1];
    night.stage(
        "evaluate",
        () -> {
          List<Row> metrics = new ArrayList<>(ownMetrics());
          if (night.config().eval().enabled() || everyModel) {
            evaluated[0] = everyModel ? withItemColdStart(evaluateModels()) : evaluateHoldout();
            evaluated[0].metrics().forEach(m -> metrics.add(m.toRow()));
            List<MetricRow> tonight = metrics.stream().map(MetricRow::fromRow).toList();
            // recs evaluate is not gated: publish runs the gate on the nightly hold-out only
            Optional<QualityGate.Verdict> gate = everyModel ? Optional.empty() : new GateCheck(night).preview(tonight);
            List<MetricTrend.Point> trend =
                MetricTrend.of(night.date(), tonight,
                    new PublishedMetrics(night).lastBefore(night.date(), MetricTrend.NIGHTS - 1));
            RunProgress progress = night.work().progress();
            String html =
                EvaluationReport.html(
                    "recs evaluation, dt=" + night.date() + ", model " + progress.modelVersion(),
                    evaluated[0],
                    progress.counts(),
                    gate,
                    trend);
            night.work().writeText(REPORT, html);
          }
          night.work().write(
              Table.METRICS.tableName(),
              night.spark().createDataFrame(metrics, Table.METRICS.sparkSchema()));
          return metrics.size() + " metrics";
        });
    return evaluated[0];
  }


  /** {@code result} with the item cold-start protocol's rows when {@code eval.item-cold-start.enabled}. */
  private EvaluationResult withItemColdStart(EvaluationResult result) {
    if (!night.config().eval().itemColdStart().enabled()) {
      return result;
    }
    List<MetricRow> metrics = new ArrayList<>(result.metrics());
    metrics.addAll(new ItemColdStart(night.config()).evaluate(night.work().read(CATALOG), night.work().read(INTERACTIONS)));
    return new EvaluationResult(metrics, result.models(), result.testUsers(), result.trainRows(), result.testRows(),
        result.itemPopularity(), result.recommendedByDecile(), result.protocol(), result.otherProtocols());
  }


  /** The published lists of the held-out users (built in {@link #score}) and popularity, on the night's hold-out. */
  private EvaluationResult evaluateHoldout() {
    Dataset<Row> lists = night.work().read(EVAL_LISTS);
    Recommender published =
        new Recommender() {
          @Override
          public String name() {
            return MetricId.PUBLISHED_MODEL;
          }

          @Override
          public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
            return lists.where(col(Columns.RANK).leq(k));
          }
        };
    return new RankingEvaluation(night.config().eval())
        .evaluate(new TemporalSplit.Split(night.work().read(HOLDOUT_TRAIN), night.work().read(HOLDOUT_TEST)),
            List.of(published, new PopularityRecommender()), night.work().read(CATALOG).count(),
            EmbeddingIndex.collect(night.work().read(Table.ITEM_EMBEDDINGS.tableName())))
        .under(night.ownProtocol());
  }


  private EvaluationResult evaluateModels() {
    Dataset<Row> embeddings = night.work().read(Table.ITEM_EMBEDDINGS.tableName());
    EmbeddingIndex index = EmbeddingIndex.collect(embeddings);
    EvalParams eval = night.config().eval();
    Dataset<Row> catalogItems = night.work().read(CATALOG).select(Columns.ITEM_ID);
    List<Recommender> models = new ArrayList<>();
    HybridRecommender.Family hybrid =
        new HybridRecommender.Family(night.config().ranker(), night.config().scoring(), night.config().seed(), catalogItems, this::contentFor);
    Recommender published = night.config().ranker().coverage().enabled()
        ? hybrid.coverage("pipeline")
        : hybrid.variant("pipeline", HybridRanker.Variant.FULL);
    // the published model's candidate lists, computed once for the re-ranked pipeline and sweep
    DiversityRecommender.Family diverse =
        new DiversityRecommender.Family(
            published, night.config().diversity(), night.work().read(CATALOG).select(Columns.ITEM_ID, Columns.CATEGORIES), index);
    for (String name : eval.models()) {
      models.add(
          switch (name) {
            case "pipeline" -> night.config().diversity().enabled()
                ? diverse.variant(name, night.config().diversity().lambda())
                : published;
            case "hybrid" -> hybrid.variant(name, HybridRanker.Variant.FULL);
            case "hybrid_coverage" -> hybrid.coverage(name);
            case "candidates" -> hybrid.variant(name, HybridRanker.Variant.CANDIDATES_ONLY);
            case "ranker_no_content" -> hybrid.variant(name, HybridRanker.Variant.NO_CONTENT);
            case "popularity" -> new PopularityRecommender();
            case "item_knn" -> new ItemKnnRecommender(eval.knnNeighbours());
            case "ease" -> new EaseRecommender(night.config().ranker().ease(), hybrid::ease);
            case "als" -> new AlsRecommender(eval, night.config().seed());
            case "content" -> new ContentRecommender(night.work().read(ITEM_FEATURES));
            case "content_profile" -> new PipelineRecommender(night.config().scoring(), index);
            default -> exploreVariant(name, hybrid);
          });
    }
    models.addAll(diverse.sweep());
    try {
      return Protocols.evaluate(new RankingEvaluation(eval), eval.protocols(), night.ownProtocol(), night.config().seed(),
          night.work().read(INTERACTIONS), models, night.work().read(CATALOG).count(), index, eval);
    } finally {
      hybrid.close();
    }
  }


  /**
   * The item vectors and content neighbours of a training set of {@code recs evaluate}: its own
   * ALS factors blended with a model trained on them, so no held-out event places an item.
   */
  private HybridRanker.Content contentFor(CandidateSources sources) {
    return new ItemVectors(night.config().collaborative())
        .content(sources, night.work().read(ITEM_FEATURES), night.work().read(CONTENT_EMBEDDINGS), night.config().scoring());
  }


  /**
   * {@code hybrid_explore_N}: the hybrid with N exploration slots in every ten, one for new
   * items and N−1 for the long tail; the points of the accuracy/coverage trade-off.
   */
  private static Recommender exploreVariant(String name, HybridRecommender.Family hybrid) {
    java.util.regex.Matcher m = EvalParams.EXPLORE_MODEL.matcher(name);
    if (!m.matches()) {
      throw new IllegalStateException("Cannot evaluate: unknown model " + name);
    }
    int slots = Integer.parseInt(m.group(1));
    return hybrid.explore(name, 1, slots - 1);
  }


  private List<Row> ownMetrics() {
    int k = night.config().scoring().topK();
    Dataset<Row> recs = night.work().read(Table.USER_RECOMMENDATIONS.tableName());
    long catalogItems = night.work().read(CATALOG).count();
    Row r =
        recs.agg(
                countDistinct(col(Columns.ITEM_ID)),
                countDistinct(col(Columns.USER_ID)),
                countDistinct(
                    org.apache.spark.sql.functions.when(
                        col(Columns.SOURCE).equalTo(UserRecommendations.SOURCE_POPULAR),
                        col(Columns.USER_ID))))
            .first();
    double similar =
        night.work().read(Table.SIMILAR_ITEMS.tableName()).agg(avg(col(Columns.SCORE))).first().getDouble(0);
    // the autoencoder's: the published vectors are unit length, the content embedding's drift is the signal
    double norm =
        night.work().read(CONTENT_EMBEDDINGS)
            .agg(avg(org.apache.spark.sql.functions.expr(
                "sqrt(aggregate(" + Columns.EMBEDDING + ", 0D, (a, x) -> a + x * x))")))
            .first().getDouble(0);
    EncoderTraining training = night.work().progress().encoder();
    List<Row> metrics = new ArrayList<>();
    metrics.add(MetricId.catalogCoverage(k).row(ratio(r.getLong(0), catalogItems)).toRow());
    metrics.add(metric(MetricId.PUBLISHED_TABLES, "fallback_user_share", k, ratio(r.getLong(2), r.getLong(1))));
    metrics.add(metric(MetricId.PUBLISHED_TABLES, "users", k, r.getLong(1)));
    metrics.add(MetricId.meanSimilarScore(night.config().scoring().similarK()).row(similar).toRow());
    metrics.add(MetricId.EMBEDDING_NORM.row(norm).toRow());
    dev.recs.core.ranking.Fusion fusion = night.work().progress().fusion();
    if (fusion != null) {
      int validationK = dev.recs.core.ranking.Fusion.cutOff(night.config().ranker());
      metrics.add(metric(FUSION, fusion.alone() ? fusion.source() + "_alone" : fusion.source() + "_weight", 0,
          fusion.alone() ? 1 : fusion.weight()));
      metrics.add(metric(FUSION, "validation_ndcg", validationK, fusion.validationNdcg()));
      for (String option : List.of(dev.recs.core.ranking.Fusion.RANKER_ALONE, "ease_rel alone", "knn_rel alone", "als_score alone")) {
        Double v = fusion.options().get(option);
        if (v != null) {
          metrics.add(metric(FUSION, "validation_ndcg_" + option.replace(" ", "_"), validationK, v));
        }
      }
    }
    if (training != null) {
      metrics.add(metric("encoder", "validation_loss", 0, training.validationLoss()));
      metrics.add(metric("encoder", "epochs", 0, training.epochs()));
    }
    return metrics;
  }


  private static Row metric(String model, String metric, int k, double value) {
    return RowFactory.create(model, "all", metric, k, value);
  }


  private static double ratio(long a, long b) {
    return b == 0 ? 0.0 : (double) a / b;
  }

}

package dev.recs.core.eval;

import static org.apache.spark.sql.functions.array_intersect;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.recs.core.config.EvalParams;
import dev.recs.core.ranking.Ndcg;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.TopKPerUser;
import dev.recs.core.scoring.EmbeddingIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.mllib.evaluation.RankingMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Scores every {@link Recommender} on a {@link TemporalSplit}: each is fitted on train and asked
 * for the top {@code maxK} items of every test user; a test item counts as relevant (binary)
 * unless the user already has it in train. Precision, recall, NDCG and MAP come from MLlib's
 * {@link RankingMetrics}; hit rate, coverage, novelty, intra-list diversity and cold-item recall
 * are computed beside them. Segments: all users, and users by train history length.
 */
public final class RankingEvaluation {
  private static final Logger LOG = LoggerFactory.getLogger(RankingEvaluation.class);
  /** The segment of every test user. */
  public static final String ALL = "all";
  private static final String LABELS = "_labels";
  private static final String PREDS = "_preds";
  private static final String SEGMENT = "_segment";
  /** The bootstrap standard error of NDCG at the headline K, segment {@code all}. */
  public static final String NDCG_SE = "ndcg_se";
  private static final int BOOTSTRAP_ROUNDS = 200;

  private final EvalParams params;

  public RankingEvaluation(EvalParams params) {
    this.params = params;
  }

  /**
   * @param interactions clean interactions, split here
   * @param catalogSize items in the catalog, the denominator of coverage
   * @param embeddings item embeddings, for intra-list diversity
   */
  public EvaluationResult evaluate(
      Dataset<Row> interactions, List<Recommender> models, long catalogSize, EmbeddingIndex embeddings) {
    return evaluate(new TemporalSplit(params).apply(interactions), models, catalogSize, embeddings);
  }

  /** Like {@link #evaluate(Dataset, List, long, EmbeddingIndex)} on a split made elsewhere (the night's {@link NightlyHoldout}). */
  public EvaluationResult evaluate(
      TemporalSplit.Split split, List<Recommender> models, long catalogSize, EmbeddingIndex embeddings) {
    Dataset<Row> train = split.train().cache();
    Dataset<Row> trainPairs = train.select(Columns.USER_ID, Columns.ITEM_ID).distinct().cache();
    Dataset<Row> allRelevant =
        split.test()
            .select(Columns.USER_ID, Columns.ITEM_ID)
            .distinct()
            .join(trainPairs, TopKPerUser.columns(Columns.USER_ID, Columns.ITEM_ID), "left_anti");
    Dataset<Row> sampledUsers =
        allRelevant.select(Columns.USER_ID).distinct()
            .orderBy(org.apache.spark.sql.functions.xxhash64(col(Columns.USER_ID)), col(Columns.USER_ID))
            .limit(params.maxTestUsers());
    Dataset<Row> relevant = allRelevant.join(sampledUsers, Columns.USER_ID).cache();
    Dataset<Row> itemUsers =
        trainPairs.groupBy(col(Columns.ITEM_ID)).agg(count(lit(1)).as("_pop")).cache();
    long trainUsers = trainPairs.select(Columns.USER_ID).distinct().count();
    Dataset<Row> users = relevant.select(Columns.USER_ID).distinct().cache();
    Dataset<Row> truth =
        relevant
            .groupBy(col(Columns.USER_ID))
            .agg(collect_list(col(Columns.ITEM_ID)).as(LABELS))
            .join(train.groupBy(col(Columns.USER_ID)).agg(count(lit(1)).as("_hist")), TopKPerUser.columns(Columns.USER_ID), "left")
            .withColumn(SEGMENT, segment(coalesce(col("_hist"), lit(0L))))
            .cache();
    Dataset<Row> cold = relevant.join(itemUsers, TopKPerUser.columns(Columns.ITEM_ID), "left_anti").cache();
    long coldRows = cold.count();
    Broadcast<EmbeddingIndex> index =
        JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext()).broadcast(embeddings);

    List<MetricRow> out = new ArrayList<>();
    Map<String, double[]> deciles = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    List<String> segments = segmentNames();
    for (Recommender model : models) {
      long start = System.nanoTime();
      Dataset<Row> recs = model.recommend(train, users, params.maxK()).cache();
      Dataset<Row> lists =
          truth.join(
                  recs.groupBy(col(Columns.USER_ID))
                      .agg(sort_array(collect_list(struct(col(Columns.RANK), col(Columns.ITEM_ID)))).as("_p"))
                      .select(col(Columns.USER_ID), col("_p." + Columns.ITEM_ID).as(PREDS)),
                  TopKPerUser.columns(Columns.USER_ID),
                  "left")
              .withColumn(PREDS, coalesce(col(PREDS), org.apache.spark.sql.functions.array().cast("array<string>")))
              .cache();
      for (String segment : segments) {
        Dataset<Row> subset = segment.equals(ALL) ? lists : lists.where(col(SEGMENT).equalTo(segment));
        long n = subset.count();
        if (n == 0) {
          continue;
        }
        out.add(new MetricRow(model.name(), segment, "users", 0, n));
        JavaRDD<Tuple2<List<String>, List<String>>> pairs = pairs(subset).cache();
        RankingMetrics<String> metrics = RankingMetrics.of(pairs);
        // every metric at every K for all users; the segments get the headline ones
        List<Integer> ks = segment.equals(ALL) ? params.ks() : List.of(headlineK());
        if (segment.equals(ALL)) {
          out.add(new MetricRow(model.name(), segment, NDCG_SE, headlineK(), bootstrapError(pairs.collect(), headlineK())));
        }
        for (int k : ks) {
          out.add(new MetricRow(model.name(), segment, "ndcg", k, metrics.ndcgAt(k)));
          out.add(new MetricRow(model.name(), segment, "recall", k, metrics.recallAt(k)));
          out.add(new MetricRow(model.name(), segment, "hit_rate", k, hitRate(subset, k)));
          if (segment.equals(ALL)) {
            out.add(new MetricRow(model.name(), segment, "precision", k, metrics.precisionAt(k)));
            out.add(new MetricRow(model.name(), segment, "map", k, metrics.meanAveragePrecisionAt(k)));
          }
        }
        pairs.unpersist();
      }
      for (int k : params.ks()) {
        Dataset<Row> topK = recs.where(col(Columns.RANK).leq(k));
        out.add(new MetricRow(model.name(), ALL, "coverage", k,
            topK.select(Columns.ITEM_ID).distinct().count() / (double) catalogSize));
        out.add(new MetricRow(model.name(), ALL, "novelty", k, novelty(topK, itemUsers, trainUsers)));
        out.add(new MetricRow(model.name(), ALL, "diversity", k, diversity(lists, k, index)));
        long coldHits = cold.join(topK, TopKPerUser.columns(Columns.USER_ID, Columns.ITEM_ID)).count();
        out.add(new MetricRow(model.name(), ALL, "cold_item_recall", k, coldRows == 0 ? 0.0 : coldHits / (double) coldRows));
      }
      deciles.put(model.name(), byPopularityDecile(recs, itemUsers));
      names.add(model.name());
      LOG.info("evaluate {}: ndcg@10 {} in {} ms", model.name(),
          out.stream().filter(m -> m.model().equals(model.name()) && m.segment().equals(ALL)
              && m.metric().equals("ndcg") && m.k() == 10).map(m -> String.format("%.4f", m.value())).findFirst().orElse("-"),
          (System.nanoTime() - start) / 1_000_000);
      lists.unpersist();
      recs.unpersist();
    }
    long[] popularity =
        itemUsers.orderBy(col("_pop").desc()).select("_pop").collectAsList().stream().mapToLong(r -> r.getLong(0)).toArray();
    EvaluationResult result =
        new EvaluationResult(out, names, users.count(), train.count(), relevant.count(), popularity, deciles);
    for (Dataset<?> d : List.of(train, trainPairs, relevant, itemUsers, users, truth, cold)) {
      d.unpersist();
    }
    return result;
  }

  /**
   * The standard error of mean NDCG@k over these users, by bootstrap (a fixed seed, so the same
   * lists give the same figure): how far the headline figure moves from sampling alone, which the
   * quality gate allows for.
   */
  static double bootstrapError(List<Tuple2<List<String>, List<String>>> lists, int k) {
    int n = lists.size();
    if (n < 2) {
      return 0.0;
    }
    double[] ndcg = new double[n];
    for (int u = 0; u < n; u++) {
      ndcg[u] = Ndcg.binary(lists.get(u)._1(), new java.util.HashSet<>(lists.get(u)._2()), k);
    }
    java.util.Random random = new java.util.Random(17);
    double sum = 0;
    double sumSquares = 0;
    for (int b = 0; b < BOOTSTRAP_ROUNDS; b++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += ndcg[random.nextInt(n)];
      }
      mean /= n;
      sum += mean;
      sumSquares += mean * mean;
    }
    double m = sum / BOOTSTRAP_ROUNDS;
    return Math.sqrt(Math.max(0, sumSquares / BOOTSTRAP_ROUNDS - m * m));
  }

  /** The cut-off segments are reported at: 10 when measured, else the first. */
  int headlineK() {
    return params.ks().contains(10) ? 10 : params.ks().get(0);
  }

  /** {@code all}, then one label per history-length segment. */
  List<String> segmentNames() {
    List<String> out = new ArrayList<>(List.of(ALL));
    List<Integer> b = params.historySegments();
    int lower = 0;
    for (int bound : b) {
      out.add("history_" + lower + "_" + (bound - 1));
      lower = bound;
    }
    out.add("history_" + lower + "_plus");
    return out;
  }

  private Column segment(Column history) {
    List<String> names = segmentNames();
    List<Integer> bounds = params.historySegments();
    Column out = lit(names.get(names.size() - 1));
    for (int i = bounds.size() - 1; i >= 0; i--) {
      out = when(history.lt(bounds.get(i)), lit(names.get(i + 1))).otherwise(out);
    }
    return out;
  }

  private static JavaRDD<Tuple2<List<String>, List<String>>> pairs(Dataset<Row> lists) {
    return lists
        .select(PREDS, LABELS)
        .toJavaRDD()
        .map(r -> new Tuple2<>(r.<String>getList(0), r.<String>getList(1)));
  }

  private static double hitRate(Dataset<Row> lists, int k) {
    Row r = lists.agg(avg(when(size(array_intersect(slice(col(PREDS), 1, k), col(LABELS))).gt(0), 1.0).otherwise(0.0))).first();
    return r.isNullAt(0) ? 0.0 : r.getDouble(0);
  }

  /** Mean self-information {@code -log2((users(i) + 1) / (train users + 1))} of recommended items. */
  private static double novelty(Dataset<Row> topK, Dataset<Row> itemUsers, long trainUsers) {
    Row r =
        topK.join(itemUsers, TopKPerUser.columns(Columns.ITEM_ID), "left")
            .agg(avg(log(2.0, coalesce(col("_pop"), lit(0L)).plus(1).divide(trainUsers + 1.0)).multiply(-1)))
            .first();
    return r.isNullAt(0) ? 0.0 : r.getDouble(0);
  }

  /** Mean over users of 1 − mean pairwise cosine of the embeddings in their top {@code k}. */
  private static double diversity(Dataset<Row> lists, int k, Broadcast<EmbeddingIndex> index) {
    Row r =
        lists.select(slice(col(PREDS), 1, k))
            .map(new IntraListDiversity(index), Encoders.DOUBLE())
            .where(col("value").isNotNull())
            .agg(avg(col("value")))
            .first();
    return r.isNullAt(0) ? 0.0 : r.getDouble(0);
  }

  /** Shares of recommendations per tenth of the catalog by train popularity; [10] = no event. */
  private static double[] byPopularityDecile(Dataset<Row> recs, Dataset<Row> itemUsers) {
    // the popularity rank of every item, numbered on the driver: a window over all items would
    // move them into one partition (one task, and Spark's warning, at any scale)
    List<Row> byPopularity = itemUsers.select(col(Columns.ITEM_ID), col("_pop"))
        .orderBy(col("_pop").desc(), col(Columns.ITEM_ID)).collectAsList();
    long items = byPopularity.size();
    List<Row> ranks = new java.util.ArrayList<>(byPopularity.size());
    for (int i = 0; i < byPopularity.size(); i++) {
      ranks.add(org.apache.spark.sql.RowFactory.create(byPopularity.get(i).getString(0), (long) i + 1));
    }
    Dataset<Row> ranked = itemUsers.sparkSession().createDataFrame(ranks, new org.apache.spark.sql.types.StructType()
        .add(Columns.ITEM_ID, org.apache.spark.sql.types.DataTypes.StringType)
        .add("_prank", org.apache.spark.sql.types.DataTypes.LongType));
    double[] share = new double[11];
    long total = 0;
    for (Row r :
        recs.join(ranked, TopKPerUser.columns(Columns.ITEM_ID), "left")
            .withColumn("_decile", when(col("_prank").isNull(), lit(10L))
                .otherwise(floor(col("_prank").minus(1).multiply(10).divide(Math.max(items, 1)))))
            .groupBy("_decile").agg(countDistinct(col(Columns.USER_ID), col(Columns.ITEM_ID)).as("_n"))
            .collectAsList()) {
      share[(int) Math.min(10, r.getLong(0))] += r.getLong(1);
      total += r.getLong(1);
    }
    for (int i = 0; i < share.length; i++) {
      share[i] = total == 0 ? 0 : share[i] / total;
    }
    return share;
  }

  /** 1 − mean pairwise cosine of a list's items; null for lists of fewer than two known items. */
  static final class IntraListDiversity implements MapFunction<Row, Double> {
    private final Broadcast<EmbeddingIndex> index;

    IntraListDiversity(Broadcast<EmbeddingIndex> index) {
      this.index = index;
    }

    @Override
    public Double call(Row row) {
      EmbeddingIndex items = index.value();
      int[] p = row.<String>getList(0).stream().mapToInt(items::position).filter(i -> i >= 0).toArray();
      if (p.length < 2) {
        return null;
      }
      double sum = 0;
      int pairs = 0;
      for (int a = 0; a < p.length; a++) {
        for (int b = a + 1; b < p.length; b++) {
          sum += items.cosine(p[a], p[b]);
          pairs++;
        }
      }
      return 1.0 - sum / pairs;
    }
  }
}

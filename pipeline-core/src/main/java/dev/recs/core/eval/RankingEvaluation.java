package dev.recs.core.eval;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.recs.core.config.EvalParams;
import dev.recs.core.ranking.Ndcg;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.TopKPerUser;
import dev.recs.core.scoring.EmbeddingIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Scores every {@link Recommender} on a {@link TemporalSplit}: each is fitted on train and asked
 * for the top {@code maxK} items of every test user; a test item counts as relevant (binary)
 * unless the user already has it in train. Precision, recall, NDCG and MAP as MLlib's {@code
 * RankingMetrics} defines them ({@link ListMetrics}), hit rate, coverage, novelty, intra-list
 * diversity and cold-item recall, all from the lists collected to the driver (at most {@code
 * max-test-users} users). Segments: all users, and users by train history length.
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
    Dataset<Row> cold = relevant.join(itemUsers, TopKPerUser.columns(Columns.ITEM_ID), "left_anti");
    // what the metrics read, collected once: each test user's segment and relevant items, the
    // (user, item) pairs on items without a train event, every item's train users
    List<Judged> judged = new ArrayList<>();
    for (Row r : truth.select(col(Columns.USER_ID), col(SEGMENT), col(LABELS)).orderBy(Columns.USER_ID).collectAsList()) {
      judged.add(new Judged(r.getString(0), r.getString(1), new HashSet<>(r.<String>getList(2))));
    }
    Set<String> coldPairs = new HashSet<>();
    for (Row r : cold.select(Columns.USER_ID, Columns.ITEM_ID).collectAsList()) {
      coldPairs.add(pair(r.getString(0), r.getString(1)));
    }
    List<Row> byPopularity = itemUsers.select(col(Columns.ITEM_ID), col("_pop"))
        .orderBy(col("_pop").desc(), col(Columns.ITEM_ID)).collectAsList();
    Map<String, Long> popularityOf = new HashMap<>();
    Map<String, Integer> popularityRank = new HashMap<>();
    for (int i = 0; i < byPopularity.size(); i++) {
      popularityOf.put(byPopularity.get(i).getString(0), byPopularity.get(i).getLong(1));
      popularityRank.put(byPopularity.get(i).getString(0), i);
    }

    List<MetricRow> out = new ArrayList<>();
    Map<String, double[]> deciles = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    List<String> segments = segmentNames();
    for (Recommender model : models) {
      long start = System.nanoTime();
      Map<String, List<String>> lists = lists(model.recommend(train, users, params.maxK()));
      for (String segment : segments) {
        List<Judged> subset = judged.stream().filter(j -> segment.equals(ALL) || j.segment().equals(segment)).toList();
        if (subset.isEmpty()) {
          continue;
        }
        out.add(new MetricRow(model.name(), segment, "users", 0, subset.size()));
        List<Tuple2<List<String>, List<String>>> pairs = subset.stream()
            .map(j -> new Tuple2<List<String>, List<String>>(lists.getOrDefault(j.user(), List.of()), List.copyOf(j.relevant())))
            .toList();
        // every metric at every K for all users; the segments get the headline ones
        List<Integer> ks = segment.equals(ALL) ? params.ks() : List.of(headlineK());
        if (segment.equals(ALL)) {
          out.add(new MetricRow(model.name(), segment, NDCG_SE, headlineK(), bootstrapError(pairs, headlineK())));
        }
        for (int k : ks) {
          out.add(new MetricRow(model.name(), segment, "ndcg", k, mean(subset, lists, k, ListMetrics::ndcg)));
          out.add(new MetricRow(model.name(), segment, "recall", k, mean(subset, lists, k, ListMetrics::recall)));
          out.add(new MetricRow(model.name(), segment, "hit_rate", k, mean(subset, lists, k, ListMetrics::hitRate)));
          if (segment.equals(ALL)) {
            out.add(new MetricRow(model.name(), segment, "precision", k, mean(subset, lists, k, ListMetrics::precision)));
            out.add(new MetricRow(model.name(), segment, "map", k, mean(subset, lists, k, ListMetrics::averagePrecision)));
          }
        }
      }
      for (int k : params.ks()) {
        Set<String> shown = new HashSet<>();
        double selfInformation = 0;
        long shownRows = 0;
        long coldHits = 0;
        double diversity = 0;
        int diverseLists = 0;
        for (Map.Entry<String, List<String>> list : lists.entrySet()) {
          List<String> top = list.getValue().subList(0, Math.min(k, list.getValue().size()));
          for (String item : top) {
            shown.add(item);
            selfInformation -= Math.log((popularityOf.getOrDefault(item, 0L) + 1.0) / (trainUsers + 1.0)) / Math.log(2);
            shownRows++;
            coldHits += coldPairs.contains(pair(list.getKey(), item)) ? 1 : 0;
          }
          Double d = intraListDiversity(top, embeddings);
          if (d != null) {
            diversity += d;
            diverseLists++;
          }
        }
        out.add(new MetricRow(model.name(), ALL, "coverage", k, shown.size() / (double) catalogSize));
        out.add(new MetricRow(model.name(), ALL, "novelty", k, shownRows == 0 ? 0.0 : selfInformation / shownRows));
        out.add(new MetricRow(model.name(), ALL, "diversity", k, diverseLists == 0 ? 0.0 : diversity / diverseLists));
        out.add(new MetricRow(model.name(), ALL, "cold_item_recall", k,
            coldPairs.isEmpty() ? 0.0 : coldHits / (double) coldPairs.size()));
      }
      deciles.put(model.name(), byPopularityDecile(lists, popularityRank));
      names.add(model.name());
      LOG.info("evaluate {}: ndcg@10 {} in {} ms", model.name(),
          out.stream().filter(m -> m.model().equals(model.name()) && m.segment().equals(ALL)
              && m.metric().equals("ndcg") && m.k() == 10).map(m -> String.format("%.4f", m.value())).findFirst().orElse("-"),
          (System.nanoTime() - start) / 1_000_000);
    }
    long[] popularity = byPopularity.stream().mapToLong(r -> r.getLong(1)).toArray();
    EvaluationResult result =
        new EvaluationResult(out, names, judged.size(), train.count(), relevant.count(), popularity, deciles);
    for (Dataset<?> d : List.of(train, trainPairs, relevant, itemUsers, users, truth)) {
      d.unpersist();
    }
    return result;
  }

  /** A test user, their history segment and the items they took next (not in their train). */
  private record Judged(String user, String segment, Set<String> relevant) {}

  private interface Metric {
    double of(List<String> preds, Set<String> relevant, int k);
  }

  private static double mean(List<Judged> users, Map<String, List<String>> lists, int k, Metric metric) {
    double sum = 0;
    for (Judged j : users) {
      sum += metric.of(lists.getOrDefault(j.user(), List.of()), j.relevant(), k);
    }
    return sum / users.size();
  }

  /** {@code (user_id, rank, item_id, ...)} collected into each user's items, best first. */
  private static Map<String, List<String>> lists(Dataset<Row> recs) {
    Map<String, List<String>> out = new HashMap<>();
    for (Row r : recs.select(Columns.USER_ID, Columns.RANK, Columns.ITEM_ID)
        .orderBy(col(Columns.USER_ID), col(Columns.RANK), col(Columns.ITEM_ID)).collectAsList()) {
      out.computeIfAbsent(r.getString(0), u -> new ArrayList<>()).add(r.getString(2));
    }
    return out;
  }

  private static String pair(String user, String item) {
    return user + '\u0000' + item;
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

  /** 1 − mean pairwise cosine of a list's items; null for lists of fewer than two known items. */
  static Double intraListDiversity(List<String> items, EmbeddingIndex index) {
    int[] p = items.stream().mapToInt(index::position).filter(i -> i >= 0).toArray();
    if (p.length < 2) {
      return null;
    }
    double sum = 0;
    int pairs = 0;
    for (int a = 0; a < p.length; a++) {
      for (int b = a + 1; b < p.length; b++) {
        sum += index.cosine(p[a], p[b]);
        pairs++;
      }
    }
    return 1.0 - sum / pairs;
  }

  /** Shares of recommendations per tenth of the catalog by train popularity; [10] = no event. */
  private static double[] byPopularityDecile(Map<String, List<String>> lists, Map<String, Integer> popularityRank) {
    double[] share = new double[11];
    long total = 0;
    int items = Math.max(popularityRank.size(), 1);
    for (Map.Entry<String, List<String>> list : lists.entrySet()) {
      for (String item : new java.util.LinkedHashSet<>(list.getValue())) {
        Integer rank = popularityRank.get(item);
        share[rank == null ? 10 : (int) Math.min(10, (long) rank * 10 / items)]++;
        total++;
      }
    }
    for (int i = 0; i < share.length; i++) {
      share[i] = total == 0 ? 0 : share[i] / total;
    }
    return share;
  }
}

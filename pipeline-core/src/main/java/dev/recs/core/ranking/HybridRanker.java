package dev.recs.core.ranking;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.xxhash64;

import dev.recs.core.config.CoverageParams;
import dev.recs.core.config.RankerParams;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.CoverageReranker;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.EventWeights;
import dev.recs.core.scoring.TopKPerUser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The two-stage hybrid recommender: {@link CandidateSources} fitted once on a training history
 * propose a few hundred items per user from behaviour (item-kNN, EASE), content (embeddings),
 * popularity and freshness, with their features ({@link UserCandidates}); an MLP ranker ({@link
 * RankerTrainer}) trained on the history itself scores them. Labels come from time: the latest
 * {@code labelFraction} of each user's history are the positives for candidates built from the
 * rest. Building, scoring and cutting the lists is one {@code mapPartitions} pass over the users
 * ({@link HybridLists}).
 */
public final class HybridRanker {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HybridRanker.class);
  /** What to rank with: the trained ranker, the ranker without content features, or none. */
  public enum Variant { FULL, NO_CONTENT, CANDIDATES_ONLY }

  /** Column of the lists: the item's distinct users in the training history. */
  public static final String ITEM_USERS = "item_users";

  /**
   * Fitted sources with the item embeddings they are applied with, broadcast once for every list
   * built from them; {@link #release} frees the broadcast.
   */
  public static final class Sources {
    private final CandidateSources fitted;
    private final Broadcast<CandidateInputs> shared;

    private Sources(CandidateSources fitted, Broadcast<CandidateInputs> shared) {
      this.fitted = fitted;
      this.shared = shared;
    }

    public CandidateSources fitted() {
      return fitted;
    }

    public void release() {
      shared.destroy();
    }
  }

  /**
   * The item embeddings and each item's nearest items by content (the night's {@code
   * similar_items}): what the content generators and features read.
   */
  public record Content(EmbeddingIndex index, int[][] neighbours) {
    /** Collects {@code (item_id, rank, similar_item_id)} into positions of {@code index}. */
    public static Content of(EmbeddingIndex index, Dataset<Row> similarItems) {
      List<List<Integer>> lists = new ArrayList<>();
      for (int i = 0; i < index.size(); i++) {
        lists.add(new ArrayList<>());
      }
      for (Row r : similarItems.select(Columns.ITEM_ID, Columns.SIMILAR_ITEM_ID)
          .orderBy(Columns.ITEM_ID, Columns.RANK).collectAsList()) {
        int p = index.position(r.getString(0));
        int q = index.position(r.getString(1));
        if (p >= 0 && q >= 0) {
          lists.get(p).add(q);
        }
      }
      int[][] neighbours = new int[index.size()][];
      for (int i = 0; i < neighbours.length; i++) {
        neighbours[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
      }
      return new Content(index, neighbours);
    }
  }

  private final RankerParams params;
  private final ScoringParams scoring;
  private final long seed;

  public HybridRanker(RankerParams params, ScoringParams scoring, long seed) {
    this.params = params;
    this.scoring = scoring;
    this.seed = seed;
  }

  /** Fits the candidate sources on {@code history} over the items of {@code catalogItems}. */
  public CandidateSources fitSources(Dataset<Row> history, Dataset<Row> catalogItems) {
    return CandidateSources.fit(history, catalogItems, params, seed);
  }

  /** {@code fitted} ready to build lists against {@code content} (broadcast once). */
  public Sources prepare(CandidateSources fitted, Content content, JavaSparkContext jsc) {
    return new Sources(fitted, jsc.broadcast(
        CandidateInputs.of(fitted, content.index(), params.newItemMaxEvents(), content.neighbours())));
  }

  /**
   * Each user's top {@code k} of {@code users} ({@code user_id}) from their events in {@code
   * interactions}: {@code (user_id, rank, item_id, score, source, reason_item_id, item_users)},
   * ranked by {@code ranker} (by the item-kNN heuristic when null) with the configured slots.
   */
  public Dataset<Row> rank(Sources sources, RankerModel ranker, Dataset<Row> interactions, Dataset<Row> users, int k) {
    return rank(sources, ranker, interactions, users, k, params);
  }

  /** Like {@link #rank(Sources, RankerModel, Dataset, Dataset, int)} with the slots of {@code slots}. */
  public Dataset<Row> rank(
      Sources sources, RankerModel ranker, Dataset<Row> interactions, Dataset<Row> users, int k, RankerParams slots) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(interactions.sparkSession().sparkContext());
    Broadcast<RankerModel.Weights> weights = ranker == null ? null : jsc.broadcast(ranker.weights());
    return HybridLists.histories(interactions, users, scoring)
        .mapPartitions(new HybridLists.Rank(sources.shared, weights, slots, k), Encoders.row(HybridLists.listSchema()));
  }

  /**
   * Like {@link #rank}, then swaps across all users' lists that raise catalog coverage to {@code
   * coverage.target} of {@code catalogSize} items ({@link CoverageReranker}), drawing on each
   * user's best {@code coverage.pool} candidates. The pools are ranked with {@code
   * coverage.new-slots} and {@code coverage.tail-slots} in every ten, whose items are never
   * swapped out.
   */
  public Dataset<Row> rankForCoverage(
      Sources sources, RankerModel ranker, Dataset<Row> interactions, Dataset<Row> users, int k, long catalogSize) {
    CoverageParams coverage = params.coverage();
    RankerParams slots = coverageSlots();
    Dataset<Row> pools = rank(sources, ranker, interactions, users, Math.max(k, coverage.pool()), slots);
    return new CoverageReranker(coverage, catalogSize).rerank(pools, ListSlots.pinned(col(Columns.RANK), col(ITEM_USERS), slots), k);
  }

  /** The ranker's parameters with the slots of the lists the coverage swaps work on. */
  public RankerParams coverageSlots() {
    return params.withSlots(params.coverage().newSlots(), params.coverage().tailSlots());
  }

  /** The seed of the taste objective's random label share (unused by {@code next}). */
  private long labelSeed() {
    return seed + 29;
  }

  /**
   * The ranker's labelled training data, built from {@code history} alone (see the class
   * comment) in one pass over a hash sample of at most {@code max-train-users + fusion-users}
   * users, every label fraction at once ({@link HybridLists.Label}); collected to the driver. The
   * sources behind the candidates are fitted once, on every history but the sampled users' widest
   * label share ({@code max(label-fractions)}) under {@code taste} (under {@code next}: without
   * every user's latest share), so that no label event feeds a feature while the sources know as
   * much of everyone else as the night's own do: the fusion learned on these lists
   * then weighs a source as strong as the one it is applied with. (Fitting them without every
   * user's widest share made EASE weaker here than in the night, and the fusion trusted the
   * ranker more than the held-out lists bore out. One fit per fraction measured no better on
   * MovieLens and cost a fit of ALS each: 50 s at 1M events.)
   */
  public RankerTrainer.Sample sample(Dataset<Row> history, Dataset<Row> catalogItems, Content content) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(history.sparkSession().sparkContext());
    double widest = params.labelFractions().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    Column order = xxhash64(col(Columns.USER_ID), lit(seed));
    Dataset<Row> sampled =
        history.withColumn("_w", EventWeights.of(scoring))
            .groupBy(Columns.USER_ID)
            .agg(collect_list(struct(col(Columns.ITEM_ID), unix_timestamp(col(Columns.TS)), col("_w"),
                TimeSplit.shareKey(labelSeed()))).as(HybridLists.EVENTS))
            .where(size(col(HybridLists.EVENTS)).geq(2))
            .orderBy(order)
            .limit(params.maxTrainUsers() + params.fusionUsers())
            .localCheckpoint();
    // the fusion users come after the training users in the sample's order; fewer users than
    // both asks for share out in the same proportion
    long n = sampled.count();
    long trainers = (long) Math.ceil(n * (double) params.maxTrainUsers() / (params.maxTrainUsers() + params.fusionUsers()));
    Dataset<Row> users =
        sampled.withColumn(FUSION, row_number().over(Window.orderBy(order)).gt(trainers))
            .withColumn(HybridLists.VALID, col(FUSION).or(
                pmod(xxhash64(col(Columns.USER_ID), lit(seed + 1)), lit(1000)).lt(params.validationFraction() * 1000)))
            .localCheckpoint();
    java.util.Set<String> fusionUsers = new java.util.HashSet<>();
    users.where(col(FUSION)).select(Columns.USER_ID).collectAsList().forEach(r -> fusionUsers.add(r.getString(0)));
    // when the sample is a large share of all users, the fusion users' lists get sources fitted
    // without their own label shares alone: sources fitted without every sampled user's would
    // know much less than the night's (movielens-dev: every user is sampled)
    // (taste only: under next, other users' later events are the labels' future, and the
    // sources are fitted without every user's latest share; movielens-dev's temporal NDCG@10 fell
    // 0.1272 -> 0.1223 with the fits apart)
    boolean taste = params.objective() == dev.recs.core.config.RankerObjective.TASTE;
    List<Dataset<Row>> groups = taste && !fusionUsers.isEmpty()
        && n > SEPARATE_FUSION_SHARE * history.select(Columns.USER_ID).distinct().count()
        ? List.of(users.where(col(FUSION).equalTo(false)), users.where(col(FUSION)))
        : List.of(users);
    TimeSplit labelSplit = TimeSplit.of(params.objective(), widest, labelSeed());
    List<float[]> x = new ArrayList<>();
    List<Float> y = new ArrayList<>();
    ListsBuilder valid = new ListsBuilder();
    ListsBuilder fusion = new ListsBuilder();
    for (Dataset<Row> group : groups) {
      Dataset<Row> unlabelled = taste ? withoutLabels(history, labelSplit, group) : labelSplit.apply(history).earlier();
      Sources labelSources = prepare(fitSources(unlabelled, catalogItems), content, jsc);
      for (Row r : group.drop(FUSION)
          .mapPartitions(new HybridLists.Label(labelSources.shared, params, scoring.profileHalfLifeDays(), seed),
              Encoders.row(HybridLists.labelSchema()))
          .collectAsList()) {
        float[] features = HybridLists.unpack((byte[]) r.get(2));
        if (!r.getBoolean(4)) {
          x.add(features);
          y.add(r.getFloat(3));
          continue;
        }
        (fusionUsers.contains(r.getString(0)) ? fusion : valid).add(r.getString(0) + "/" + r.getInt(1), features, r.getFloat(3));
      }
      labelSources.release();
    }
    RankerTrainer.Lists validation = valid.build();
    LOG.info("ranker sample: {} users ({} for the fusion): {} training rows, {} validation lists, {} fusion lists",
        n, fusionUsers.size(), x.size(), validation.starts().length, fusion.build().starts().length);
    return new RankerTrainer.Sample(x.toArray(float[][]::new), floats(y), validation.features(), validation.labels(),
        validation.starts(), fusion.build());
  }

  /**
   * {@code history} without the events of {@code users} ({@code user_id}) that {@code split} puts
   * later: what the sources behind their labelled lists may be fitted on.
   */
  static Dataset<Row> withoutLabels(Dataset<Row> history, TimeSplit split, Dataset<Row> users) {
    TimeSplit.Parts parts = split.apply(history);
    return parts.earlier().unionByName(
        parts.later().join(broadcast(users.select(Columns.USER_ID)), Columns.USER_ID, "left_anti"));
  }

  /**
   * Share of all users above which the sample's fusion users get sources of their own (one more
   * fit of the sources); below it, one fit without every sampled user's label share knows nearly
   * all the night's does.
   */
  private static final double SEPARATE_FUSION_SHARE = 0.05;

  /** Column of the sampled users: a fusion user (beyond the first {@code max-train-users}). */
  private static final String FUSION = "_fusion";

  /** Collects lists whose rows arrive together, one group key per list (a user and label fraction). */
  private static final class ListsBuilder {
    private final List<float[]> rows = new ArrayList<>();
    private final List<Float> labels = new ArrayList<>();
    private final List<Integer> starts = new ArrayList<>();
    private String previous;

    void add(String group, float[] features, float label) {
      if (!group.equals(previous)) {
        starts.add(rows.size());
        previous = group;
      }
      rows.add(features);
      labels.add(label);
    }

    RankerTrainer.Lists build() {
      return new RankerTrainer.Lists(rows.toArray(float[][]::new), floats(labels),
          starts.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  public RankerModel fit(RankerTrainer.Sample sample, Variant variant) {
    return fit(sample, variant, null, 0);
  }

  /**
   * Like {@link #fit(RankerTrainer.Sample, Variant)}, but each member continues from the same
   * member of {@code parent} for at most {@code warmEpochs} epochs (a warm start); from scratch
   * when {@code parent} is null.
   */
  public RankerModel fit(RankerTrainer.Sample sample, Variant variant, RankerModel parent, int warmEpochs) {
    int width = sample.features().length == 0 ? sample.validFeatures()[0].length : sample.features()[0].length;
    float[] mask = new float[width];
    Arrays.fill(mask, 1f);
    if (variant == Variant.NO_CONTENT) {
      for (int i : CandidateFeatures.CONTENT_SCALARS) {
        mask[i] = 0f;
      }
    }
    if (params.objective() == dev.recs.core.config.RankerObjective.TASTE) {
      // what a user likes is not when: the time features taught the ranker what comes next
      for (int i : CandidateFeatures.TIME_SCALARS) {
        mask[i] = 0f;
      }
    }
    for (String name : params.dropFeatures()) {
      int i = CandidateFeatures.SCALARS.indexOf(name);
      if (i < 0) {
        throw new IllegalArgumentException(
            "ranker.drop-features: no feature '" + name + "'; the features are " + CandidateFeatures.SCALARS);
      }
      mask[i] = 0f;
    }
    List<RankerModel> members = new ArrayList<>();
    for (int i = 0; i < params.ensemble(); i++) {
      RankerTrainer trainer = new RankerTrainer(params, seed + i);
      members.add(parent == null ? trainer.fit(sample, mask) : trainer.fineTune(sample, mask, parent, i, warmEpochs));
    }
    RankerModel ranker = RankerModel.ensemble(members);
    if (sample.validFeatures().length == 0) {
      return ranker;
    }
    // judged where the lists are read: their top ten (validation-k when set); learned on the
    // fusion users when there are any, else guarded on the early-stopping users
    RankerTrainer.Lists held = sample.fusion();
    Fusion fusion = held.isEmpty()
        ? Fusion.choose(ranker.score(sample.validFeatures()), sample.validFeatures(), sample.validLabels(),
            sample.validUserStarts(), Fusion.cutOff(params), params.ease().scoreWeight())
        : Fusion.learn(ranker.score(held.features()), held.features(), held.labels(), held.starts(),
            Fusion.cutOff(params), params.ease().scoreWeight());
    LOG.info("ranker fusion ({}): {}", variant, fusion.note());
    return ranker.withFusion(fusion);
  }

  private static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}

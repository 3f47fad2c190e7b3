package dev.recs.core.ranking;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import dev.recs.core.config.CoverageParams;
import dev.recs.core.config.RankerParams;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.CoverageReranker;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.FloatArrays;
import dev.recs.core.scoring.TopKPerUser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The two-stage hybrid recommender: {@link CandidateFeatures} proposes a few hundred items per
 * user from behaviour (item-kNN), content (embeddings), popularity and freshness; an MLP ranker
 * ({@link RankerTrainer}) trained on the history itself scores them. Labels come from time: the
 * latest {@code labelFraction} of each user's history are the positives for candidates built
 * from the rest; negatives are sampled from the other candidates.
 */
public final class HybridRanker {
  /** What to rank with: the trained ranker, the ranker without content features, or none. */
  public enum Variant { FULL, NO_CONTENT, CANDIDATES_ONLY }

  private final RankerParams params;
  private final ScoringParams scoring;
  private final long seed;

  public HybridRanker(RankerParams params, ScoringParams scoring, long seed) {
    this.params = params;
    this.scoring = scoring;
    this.seed = seed;
  }

  /**
   * The top {@code k} unseen items per user: {@code (user_id, item_id, features, source,
   * reason_item_id, heuristic, score, rank)}. Lazy apart from training.
   */
  public Dataset<Row> recommend(
      Dataset<Row> history, Dataset<Row> users, Dataset<Row> catalogItems, EmbeddingIndex index, int k, Variant variant) {
    Dataset<Row> candidates = candidates(history, users, catalogItems, index);
    RankerModel model =
        variant == Variant.CANDIDATES_ONLY ? null : fit(sample(history, catalogItems, index), variant);
    return rank(candidates, model, k);
  }

  /** Every candidate of every user in {@code users}, with its features; lazy. */
  public Dataset<Row> candidates(
      Dataset<Row> history, Dataset<Row> users, Dataset<Row> catalogItems, EmbeddingIndex index) {
    return new CandidateFeatures(params, scoring, seed).build(history, users, catalogItems, index);
  }

  /** Like {@link #candidates(Dataset, Dataset, Dataset, EmbeddingIndex)}, with EASE already fitted on {@code history}. */
  public Dataset<Row> candidates(
      Dataset<Row> history, Dataset<Row> users, Dataset<Row> catalogItems, EmbeddingIndex index, EaseModel ease) {
    return new CandidateFeatures(params, scoring, seed).build(history, users, catalogItems, index, ease);
  }

  /**
   * Scores {@code candidates} with {@code model} (or, when null, by the candidate stage's own
   * heuristic: item-kNN score) and keeps each user's top {@code k}, with the slots for new and
   * long-tail items {@link ListSlots} reserves.
   */
  public Dataset<Row> rank(Dataset<Row> candidates, RankerModel model, int k) {
    return rank(candidates, model, k, params);
  }

  private static Dataset<Row> rank(Dataset<Row> candidates, RankerModel model, int k, RankerParams slots) {
    Dataset<Row> scored =
        model == null
            ? candidates.withColumn(Columns.SCORE, col(CandidateFeatures.HEURISTIC))
            : model.score(candidates);
    Dataset<Row> lists =
        scored.groupBy(col(Columns.USER_ID))
            .agg(org.apache.spark.sql.functions.collect_list(
                org.apache.spark.sql.functions.struct(col("*"))).as(ListSlots.CANDIDATES));
    return lists.flatMap(new ListSlots(slots, k), Encoders.row(ListSlots.schema(scored.schema())));
  }

  /**
   * Like {@link #rank}, then swaps across all users' lists that raise catalog coverage to
   * {@code coverage.target} of {@code catalogSize} items ({@link CoverageReranker}), drawing on
   * each user's best {@code coverage.pool} candidates. The pools are ranked with {@code
   * coverage.new-slots} and {@code coverage.tail-slots} in every ten, whose items are never
   * swapped out.
   */
  public Dataset<Row> rankForCoverage(Dataset<Row> candidates, RankerModel model, int k, long catalogSize) {
    CoverageParams coverage = params.coverage();
    RankerParams slots = params.withSlots(coverage.newSlots(), coverage.tailSlots());
    Dataset<Row> pools = rank(candidates, model, Math.max(k, coverage.pool()), slots);
    return new CoverageReranker(coverage, catalogSize).rerank(pools, ListSlots.reserved(col(Columns.RANK), slots), k);
  }

  /**
   * The ranker's labelled training data, built from {@code history} alone (see the class
   * comment); collected to the driver, bounded by {@code max-train-users} per label fraction.
   */
  public RankerTrainer.Sample sample(Dataset<Row> history, Dataset<Row> catalogItems, EmbeddingIndex index) {
    List<float[]> x = new ArrayList<>();
    List<Float> y = new ArrayList<>();
    List<float[]> vx = new ArrayList<>();
    List<Float> vy = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    for (double fraction : params.labelFractions()) {
      collectSample(history, catalogItems, index, fraction, x, y, vx, vy, starts);
    }
    return new RankerTrainer.Sample(x.toArray(float[][]::new), floats(y), vx.toArray(float[][]::new), floats(vy),
        starts.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Trains the ranker on {@code sample}, with the features {@code variant} allows. */
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
    if (variant == Variant.NO_CONTENT || !params.embeddingProduct()) {
      Arrays.fill(mask, CandidateFeatures.SCALARS.size(), width, 0f);
    }
    List<RankerModel> members = new ArrayList<>();
    for (int i = 0; i < params.ensemble(); i++) {
      RankerTrainer trainer = new RankerTrainer(params, seed + i);
      members.add(parent == null ? trainer.fit(sample, mask) : trainer.fineTune(sample, mask, parent, i, warmEpochs));
    }
    return RankerModel.ensemble(members);
  }

  private static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** One labelled sample: candidates from all but the latest {@code fraction} of each history. */
  private void collectSample(
      Dataset<Row> history, Dataset<Row> catalogItems, EmbeddingIndex index, double fraction,
      List<float[]> x, List<Float> y, List<float[]> vx, List<Float> vy, List<Integer> starts) {
    TimeSplit.Parts parts = new TimeSplit(fraction).apply(history);
    Dataset<Row> past = parts.earlier().cache();
    Dataset<Row> future =
        parts.later().select(Columns.USER_ID, Columns.ITEM_ID).distinct()
            .join(past.select(Columns.USER_ID, Columns.ITEM_ID), TopKPerUser.columns(Columns.USER_ID, Columns.ITEM_ID), "left_anti");
    Dataset<Row> users =
        future.select(Columns.USER_ID).distinct()
            .orderBy(xxhash64(col(Columns.USER_ID), lit(seed)))
            .limit(params.maxTrainUsers());
    Column isValidation =
        pmod(xxhash64(col(Columns.USER_ID), lit(seed + 1)), lit(1000)).lt(params.validationFraction() * 1000);
    CandidateFeatures features = new CandidateFeatures(params, scoring, seed);
    Dataset<Row> labelled =
        features.build(past, users, catalogItems, index)
            .join(future.withColumn("_label", lit(1f)), TopKPerUser.columns(Columns.USER_ID, Columns.ITEM_ID), "left")
            .withColumn("_label", coalesce(col("_label"), lit(0f)))
            .withColumn("_valid", isValidation)
            .withColumn("_neg", row_number().over(Window.partitionBy(col(Columns.USER_ID), col("_label"))
                .orderBy(xxhash64(col(Columns.ITEM_ID), lit(seed)))))
            .cache();
    for (Row r : labelled.where(col("_valid").equalTo(false)
            .and(col("_label").equalTo(1f).or(col("_neg").leq(params.negativesPerUser()))))
        .select(CandidateFeatures.FEATURES, "_label").collectAsList()) {
      x.add(FloatArrays.of(r.getList(0)));
      y.add(r.getFloat(1));
    }
    String previous = null;
    for (Row r : labelled.where(col("_valid"))
        .select(col(Columns.USER_ID), col(CandidateFeatures.FEATURES), col("_label"))
        .orderBy(Columns.USER_ID, Columns.ITEM_ID).collectAsList()) {
      if (!r.getString(0).equals(previous)) {
        starts.add(vx.size());
        previous = r.getString(0);
      }
      vx.add(FloatArrays.of(r.getList(1)));
      vy.add(r.getFloat(2));
    }
    labelled.unpersist();
    past.unpersist();
    features.release();
  }
}

package dev.recs.core.ranking;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import dev.recs.core.config.RankerParams;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.FloatArrays;
import dev.recs.core.scoring.TopKPerUser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
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
    Dataset<Row> candidates = new CandidateFeatures(params, scoring).build(history, users, catalogItems, index);
    if (variant == Variant.CANDIDATES_ONLY) {
      return TopKPerUser.of(candidates.withColumn(Columns.SCORE, col(CandidateFeatures.HEURISTIC)), k);
    }
    RankerModel model = fit(history, catalogItems, index, variant);
    return TopKPerUser.of(model.score(candidates), k);
  }

  /** Trains the ranker on {@code history} alone (see the class comment for the labels). */
  public RankerModel fit(Dataset<Row> history, Dataset<Row> catalogItems, EmbeddingIndex index, Variant variant) {
    List<float[]> x = new ArrayList<>();
    List<Float> y = new ArrayList<>();
    List<float[]> vx = new ArrayList<>();
    List<Float> vy = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    for (double fraction : params.labelFractions()) {
      collectSample(history, catalogItems, index, fraction, x, y, vx, vy, starts);
    }
    int width = CandidateFeatures.width(index.dim());
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
    float[] labels = new float[y.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = y.get(i);
    }
    float[] validLabels = new float[vy.size()];
    for (int i = 0; i < validLabels.length; i++) {
      validLabels[i] = vy.get(i);
    }
    return new RankerTrainer(params, seed)
        .fit(new RankerTrainer.Sample(x.toArray(float[][]::new), labels, vx.toArray(float[][]::new), validLabels,
            starts.stream().mapToInt(Integer::intValue).toArray()), mask);
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
    Dataset<Row> labelled =
        new CandidateFeatures(params, scoring).build(past, users, catalogItems, index)
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
  }
}

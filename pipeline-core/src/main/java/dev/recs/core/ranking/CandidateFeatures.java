package dev.recs.core.ranking;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;

import dev.recs.core.config.RankerParams;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.model.ImplicitAls;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.ItemCooccurrence;
import dev.recs.core.scoring.ProfileWeights;
import dev.recs.core.scoring.TopKPerUser;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Stage one of the hybrid recommender: a few hundred candidates per user, each with the
 * features the ranker scores. Candidates come from the co-occurrence neighbours of the user's
 * history (item-kNN), the best items by {@link EaseModel}, the content neighbours of their latest
 * items, the most popular items, and new items (few or no events) closest to their content
 * profile; seen items never.
 *
 * <p>Behaviour features are computed with Spark joins; content features (profile cosine, best
 * cosine to a recent item, the element-wise product of candidate and profile embeddings) in
 * one pass per partition against the broadcast embedding index.
 */
public final class CandidateFeatures {
  public static final String FEATURES = "features";
  public static final String HEURISTIC = "heuristic";
  /** The candidate's number of distinct users in the history (0 for an item nobody touched). */
  public static final String EVENTS = "item_users";
  /** Names of the scalar features, in vector order; the embedding product follows them. */
  public static final List<String> SCALARS =
      List.of(
          "knn_score", "knn_max", "knn_count", "knn_recent", "knn_rel", "knn_recent_rel",
          "log_popularity", "log_trend", "log_age_days", "log_history", "years_since_item_mean",
          "years_since_item_first", "user_mean_log_popularity", "item_mean_value", "als_score",
          "ease_score", "ease_rel",
          "cos_profile", "cos_recent",
          "is_knn", "is_content", "is_popular", "is_new", "is_ease");
  /** Indices of content-derived scalars, zeroed by the no-content ablation. */
  static final int[] CONTENT_SCALARS = {SCALARS.indexOf("cos_profile"), SCALARS.indexOf("cos_recent")};
  /** A user's latest items whose co-occurrence neighbours feed {@code knn_recent}. */
  private static final int RECENT_FOR_KNN = 10;

  private final RankerParams params;
  private final ScoringParams scoring;
  private final long seed;
  /** What {@link #build} broadcast, until {@link #release}. */
  private final List<Broadcast<?>> broadcasts = new ArrayList<>();

  public CandidateFeatures(RankerParams params, ScoringParams scoring, long seed) {
    this.params = params;
    this.scoring = scoring;
    this.seed = seed;
  }

  /** Width of the feature vector for embeddings of {@code dim}. */
  public static int width(int dim) {
    return SCALARS.size() + dim;
  }

  /**
   * {@code (user_id, item_id, features array<float>, source, reason_item_id, heuristic)} for
   * every candidate of every user in {@code users}, from {@code history} alone.
   *
   * @param catalogItems {@code (item_id)} of every item, so items without events can be
   *     candidates
   */
  public Dataset<Row> build(
      Dataset<Row> history, Dataset<Row> users, Dataset<Row> catalogItems, EmbeddingIndex index) {
    return build(history, users, catalogItems, index, params.ease().enabled() ? EaseModel.fit(history, params.ease()) : null);
  }

  /**
   * Like {@link #build(Dataset, Dataset, Dataset, EmbeddingIndex)}, with {@code ease} already
   * fitted on {@code history} (or null: no EASE candidates and features), so that callers
   * holding one do not fit it again.
   */
  public Dataset<Row> build(
      Dataset<Row> history, Dataset<Row> users, Dataset<Row> catalogItems, EmbeddingIndex index, EaseModel ease) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(history.sparkSession().sparkContext());
    Dataset<Row> ui = history.select(Columns.USER_ID, Columns.ITEM_ID).distinct();
    Column seconds = unix_timestamp(col(Columns.TS));
    long newest = history.agg(max(seconds)).first().getLong(0);

    Dataset<Row> itemStats =
        catalogItems.select(Columns.ITEM_ID)
            .join(ui.groupBy(Columns.ITEM_ID).agg(count(lit(1)).as("_pop")), TopKPerUser.columns(Columns.ITEM_ID), "left")
            .join(history.where(seconds.geq(newest - (long) (params.trendDays() * 86_400)))
                    .groupBy(Columns.ITEM_ID).agg(count(lit(1)).as("_trend")),
                TopKPerUser.columns(Columns.ITEM_ID), "left")
            .join(history.groupBy(Columns.ITEM_ID)
                    .agg(min(seconds).as("_first"), avg(seconds).as("_mean_ts"), avg(col(Columns.VALUE)).as("item_mean_value")),
                TopKPerUser.columns(Columns.ITEM_ID), "left")
            .select(
                col(Columns.ITEM_ID),
                coalesce(col("_pop"), lit(0L)).as("_pop"),
                log1p(coalesce(col("_pop"), lit(0L))).as("log_popularity"),
                col("_first"),
                col("_mean_ts"),
                col("item_mean_value"),
                log1p(coalesce(col("_trend"), lit(0L))).as("log_trend"),
                log1p(lit(newest).minus(coalesce(col("_first"), lit(newest))).divide(86_400.0)).as("log_age_days"))
            .cache();

    // popular and new items, bounded lists broadcast to every partition
    List<Row> popularRows = itemStats.orderBy(col("_pop").desc(), col(Columns.ITEM_ID))
        .limit(params.popularCandidates() + 2000).select(Columns.ITEM_ID).collectAsList();
    String[] popular = popularRows.stream().map(r -> r.getString(0)).toArray(String[]::new);
    List<Row> newRows = itemStats.where(col("_pop").leq(params.newItemMaxEvents())).select(Columns.ITEM_ID)
        .orderBy(Columns.ITEM_ID).collectAsList();
    String[] newIds = newRows.stream().map(r -> r.getString(0)).filter(id -> index.position(id) >= 0).toArray(String[]::new);
    float[] newVectors = new float[newIds.length * index.dim()];
    for (int i = 0; i < newIds.length; i++) {
      System.arraycopy(index.unitVectors(), index.position(newIds[i]) * index.dim(), newVectors, i * index.dim(), index.dim());
    }

    Dataset<Row> weighted = new ProfileWeights(scoring).apply(history).cache();
    // behaviour candidates: co-occurrence neighbours of the whole history (knn_score) and of the
    // latest items (knn_recent); the best of either list, with both scores and their ratio to
    // the user's best, since raw sums grow with history length
    Dataset<Row> recency =
        weighted
            .join(users.select(Columns.USER_ID), Columns.USER_ID)
            .withColumn("_recent", row_number().over(Window.partitionBy(col(Columns.USER_ID))
                .orderBy(col(ProfileWeights.LAST).desc(), col(Columns.ITEM_ID))).leq(RECENT_FOR_KNN));
    Column sim = col(ItemCooccurrence.SIM);
    Dataset<Row> knnAll =
        recency
            .join(new ItemCooccurrence(params.knnNeighbours()).apply(history), Columns.ITEM_ID)
            .groupBy(col(Columns.USER_ID), col(ItemCooccurrence.NEIGHBOUR).as("_cand"))
            .agg(
                sum(sim).as("knn_score"),
                max(sim).as("knn_max"),
                count(lit(1)).as("_knn_n"),
                sum(when(col("_recent"), sim).otherwise(0.0)).as("knn_recent"),
                max_by(col(Columns.ITEM_ID), sim).as("_knn_reason"))
            .withColumnRenamed("_cand", Columns.ITEM_ID)
            .join(ui, TopKPerUser.columns(Columns.USER_ID, Columns.ITEM_ID), "left_anti");
    WindowSpec byUser = Window.partitionBy(col(Columns.USER_ID));
    Dataset<Row> knn =
        knnAll
            .withColumn("_r1", row_number().over(byUser.orderBy(col("knn_score").desc(), col(Columns.ITEM_ID))))
            .withColumn("_r2", row_number().over(byUser.orderBy(col("knn_recent").desc(), col(Columns.ITEM_ID))))
            .where(col("_r1").leq(params.knnCandidates()).or(col("_r2").leq(params.knnCandidates() / 4)))
            .withColumn("knn_rel", col("knn_score").divide(max(col("knn_score")).over(byUser)))
            .withColumn("knn_recent_rel", col("knn_recent").divide(greatest(max(col("knn_recent")).over(byUser), lit(1e-9))))
            .groupBy(Columns.USER_ID)
            .agg(collect_list(struct(col(Columns.ITEM_ID), col("knn_score"), col("knn_max"), col("_knn_n"), col("_knn_reason"),
                col("knn_recent"), col("knn_rel"), col("knn_recent_rel"))).as("_knn"));

    Dataset<Row> perUser =
        users.select(Columns.USER_ID)
            .join(weighted.groupBy(Columns.USER_ID)
                    .agg(collect_list(struct(col(Columns.ITEM_ID), col(ProfileWeights.WEIGHT), col("_last"))).as("_history")),
                TopKPerUser.columns(Columns.USER_ID), "left")
            .join(knn, TopKPerUser.columns(Columns.USER_ID), "left");

    Broadcast<ContentCandidates.Shared> shared =
        jsc.broadcast(new ContentCandidates.Shared(index, EmbeddingIndex.of(newIds, newVectors, index.dim()), popular,
            ease == null || ease.size() == 0 ? null : ease));
    broadcasts.add(shared);
    Dataset<Row> candidates =
        perUser.mapPartitions(new ContentCandidates(shared, params), Encoders.row(ContentCandidates.schema(index.dim())));

    // time: how far (in years) the user's latest event is from the item's typical and first
    // event, a strong signal when users' histories span different eras
    Dataset<Row> userStats =
        history.groupBy(Columns.USER_ID)
            .agg(log1p(countDistinct(col(Columns.ITEM_ID))).as("log_history"), max(seconds).as("_user_last"))
            .join(ui.join(itemStats.select(Columns.ITEM_ID, "log_popularity"), Columns.ITEM_ID)
                    .groupBy(Columns.USER_ID).agg(avg(col("log_popularity")).as("user_mean_log_popularity")),
                Columns.USER_ID);
    Dataset<Row> joined =
        withAlsScore(
            candidates
                .join(itemStats, TopKPerUser.columns(Columns.ITEM_ID), "left")
                .join(userStats, TopKPerUser.columns(Columns.USER_ID), "left"),
            history);
    double year = 365.25 * 86_400;
    joined =
        joined
            .withColumn("years_since_item_mean", col("_user_last").minus(col("_mean_ts")).divide(year))
            .withColumn("years_since_item_first", col("_user_last").minus(col("_first")).divide(year));
    List<Column> scalars = new ArrayList<>();
    for (String name : SCALARS) {
      scalars.add(coalesce(col(name).cast(DataTypes.FloatType), lit(0f)));
    }
    Column vector =
        org.apache.spark.sql.functions.concat(
            org.apache.spark.sql.functions.array(scalars.toArray(Column[]::new)), col(ContentCandidates.PRODUCT));
    return joined.select(
        col(Columns.USER_ID),
        col(Columns.ITEM_ID),
        vector.as(FEATURES),
        col(Columns.SOURCE),
        col(Columns.REASON_ITEM_ID),
        coalesce(col("knn_score"), lit(0.0)).plus(coalesce(col("log_popularity"), lit(0.0)).multiply(1e-3))
            .cast(DataTypes.FloatType).as(HEURISTIC),
        coalesce(col("_pop"), lit(0L)).as(EVENTS));
  }

  /**
   * Adds {@code als_score}: the dot product of user and item factors of an implicit ALS fitted
   * on {@code history} (null where either is missing, or when {@code als-rank} is 0).
   */
  private Dataset<Row> withAlsScore(Dataset<Row> rows, Dataset<Row> history) {
    if (params.alsRank() == 0) {
      return rows.withColumn("als_score", lit(null).cast(DataTypes.FloatType));
    }
    ImplicitAls.Factors factors =
        new ImplicitAls(params.alsRank(), params.alsIterations(), params.alsRegParam(), params.alsAlpha(), seed)
            .fit(history);
    Dataset<Row> itemFactors = factors.items().withColumnRenamed(ImplicitAls.FACTORS, "_item_factors");
    return rows
        .join(factors.users(), TopKPerUser.columns(Columns.USER_ID), "left")
        .join(itemFactors, TopKPerUser.columns(Columns.ITEM_ID), "left")
        .withColumn("als_score", org.apache.spark.sql.functions.expr(
            "aggregate(zip_with(" + ImplicitAls.FACTORS + ", _item_factors, (a, b) -> a * b), 0D, (acc, x) -> acc + x)"));
  }

  /**
   * Frees what {@link #build} broadcast (the embeddings and the EASE weights, 144 MB at 6,000
   * items) once its candidates have been collected: left to Spark's cleaner, a few nights' or
   * label samples' copies pile up on the driver before a GC lets it drop them.
   */
  public void release() {
    broadcasts.forEach(b -> b.destroy());
    broadcasts.clear();
  }

  /** Output schema of {@link #build}. */
  public static StructType schema() {
    return new StructType()
        .add(Columns.USER_ID, DataTypes.StringType)
        .add(Columns.ITEM_ID, DataTypes.StringType)
        .add(FEATURES, DataTypes.createArrayType(DataTypes.FloatType))
        .add(Columns.SOURCE, DataTypes.StringType)
        .add(Columns.REASON_ITEM_ID, DataTypes.StringType)
        .add(HEURISTIC, DataTypes.FloatType)
        .add(EVENTS, DataTypes.LongType);
  }
}

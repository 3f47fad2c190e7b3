package dev.recs.core.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.recs.core.schema.Columns;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * MLlib's ALS with implicit preferences (the number of a user's events on an item as the
 * confidence), with string ids mapped in and out: the ALS baseline of the evaluation and the
 * {@code als_score} feature of the hybrid ranker.
 */
public final class ImplicitAls {
  /** The factors column of {@link Factors#users()}. */
  public static final String FACTORS = "_factors";

  private final int rank;
  private final int iterations;
  private final double regParam;
  private final double alpha;
  private final long seed;

  public ImplicitAls(int rank, int iterations, double regParam, double alpha, long seed) {
    this.rank = rank;
    this.iterations = iterations;
    this.regParam = regParam;
    this.alpha = alpha;
    this.seed = seed;
  }

  /** Fitted factors, lazy: {@code (user_id, _factors)} and {@code (item_id, _factors)}, arrays of floats. */
  public record Factors(Dataset<Row> users, Dataset<Row> items, int dim) {}

  public Factors fit(Dataset<Row> interactions) {
    Dataset<Row> counts =
        interactions.groupBy(col(Columns.USER_ID), col(Columns.ITEM_ID))
            .agg(count(lit(1)).cast(DataTypes.FloatType).as("_r"));
    StringIndexerModel userIndex =
        new StringIndexer().setInputCol(Columns.USER_ID).setOutputCol("_u").setStringOrderType("alphabetAsc").fit(counts);
    StringIndexerModel itemIndex =
        new StringIndexer().setInputCol(Columns.ITEM_ID).setOutputCol("_i").setStringOrderType("alphabetAsc").fit(counts);
    ALSModel model =
        new ALS()
            .setImplicitPrefs(true)
            .setRank(rank)
            .setMaxIter(iterations)
            .setRegParam(regParam)
            .setAlpha(alpha)
            .setSeed(seed)
            // one block per core: the default ten make a hundred small tasks per iteration on a
            // small cluster (11 s against 4 s for 50k events on two cores)
            .setNumBlocks(Math.max(2, counts.sparkSession().sparkContext().defaultParallelism()))
            .setUserCol("_u")
            .setItemCol("_i")
            .setRatingCol("_r")
            .fit(itemIndex.transform(userIndex.transform(counts)));
    return new Factors(
        withIds(model.userFactors(), userIndex, Columns.USER_ID),
        withIds(model.itemFactors(), itemIndex, Columns.ITEM_ID),
        rank);
  }

  /** ALS's {@code (id int, features)} with the string ids back, as {@code (idColumn, _factors)}. */
  private static Dataset<Row> withIds(Dataset<Row> factors, StringIndexerModel index, String idColumn) {
    return new IndexToString()
        .setInputCol("id")
        .setOutputCol(idColumn)
        .setLabels(index.labelsArray()[0])
        .transform(factors)
        .select(col(idColumn), col("features").as(FACTORS));
  }
}

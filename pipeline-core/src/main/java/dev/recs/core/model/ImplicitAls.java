package dev.recs.core.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.recs.core.schema.Columns;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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

  /**
   * Fitted factors: users as {@code (user_id, _factors array<float>)} (lazy), items collected
   * in item id order.
   */
  public record Factors(Dataset<Row> users, String[] itemIds, float[] itemVectors, int dim) {}

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
            .setUserCol("_u")
            .setItemCol("_i")
            .setRatingCol("_r")
            .fit(itemIndex.transform(userIndex.transform(counts)));

    String[] itemLabels = itemIndex.labelsArray()[0];
    // alphabetAsc labels: index order is item_id order
    Row[] byIndex = model.itemFactors().collectAsList().toArray(Row[]::new);
    Arrays.sort(byIndex, Comparator.comparingInt(r -> r.getInt(0)));
    String[] ids = new String[byIndex.length];
    float[] vectors = new float[byIndex.length * rank];
    for (int i = 0; i < byIndex.length; i++) {
      ids[i] = itemLabels[byIndex[i].getInt(0)];
      List<Float> f = byIndex[i].getList(1);
      for (int j = 0; j < rank; j++) {
        vectors[i * rank + j] = f.get(j);
      }
    }
    Dataset<Row> users =
        new IndexToString()
            .setInputCol("id")
            .setOutputCol(Columns.USER_ID)
            .setLabels(userIndex.labelsArray()[0])
            .transform(model.userFactors())
            .select(col(Columns.USER_ID), col("features").as(FACTORS));
    return new Factors(users, ids, vectors, rank);
  }
}

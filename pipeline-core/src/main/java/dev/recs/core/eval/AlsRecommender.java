package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.recs.core.config.EvalParams;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.VectorTopK;
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
 * Baseline: Spark MLlib's ALS with implicit preferences (the number of a user's events on an
 * item as the confidence), scored by the dot product of user and item factors, seen removed.
 */
public final class AlsRecommender implements Recommender {
  private final EvalParams params;
  private final long seed;

  public AlsRecommender(EvalParams params, long seed) {
    this.params = params;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "als";
  }

  @Override
  public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
    Dataset<Row> counts =
        train.groupBy(col(Columns.USER_ID), col(Columns.ITEM_ID)).agg(count(lit(1)).cast(DataTypes.FloatType).as("_r"));
    StringIndexerModel userIndex =
        new StringIndexer().setInputCol(Columns.USER_ID).setOutputCol("_u").setStringOrderType("alphabetAsc").fit(counts);
    StringIndexerModel itemIndex =
        new StringIndexer().setInputCol(Columns.ITEM_ID).setOutputCol("_i").setStringOrderType("alphabetAsc").fit(counts);
    ALSModel model =
        new ALS()
            .setImplicitPrefs(true)
            .setRank(params.alsRank())
            .setMaxIter(params.alsIterations())
            .setRegParam(params.alsRegParam())
            .setAlpha(params.alsAlpha())
            .setSeed(seed)
            .setUserCol("_u")
            .setItemCol("_i")
            .setRatingCol("_r")
            .fit(itemIndex.transform(userIndex.transform(counts)));

    String[] itemLabels = itemIndex.labelsArray()[0];
    List<Row> factors = model.itemFactors().collectAsList();
    int dim = params.alsRank();
    // alphabetAsc labels: index order is item_id order, which EmbeddingIndex requires
    Row[] byIndex = factors.toArray(Row[]::new);
    java.util.Arrays.sort(byIndex, Comparator.comparingInt(r -> r.getInt(0)));
    String[] ids = new String[byIndex.length];
    float[] vectors = new float[byIndex.length * dim];
    for (int i = 0; i < byIndex.length; i++) {
      ids[i] = itemLabels[byIndex[i].getInt(0)];
      List<Float> f = byIndex[i].getList(1);
      for (int j = 0; j < dim; j++) {
        vectors[i * dim + j] = f.get(j);
      }
    }
    Dataset<Row> userFactors =
        new IndexToString()
            .setInputCol("id")
            .setOutputCol(Columns.USER_ID)
            .setLabels(userIndex.labelsArray()[0])
            .transform(model.userFactors())
            .select(col(Columns.USER_ID), col("features").as(VectorTopK.QUERY));
    Dataset<Row> queries = users.select(Columns.USER_ID).join(userFactors, Columns.USER_ID);
    return Queries.topK(train, queries, EmbeddingIndex.unnormalised(ids, vectors, dim), k);
  }
}

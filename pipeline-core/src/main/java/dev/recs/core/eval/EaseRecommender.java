package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import dev.recs.core.config.EaseParams;
import dev.recs.core.ranking.EaseModel;
import dev.recs.core.ranking.Histories;
import dev.recs.core.schema.Columns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Baseline: EASE alone ({@link EaseModel}, fitted on train), a user's history items weighted by
 * recency as in the hybrid's EASE feature. The strongest single collaborative model here; the
 * hybrid ranks its candidates among others.
 */
public final class EaseRecommender implements Recommender {
  private final EaseParams params;
  private final Function<Dataset<Row>, EaseModel> fit;

  public EaseRecommender(EaseParams params) {
    this(params, train -> EaseModel.fit(train, params));
  }

  /** With {@code fit} giving the model for a training set (e.g. the one the hybrid already fitted). */
  public EaseRecommender(EaseParams params, Function<Dataset<Row>, EaseModel> fit) {
    this.params = params;
    this.fit = fit;
  }

  @Override
  public String name() {
    return "ease";
  }

  @Override
  public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
    EaseModel model = fit.apply(train);
    Broadcast<EaseModel> shared =
        JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext()).broadcast(model);
    EaseParams p = params;
    Dataset<Row> histories =
        train.groupBy(Columns.USER_ID, Columns.ITEM_ID).agg(max(col(Columns.TS)).as("_last"))
            .join(users.select(Columns.USER_ID), Columns.USER_ID)
            .groupBy(Columns.USER_ID)
            .agg(collect_list(struct(col("_last"), col(Columns.ITEM_ID))).as("_history"));
    StructType schema = new StructType()
        .add(Columns.USER_ID, DataTypes.StringType)
        .add(Columns.RANK, DataTypes.IntegerType)
        .add(Columns.ITEM_ID, DataTypes.StringType)
        .add(Columns.SCORE, DataTypes.DoubleType);
    FlatMapFunction<Row, Row> top = user -> {
      EaseModel ease = shared.value();
      List<String> latestFirst = user.<Row>getList(1).stream()
          .sorted(Histories.latestFirst(0, 1)).map(h -> h.getString(1)).toList();
      float[] scores = ease.scoreLatestFirst(latestFirst, p);
      if (scores == null) {
        return java.util.Collections.emptyIterator();
      }
      List<Row> out = new ArrayList<>(k);
      for (int j : ease.bestUnseen(scores, new HashSet<>(latestFirst), k)) {
        out.add(RowFactory.create(user.getString(0), out.size() + 1, ease.id(j), (double) scores[j]));
      }
      return out.iterator();
    };
    // computed now, so that the weights' broadcast can go
    Dataset<Row> lists = histories.flatMap(top, Encoders.row(schema)).localCheckpoint();
    shared.destroy();
    return lists;
  }
}

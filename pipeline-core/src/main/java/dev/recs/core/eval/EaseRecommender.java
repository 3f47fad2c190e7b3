package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import dev.recs.core.config.EaseParams;
import dev.recs.core.ranking.EaseModel;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.TopKAccumulator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  public EaseRecommender(EaseParams params) {
    this.params = params;
  }

  @Override
  public String name() {
    return "ease";
  }

  @Override
  public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
    EaseModel model = EaseModel.fit(train, params);
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
      List<Row> history = new ArrayList<>(user.<Row>getList(1));
      // latest first, ties by the larger id (the reverse of the (ts, item_id) order)
      history.sort((a, b) -> a.getTimestamp(0).equals(b.getTimestamp(0))
          ? b.getString(1).compareTo(a.getString(1)) : b.getTimestamp(0).compareTo(a.getTimestamp(0)));
      Set<String> seen = new HashSet<>();
      int[] items = new int[history.size()];
      float[] w = new float[history.size()];
      int n = 0;
      for (int r = 0; r < history.size(); r++) {
        seen.add(history.get(r).getString(1));
        int q = ease.position(history.get(r).getString(1));
        if (q >= 0) {
          items[n] = q;
          w[n++] = (float) p.weight(r);
        }
      }
      float[] scores = ease.score(java.util.Arrays.copyOf(items, n), java.util.Arrays.copyOf(w, n));
      if (scores.length == 0) {
        return java.util.Collections.emptyIterator();
      }
      TopKAccumulator best = new TopKAccumulator(Math.min(scores.length, k + seen.size()));
      for (int j = 0; j < scores.length; j++) {
        best.offer(j, scores[j]);
      }
      List<Row> out = new ArrayList<>(k);
      for (int j : best.sortedIndices()) {
        if (out.size() < k && !seen.contains(ease.id(j))) {
          out.add(RowFactory.create(user.getString(0), out.size() + 1, ease.id(j), (double) scores[j]));
        }
      }
      return out.iterator();
    };
    // computed now, so that the weights' broadcast can go
    Dataset<Row> lists = histories.flatMap(top, Encoders.row(schema)).localCheckpoint();
    shared.destroy();
    return lists;
  }
}

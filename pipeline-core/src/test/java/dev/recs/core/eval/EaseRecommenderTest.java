package dev.recs.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.EaseParams;
import dev.recs.core.config.RankerParams;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.ranking.EaseModel;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class EaseRecommenderTest {
  private static Dataset<Row> train() {
    return EvalFixtures.events(
        "v a 1", "v b 2", "w a 1", "w b 2", "x c 1", "x d 2", "y c 1", "y d 2", "u c 1", "u a 50");
  }

  private static Dataset<Row> userU() {
    return SharedSpark.session().createDataFrame(
        List.of(RowFactory.create("u")), new StructType().add("user_id", DataTypes.StringType));
  }

  @Test
  void ranksItemsThatFollowTheUsersLatestItemFirstAndNeverSeenOnes() {
    // a is followed by b for v and w; c by d for x and y; u had c long ago and a last: with the
    // latest item weighing most, b outranks d
    List<Row> list = new EaseRecommender(new EaseParams(1.0, 100, 100, 4, 1, 0))
        .recommend(train(), userU(), 2).orderBy("rank").collectAsList();

    assertThat(list).extracting(r -> r.getString(2)).containsExactly("b", "d");
    assertThat(list).extracting(r -> r.getInt(1)).containsExactly(1, 2);
  }

  @Test
  void theBaselineReusesTheHybridsEaseFitForTheSameTrainingSet() {
    RankerParams params = RankerParams.defaults();
    Dataset<Row> catalog = SharedSpark.session().createDataFrame(
        List.of(RowFactory.create("a"), RowFactory.create("b"), RowFactory.create("c"), RowFactory.create("d")),
        new StructType().add("item_id", DataTypes.StringType));
    dev.recs.core.scoring.EmbeddingIndex index = dev.recs.core.scoring.EmbeddingIndex.of(
        new String[] {"a", "b", "c", "d"}, new float[] {1, 0, 0, 1, 1, 1, 1, -1}, 2);
    HybridRecommender.Family hybrid = new HybridRecommender.Family(
        params, ScoringParams.defaults(), 7L, catalog, new dev.recs.core.ranking.HybridRanker.Content(index, new int[4][0]));
    Dataset<Row> train = train();

    EaseModel fitted = hybrid.ease(train);
    List<Row> shared = new EaseRecommender(params.ease(), hybrid::ease).recommend(train, userU(), 2).collectAsList();
    List<Row> own = new EaseRecommender(params.ease()).recommend(train, userU(), 2).collectAsList();

    assertThat(hybrid.ease(train)).isSameAs(fitted);
    assertThat(hybrid.ease(train())).isNotSameAs(fitted);
    assertThat(shared).hasSize(2).containsExactlyInAnyOrderElementsOf(own);
    hybrid.close();
  }
}

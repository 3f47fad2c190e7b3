package dev.recs.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.DiversityParams;
import dev.recs.core.schema.Table;
import dev.recs.core.scoring.EmbeddingIndex;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class DiversityRecommenderTest {
  @Test
  void sweepReRanksTheInnerModelsCandidatesComputedOnce() {
    // a and b point the same way, x and y elsewhere; the inner list is a b x y (no scores: by rank)
    EmbeddingIndex index = EmbeddingIndex.of(
        new String[] {"a", "b", "x", "y"}, new float[] {1, 0, 0, 1, 0.1f, 0, 0, 1, 0, 0, 0, 1}, 3);
    Recommender fixed = EvalFixtures.fixed("pipeline", "u a b x y");
    AtomicInteger calls = new AtomicInteger();
    Recommender inner = new Recommender() {
      @Override
      public String name() {
        return "pipeline";
      }

      @Override
      public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
        calls.incrementAndGet();
        return fixed.recommend(train, users, k);
      }
    };
    Dataset<Row> items = SharedSpark.session().createDataFrame(
        List.of(RowFactory.create("a", "A", null)), Table.ITEMS.sparkSchema());
    DiversityParams params = new DiversityParams(false, 0.8, 0, 4, List.of(1.0, 0.1));
    List<Recommender> sweep = new DiversityRecommender.Family(inner, params, items, index).sweep();
    Dataset<Row> train = EvalFixtures.events("u a 1");

    List<String> names = sweep.stream().map(Recommender::name).toList();
    List<String> same = lists(sweep.get(0).recommend(train, train, 2));
    List<String> diverse = lists(sweep.get(1).recommend(train, train, 2));

    assertThat(names).containsExactly("pipeline_mmr_1.0", "pipeline_mmr_0.1");
    assertThat(same).containsExactly("1a", "2b");
    assertThat(diverse).containsExactly("1a", "2x");
    assertThat(calls).hasValue(1);
    assertThat(DiversityRecommender.sweepLambda("pipeline_mmr_0.1")).hasValue(0.1);
    assertThat(DiversityRecommender.sweepLambda("pipeline")).isEmpty();
  }

  private static List<String> lists(Dataset<Row> recs) {
    return recs.orderBy("rank").collectAsList().stream().map(r -> r.getInt(1) + r.getString(2)).toList();
  }
}

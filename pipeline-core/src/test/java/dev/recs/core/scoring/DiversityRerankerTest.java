package dev.recs.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recs.core.SharedSpark;
import dev.recs.core.schema.Table;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class DiversityRerankerTest {
  // a, b, c point the same way (near duplicates); x and y each point elsewhere
  private static final float[] VECTORS = {
    1, 0, 0, //
    1, 0.05f, 0, //
    1, 0, 0.05f, //
    0, 1, 0, //
    0, 0, 1
  };
  private static final String[] IDS = {"a", "b", "c", "x", "y"};
  private static final double[] SCORES = {0.9, 0.85, 0.8, 0.5, 0.4};
  private static final String[] NO_CATEGORY = new String[5];

  private static float[] unit() {
    float[] v = VECTORS.clone();
    for (int i = 0; i < 5; i++) {
      EmbeddingIndex.normalise(v, i * 3, 3);
    }
    return v;
  }

  @Test
  void lambdaOneWithoutCapKeepsTheInputOrder() {
    int[] order = DiversityReranker.select(SCORES, unit(), 3, NO_CATEGORY, 1.0, 0, 5);

    assertThat(order).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void smallLambdaPicksDissimilarItemsBeforeNearDuplicates() {
    int[] order = DiversityReranker.select(SCORES, unit(), 3, NO_CATEGORY, 0.3, 0, 3);

    // a first (most relevant), then the two orthogonal items rather than a's near duplicates
    assertThat(order).containsExactly(0, 3, 4);
  }

  @Test
  void categoryCapLimitsItemsSharingAFirstCategoryAndMayShortenTheList() {
    String[] categories = {"Drama", "Drama", "Drama", "Comedy", null};

    assertThat(DiversityReranker.select(SCORES, unit(), 3, categories, 1.0, 1, 4))
        .containsExactly(0, 3, 4);
    assertThat(DiversityReranker.select(SCORES, unit(), 3, categories, 1.0, 2, 4))
        .containsExactly(0, 1, 3, 4);
  }

  @Test
  void equalValuesGoToTheEarlierCandidate() {
    double[] equal = {1, 1, 1};
    float[] orthogonal = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    assertThat(DiversityReranker.select(equal, orthogonal, 3, new String[3], 0.5, 0, 3))
        .containsExactly(0, 1, 2);
    assertThat(DiversityReranker.minMax(equal)).containsExactly(1, 1, 1);
  }

  @Test
  void rerankedRecommendationsKeepTheirColumnsAndGetNewRanksPerUser() {
    var spark = SharedSpark.session();
    EmbeddingIndex index = EmbeddingIndex.of(IDS, VECTORS, 3);
    // u's candidates: input ranks tie on score for b and c, so c's rank 2 must win at lambda 1
    Dataset<Row> recs = spark.createDataFrame(List.of(
        RowFactory.create("u", 1, "a", 0.9f, "h", "content", null),
        RowFactory.create("u", 2, "c", 0.8f, "h", "content", null),
        RowFactory.create("u", 3, "b", 0.8f, "h", "content", null),
        RowFactory.create("u", 4, "x", 0.5f, null, "content", null),
        RowFactory.create("v", 1, "y", 3f, null, "popular", null),
        RowFactory.create("v", 2, "x", 2f, null, "popular", null)), Table.USER_RECOMMENDATIONS.sparkSchema());
    Dataset<Row> items = spark.createDataFrame(List.of(
        RowFactory.create("a", "A", List.of("Drama")), RowFactory.create("b", "B", List.of("Drama", "War")),
        RowFactory.create("c", "C", List.of("Drama")), RowFactory.create("x", "X", List.of("Comedy")),
        RowFactory.create("y", "Y", null)), Table.ITEMS.sparkSchema());
    var b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(index);

    List<Row> same = new DiversityReranker(1.0, 0, 3).apply(recs, items, b).orderBy("user_id", "rank").collectAsList();
    List<Row> capped = new DiversityReranker(1.0, 1, 3).apply(recs, items, b).orderBy("user_id", "rank").collectAsList();

    assertThat(same).extracting(r -> r.getString(0) + r.getInt(1) + r.getString(2))
        .containsExactly("u1a", "u2c", "u3b", "v1y", "v2x");
    assertThat(same.get(0).schema()).isEqualTo(Table.USER_RECOMMENDATIONS.sparkSchema());
    assertThat(same.get(0).getFloat(3)).isEqualTo(0.9f);
    assertThat(capped).extracting(r -> r.getString(0) + r.getInt(1) + r.getString(2) + r.getString(5))
        .containsExactly("u1acontent", "u2xcontent", "v1ypopular", "v2xpopular");
  }

  @Test
  void rejectsInputWithoutRank() {
    var schema = new org.apache.spark.sql.types.StructType()
        .add("user_id", "string").add("item_id", "string");

    assertThatThrownBy(() -> new DiversityReranker(0.5, 0, 3).outputSchema(schema))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot re-rank: missing column rank");
  }
}

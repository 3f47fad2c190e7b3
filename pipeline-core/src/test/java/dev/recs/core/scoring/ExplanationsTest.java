package dev.recs.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.schema.Table;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class ExplanationsTest {
  @Test
  void explainsByTheReasonsTitleOrThePopularItemsCategoryAndInventsNothingElse() {
    Dataset<Row> items = SharedSpark.session().createDataFrame(List.of(
        RowFactory.create("a", "Alien", List.of("Sci-Fi", "Horror")),
        RowFactory.create("b", "Brazil", null),
        RowFactory.create("c", "Casablanca", List.of("Drama"))), Table.ITEMS.sparkSchema());
    Dataset<Row> recs = SharedSpark.session().createDataFrame(List.of(
        RowFactory.create("u1", 1, "b", 0.9f, "a", "content", null),
        RowFactory.create("u2", 1, "c", 9f, null, "popular", null),
        RowFactory.create("u2", 2, "b", 8f, null, "popular", null),
        RowFactory.create("u3", 1, "c", 0.5f, null, "ranker", null)), Table.USER_RECOMMENDATIONS.sparkSchema());

    List<Row> out = new Explanations().apply(recs, items).orderBy("user_id", "rank").collectAsList();

    assertThat(out).extracting(r -> r.getString(6)).containsExactly(
        "Because you watched Alien", "Popular this week in Drama", "Popular this week", null);
    assertThat(out.get(0).schema()).isEqualTo(Table.USER_RECOMMENDATIONS.sparkSchema());
    assertThat(out).extracting(r -> r.getString(2)).containsExactly("b", "c", "b", "c");
  }
}

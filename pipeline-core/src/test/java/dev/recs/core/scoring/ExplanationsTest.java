package dev.recs.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.schema.Table;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class ExplanationsTest {
  private static final Dataset<Row> ITEMS = SharedSpark.session().createDataFrame(List.of(
      RowFactory.create("a", "Alien", List.of("Sci-Fi", "Horror")),
      RowFactory.create("b", "Brazil", null),
      RowFactory.create("c", "Casablanca", List.of("Drama")),
      RowFactory.create("d", "Dune", List.of("Sci-Fi", "Adventure")),
      RowFactory.create("e", "Eraserhead", null)), Table.ITEMS.sparkSchema());

  /** {@code item count} pairs: that many events on the item (by different users). */
  private static Dataset<Row> events(String... itemCounts) {
    List<Row> rows = Stream.of(itemCounts).flatMap(s -> {
      String[] p = s.split(" ");
      return java.util.stream.IntStream.range(0, Integer.parseInt(p[1]))
          .mapToObj(i -> RowFactory.create("w" + i, p[0]));
    }).toList();
    return SharedSpark.session().createDataFrame(rows, new org.apache.spark.sql.types.StructType()
        .add("user_id", "string").add("item_id", "string"));
  }

  @Test
  void explainsByTheReasonsTitleOrThePopularItemsCategoryAndInventsNothingElse() {
    Dataset<Row> recs = SharedSpark.session().createDataFrame(List.of(
        RowFactory.create("u1", 1, "b", 0.9f, "a", "content", null),
        RowFactory.create("u2", 1, "c", 9f, null, "popular", null),
        RowFactory.create("u2", 2, "b", 8f, null, "popular", null),
        RowFactory.create("u3", 1, "c", 0.5f, null, "ranker", null)), Table.USER_RECOMMENDATIONS.sparkSchema());

    List<Row> out = new Explanations(2).apply(recs, ITEMS, events("a 5", "b 3", "c 9"))
        .orderBy("user_id", "rank").collectAsList();

    assertThat(out).extracting(r -> r.getString(6)).containsExactly(
        "Because you watched Alien", "Popular this week in Drama", "Popular this week", null);
    assertThat(out.get(0).schema()).isEqualTo(Table.USER_RECOMMENDATIONS.sparkSchema());
    assertThat(out).extracting(r -> r.getString(2)).containsExactly("b", "c", "b", "c");
  }

  @Test
  void explainsANewItemWithAReasonByItsCategoryAndTheSimilarTitle() {
    Dataset<Row> recs = SharedSpark.session().createDataFrame(List.of(
        RowFactory.create("u1", 1, "d", 0.9f, "a", "content", null),
        RowFactory.create("u1", 2, "e", 0.8f, "a", "content", null),
        RowFactory.create("u1", 3, "c", 0.7f, "a", "content", null),
        RowFactory.create("u2", 1, "d", 5f, null, "popular", null)), Table.USER_RECOMMENDATIONS.sparkSchema());
    // d has 2 events (new at the limit), e none, c three (not new)
    Dataset<Row> events = events("a 4", "c 3", "d 2");

    List<Row> out = new Explanations(2).apply(recs, ITEMS, events).orderBy("user_id", "rank").collectAsList();
    List<Row> off = new Explanations(-1).apply(recs, ITEMS, events).orderBy("user_id", "rank").collectAsList();

    assertThat(out).extracting(r -> r.getString(6)).containsExactly(
        "New in Sci-Fi, similar to Alien", "New, similar to Alien", "Because you watched Alien",
        "Popular this week in Sci-Fi");
    assertThat(off).extracting(r -> r.getString(6)).containsExactly(
        "Because you watched Alien", "Because you watched Alien", "Because you watched Alien",
        "Popular this week in Sci-Fi");
  }
}

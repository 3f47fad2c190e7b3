package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.config.RankerParams;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ListSlotsTest {
  /** A candidate with the ranker's {@code score}, {@code users} and content similarity {@code cos}. */
  static Candidate candidate(String item, float score, int users, float cos) {
    Candidate c = new Candidate(item);
    c.features = new float[CandidateFeatures.SCALARS.size()];
    c.features[CandidateFeatures.SCALARS.indexOf("cos_recent")] = cos;
    c.itemUsers = users;
    c.score = score;
    return c;
  }

  private static List<String> ranked(RankerParams params, int k, Candidate... candidates) {
    // a user whose items are all long tail: every list has its new-item slots
    return new ListSlots(params, k).select(List.of(candidates), 1f).stream().map(c -> c.item).toList();
  }

  private static Candidate[] popular(int n) {
    Candidate[] rows = new Candidate[n];
    for (int i = 0; i < n; i++) {
      rows[i] = candidate("p" + (char) ('a' + i), 0.9f - i * 0.01f, 100, 0.1f);
    }
    return rows;
  }

  private static Candidate[] with(Candidate[] rows, Candidate... more) {
    Candidate[] all = java.util.Arrays.copyOf(rows, rows.length + more.length);
    System.arraycopy(more, 0, all, rows.length, more.length);
    return all;
  }

  @Test
  void withoutSlotsTheListIsTheRankersOrder() {
    assertThat(ranked(RankerParams.defaults().withSlots(0, 0), 3, with(popular(3), candidate("n", 0.01f, 0, 0.9f))))
        .containsExactly("pa", "pb", "pc");
  }

  @Test
  void lastPositionOfEveryTenGoesToTheBestUntouchedItemThenANewOneAndTheTailSlotBeforeIt() {
    Candidate[] rows = with(popular(20),
        candidate("untouched-far", 0.05f, 0, 0.2f),
        candidate("untouched-close", 0.04f, 0, 0.9f),
        candidate("one-event-close", 0.01f, 1, 0.8f),
        candidate("three-events", 0.02f, 3, 0.7f),
        candidate("two-events", 0.03f, 2, 0.6f));

    List<String> items = ranked(RankerParams.defaults().withSlots(1, 1), 20, rows);

    assertThat(items).hasSize(20).doesNotHaveDuplicates();
    assertThat(items.subList(0, 8)).containsExactly("pa", "pb", "pc", "pd", "pe", "pf", "pg", "ph");
    // new means at most 2 events, long tail at most 3: slot 9 (tail) takes the best content
    // match among tail items, untouched ones included; slot 10 the best-scored untouched item
    assertThat(items.get(8)).isEqualTo("untouched-close");
    assertThat(items.get(9)).isEqualTo("untouched-far");
    assertThat(items.get(18)).isEqualTo("one-event-close");
    // with no untouched item left, the new item closest in content
    assertThat(items.get(19)).isEqualTo("two-events");
  }

  @Test
  void aUserWhoseItemsAreMostlyPopularGetsNoNewSlotAndTheirTenthItemStays() {
    RankerParams params = RankerParams.defaults().withSlots(1, 0);
    Candidate[] rows = with(popular(10), candidate("untouched", 0.05f, 0, 0.9f));
    float below = (float) params.newSlotTailShare() / 2;

    assertThat(new ListSlots(params, 10).select(List.of(rows), below).stream().map(c -> c.item))
        .containsExactly("pa", "pb", "pc", "pd", "pe", "pf", "pg", "ph", "pi", "pj");
    assertThat(new ListSlots(params, 10).select(List.of(rows), (float) params.newSlotTailShare()).get(9).item)
        .isEqualTo("untouched");
  }

  @Test
  void onlyAReservedPositionHoldingANewOrLongTailItemIsPinned() {
    RankerParams params = RankerParams.defaults().withSlots(1, 0);
    List<Row> rows = dev.recs.core.SharedSpark.session()
        .sql("SELECT * FROM VALUES (9, 0), (10, 0), (10, 2), (10, 4), (10, 500), (20, 1) AS t(rank, users)")
        .select(ListSlots.pinned(org.apache.spark.sql.functions.col("rank"), org.apache.spark.sql.functions.col("users"),
            params))
        .collectAsList();

    assertThat(rows.stream().map(r -> r.getBoolean(0))).containsExactly(false, true, true, false, false, true);
  }

  @Test
  void aSlotWithNoItemOfItsKindTakesTheBestScoredRemainingOne() {
    assertThat(ranked(RankerParams.defaults().withSlots(1, 0), 10, popular(12)))
        .containsExactly("pa", "pb", "pc", "pd", "pe", "pf", "pg", "ph", "pi", "pj");
  }

  @Test
  void theReservedColumnMarksExactlyTheSlotPositions() {
    RankerParams params = RankerParams.defaults().withSlots(1, 2);
    ListSlots slots = new ListSlots(params, 30);
    List<Row> ranks = dev.recs.core.SharedSpark.session().range(1, 31)
        .select(org.apache.spark.sql.functions.col("id").cast("int").as("rank"))
        .withColumn("reserved", ListSlots.reserved(org.apache.spark.sql.functions.col("rank"), params))
        .orderBy("rank")
        .collectAsList();

    assertThat(ranks).hasSize(30);
    for (Row r : ranks) {
      assertThat(r.getBoolean(1)).as("rank %d", r.getInt(0)).isEqualTo(slots.slot(r.getInt(0)) != ListSlots.Slot.ANY);
    }
    assertThat(ranks.stream().filter(r -> r.getBoolean(1)).map(r -> r.getInt(0)))
        .containsExactly(8, 9, 10, 18, 19, 20, 28, 29, 30);
  }

  @Test
  void descendingOrderPutsTheLargestFirstKeepsTiesInPositionOrderAndNaNLast() {
    float[] values = {0.5f, Float.NaN, 2f, -1f, 0.5f, Float.NEGATIVE_INFINITY, 0f, -0f};

    assertThat(Order.descending(values)).containsExactly(2, 0, 4, 6, 7, 3, 5, 1);
  }

  @Test
  void equalScoresAreListedByItemId() {
    Candidate b = candidate("b", 0.5f, 100, 0.1f);
    Candidate a = candidate("a", 0.5f, 100, 0.1f);
    Candidate c = candidate("c", 0.9f, 100, 0.1f);

    assertThat(new ListSlots(RankerParams.defaults().withSlots(0, 0), 3).select(List.of(b, a, c), 0f))
        .extracting(x -> x.item).containsExactly("c", "a", "b");
  }
}

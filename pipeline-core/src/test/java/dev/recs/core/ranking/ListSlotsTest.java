package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.config.RankerParams;
import dev.recs.core.schema.Columns;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ListSlotsTest {
  private static final StructType CANDIDATE =
      new StructType()
          .add(Columns.ITEM_ID, DataTypes.StringType)
          .add(CandidateFeatures.FEATURES, DataTypes.createArrayType(DataTypes.FloatType))
          .add(CandidateFeatures.EVENTS, DataTypes.LongType)
          .add(Columns.SCORE, DataTypes.FloatType);

  /** A candidate with the ranker's {@code score}, {@code events} and content similarity {@code cos}. */
  private static Row candidate(String item, float score, long events, float cos) {
    Float[] features = new Float[CandidateFeatures.SCALARS.size()];
    java.util.Arrays.fill(features, 0f);
    features[CandidateFeatures.SCALARS.indexOf("cos_recent")] = cos;
    return new GenericRowWithSchema(new Object[] {item, seq(java.util.Arrays.asList(features)), events, score}, CANDIDATE);
  }

  /** Spark rows hold arrays as Scala sequences. */
  private static <T> scala.collection.Seq<T> seq(List<T> values) {
    return scala.collection.JavaConverters.asScalaBuffer(values).toSeq();
  }

  private static List<String> ranked(RankerParams params, int k, Row... candidates) {
    Iterator<Row> out = new ListSlots(params, k).call(RowFactory.create("u", seq(List.of(candidates))));
    List<String> items = new ArrayList<>();
    int expectedRank = 1;
    while (out.hasNext()) {
      Row r = out.next();
      assertThat(r.getInt(r.size() - 1)).isEqualTo(expectedRank++);
      items.add(r.getString(0));
    }
    return items;
  }

  private static Row[] popular(int n) {
    Row[] rows = new Row[n];
    for (int i = 0; i < n; i++) {
      rows[i] = candidate("p" + (char) ('a' + i), 0.9f - i * 0.01f, 100, 0.1f);
    }
    return rows;
  }

  private static Row[] with(Row[] rows, Row... more) {
    Row[] all = java.util.Arrays.copyOf(rows, rows.length + more.length);
    System.arraycopy(more, 0, all, rows.length, more.length);
    return all;
  }

  @Test
  void withoutSlotsTheListIsTheRankersOrder() {
    assertThat(ranked(RankerParams.defaults().withSlots(0, 0), 3, with(popular(3), candidate("n", 0.01f, 0, 0.9f))))
        .containsExactly("pa", "pb", "pc");
  }

  @Test
  void lastPositionOfEveryTenGoesToTheNewItemClosestInContentAndTheTailSlotBeforeIt() {
    Row[] rows = with(popular(20),
        candidate("untouched-far", 0.05f, 0, 0.2f),
        candidate("one-event-close", 0.01f, 1, 0.8f),
        candidate("three-events", 0.02f, 3, 0.7f),
        candidate("two-events", 0.03f, 2, 0.6f));

    List<String> items = ranked(RankerParams.defaults().withSlots(1, 1), 20, rows);

    assertThat(items).hasSize(20).doesNotHaveDuplicates();
    assertThat(items.subList(0, 8)).containsExactly("pa", "pb", "pc", "pd", "pe", "pf", "pg", "ph");
    // new means at most 2 events, long tail at most 3: slot 9 (tail) takes the best content
    // match among tail items, new ones included; slot 10 the best remaining new item
    assertThat(items.get(8)).isEqualTo("one-event-close");
    assertThat(items.get(9)).isEqualTo("two-events");
    assertThat(items.get(18)).isEqualTo("three-events");
    assertThat(items.get(19)).isEqualTo("untouched-far");
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
}

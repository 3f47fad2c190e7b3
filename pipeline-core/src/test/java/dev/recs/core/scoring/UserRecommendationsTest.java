package dev.recs.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.schema.Table;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class UserRecommendationsTest {
  private static final ScoringParams PARAMS =
      new ScoringParams(2, 2, 100, 60, 14, Map.of("view", 1.0, "purchase", 5.0), 1.0, false, 2, 2048, 64);

  private static Row event(String user, String item, String type, long ts) {
    return RowFactory.create(user, item, type, null, new Timestamp(ts * 1000));
  }

  private static Dataset<Row> events(Row... rows) {
    return SharedSpark.session().createDataFrame(List.of(rows), Table.INTERACTIONS.sparkSchema());
  }

  private static Dataset<Row> users(String... ids) {
    SparkSession spark = SharedSpark.session();
    return spark.createDataFrame(
        java.util.Arrays.stream(ids).map(RowFactory::create).toList(),
        new StructType().add("user_id", DataTypes.StringType));
  }

  private static Dataset<Row> popular() {
    SparkSession spark = SharedSpark.session();
    return spark.createDataFrame(
        List.of(RowFactory.create(1, "d", 9f), RowFactory.create(2, "a", 8f), RowFactory.create(3, "e", 7f)),
        Table.POPULAR_ITEMS.sparkSchema());
  }

  private static List<Row> recommend(Dataset<Row> events, Dataset<Row> users) {
    return new UserRecommendations(PARAMS)
        .apply(events, users, ScoringFixtures.index(), popular())
        .orderBy("user_id", "rank")
        .collectAsList();
  }

  @Test
  void removesItemsTheUserAlreadyInteractedWithAndExplainsByTheClosestHistoryItem() {
    List<Row> recs = recommend(events(event("u1", "a", "view", 100), event("u1", "b", "view", 100)), users("u1"));

    assertThat(recs).extracting(r -> r.getString(2)).hasSize(2).doesNotContain("a", "b");
    assertThat(recs.get(0).getString(2)).isEqualTo("c");
    assertThat(recs.get(0).getString(4)).isEqualTo("b");
    assertThat(recs).extracting(r -> r.getString(5)).containsOnly(UserRecommendations.SOURCE_CONTENT);
    assertThat(recs).extracting(r -> r.getInt(1)).containsExactly(1, 2);
  }

  @Test
  void weighsRecentAndStrongerEventsMoreInTheProfile() {
    // a long-ago view of a, a recent purchase of d: the profile leans to d's side
    long day = 86_400;
    List<Row> recs =
        recommend(events(event("u1", "a", "view", 0), event("u1", "d", "purchase", 300 * day)), users("u1"));

    assertThat(recs.get(0).getString(2)).isEqualTo("e");
  }

  @Test
  void usersWithoutUsableHistoryGetPopularItemsTheyHaveNotSeen() {
    List<Row> recs = recommend(events(event("u1", "a", "view", 100)), users("u1", "u2"));

    List<Row> fallback = recs.stream().filter(r -> r.getString(0).equals("u2")).toList();
    assertThat(fallback).extracting(r -> r.getString(2)).containsExactly("d", "a");
    assertThat(fallback).extracting(r -> r.getString(5)).containsOnly(UserRecommendations.SOURCE_POPULAR);
    assertThat(fallback).extracting(r -> r.get(4)).containsOnlyNulls();
  }

  @Test
  void outputHasTheUserRecommendationsSchema() {
    Dataset<Row> recs =
        new UserRecommendations(PARAMS)
            .apply(events(event("u1", "a", "view", 1)), users("u1"), ScoringFixtures.index(), popular());
    assertThat(recs.schema()).isEqualTo(Table.USER_RECOMMENDATIONS.sparkSchema());
  }
}

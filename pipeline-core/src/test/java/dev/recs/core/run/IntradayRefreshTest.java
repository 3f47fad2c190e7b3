package dev.recs.core.run;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recs.core.RankedLists;
import dev.recs.core.SharedSpark;
import dev.recs.core.api.PipelineException;
import dev.recs.core.api.Reason;
import dev.recs.core.config.EvalParams;
import dev.recs.core.config.PipelineConfig;
import dev.recs.core.generate.SyntheticData;
import dev.recs.core.publish.RunManifest;
import dev.recs.core.schema.Table;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nightly on a small synthetic dataset without its last ten items, then a refresh the next day
 * with those items, one more item whose content copies an old one, and new events (after the
 * night's newest) of two old users and one new user.
 */
@Tag("scores")
class IntradayRefreshTest {
  @org.junit.jupiter.api.AfterAll
  static void releaseCaches() {
    dev.recs.core.SharedSpark.releaseCaches();
  }

  private static final LocalDate NIGHT = LocalDate.parse("2026-11-01");
  private static final LocalDate DAY = LocalDate.parse("2026-11-02");
  private static final SparkSession SPARK = SharedSpark.session();
  private static final int ITEMS = 300;
  private static final int HELD_OUT = 10;
  /**
   * The content of old item {@link #ORIGINAL} under a new id. The original has no event in the
   * night, so both are placed by the content → collaborative model alone: their vectors are the same.
   */
  private static final String TWIN = "i900000";
  private static final String ORIGINAL = SyntheticData.itemId(5);
  private static final String NEW_USER = "u900001";
  private static final Set<String> ACTIVE = Set.of(SyntheticData.userId(1), SyntheticData.userId(2), NEW_USER);
  /** One hour after the generated log's end: newer than every event of the night. */
  private static final long LATER = SyntheticData.END.getEpochSecond() + 3600;

  @TempDir static Path dir;
  private static String output;
  private static RunManifest night;
  private static RunManifest refreshed;
  private static RunInputs dayInputs;
  private static List<Row> nightRecs;
  private static List<Row> nightEmbeddings;
  private static long nightSimilarRows;

  static PipelineConfig config() {
    PipelineConfig c = NightlyRunTest.smallConfig();
    EvalParams e = c.eval();
    // no MMR: it re-ranks by score and diversity and would move the new-item slot's item out
    return c.withEval(e.withEnabled(false)).withDiversity(c.diversity().withEnabled(false));
  }

  @BeforeAll
  static void nightThenRefresh() {
    SyntheticData data = new SyntheticData(ITEMS, 120, 3000, 11);
    List<Row> items = new ArrayList<>();
    data.catalog().forEachRemaining(i -> items.add(RowFactory.create(
        i.itemId(), i.title(), i.description(), i.categories(), i.tags(), new Timestamp(i.updatedAt() * 1000))));
    Row original = items.get(5);
    List<Row> dayItems = new ArrayList<>(items);
    dayItems.add(RowFactory.create(TWIN, original.get(1), original.get(2), original.get(3), original.get(4), original.get(5)));
    List<Row> nightItems = items.subList(0, ITEMS - HELD_OUT);
    SPARK.createDataFrame(nightItems, Table.CATALOG.sparkSchema()).write().parquet(dir.resolve("night/catalog").toString());
    SPARK.createDataFrame(dayItems, Table.CATALOG.sparkSchema()).write().parquet(dir.resolve("day/catalog").toString());

    Set<String> heldOut = new java.util.HashSet<>();
    items.subList(ITEMS - HELD_OUT, ITEMS).forEach(r -> heldOut.add(r.getString(0)));
    List<Row> events = new ArrayList<>();
    data.events().forEachRemaining(e -> {
      if (!heldOut.contains(e.itemId()) && !ORIGINAL.equals(e.itemId())) {
        events.add(RowFactory.create(e.userId(), e.itemId(), e.eventType(), e.ts()));
      }
    });
    List<Row> dayEvents = new ArrayList<>(events);
    dayEvents.add(RowFactory.create(NEW_USER, ORIGINAL, "purchase", LATER));
    dayEvents.add(RowFactory.create(SyntheticData.userId(1), SyntheticData.itemId(ITEMS - 1), "click", LATER));
    dayEvents.add(RowFactory.create(SyntheticData.userId(1), SyntheticData.itemId(7), "view", LATER + 60));
    dayEvents.add(RowFactory.create(SyntheticData.userId(2), SyntheticData.itemId(3), "purchase", LATER + 120));
    StructType eventSchema = new StructType()
        .add("user_id", DataTypes.StringType).add("item_id", DataTypes.StringType)
        .add("event_type", DataTypes.StringType).add("ts", DataTypes.LongType);
    SPARK.createDataFrame(events, eventSchema).write().json(dir.resolve("night/events").toString());
    SPARK.createDataFrame(dayEvents, eventSchema).write().json(dir.resolve("day/events").toString());

    output = dir.resolve("out").toString();
    night = new NightlyRun(SPARK, config(), output, NIGHT, Map.of()).nightly(
        new RunInputs(dir.resolve("night/catalog").toString(), dir.resolve("night/events").toString()));
    nightRecs = table(Table.USER_RECOMMENDATIONS, NIGHT).orderBy("user_id", "rank").collectAsList();
    nightEmbeddings = table(Table.ITEM_EMBEDDINGS, NIGHT).orderBy("item_id").collectAsList();
    nightSimilarRows = table(Table.SIMILAR_ITEMS, NIGHT).count();

    dayInputs = new RunInputs(dir.resolve("day/catalog").toString(), dir.resolve("day/events").toString());
    refreshed = new IntradayRefresh(SPARK, config(), output, DAY, Map.of()).refresh(dayInputs);
  }

  private static Dataset<Row> table(Table t, LocalDate date) {
    return SPARK.read().parquet(output + "/" + t.tableName() + "/dt=" + date);
  }

  @Test
  void newItemsGetEmbeddingsOfThePublishedModelAndOldOnesStayAsTheyWere() {
    Dataset<Row> embeddings = table(Table.ITEM_EMBEDDINGS, DAY);
    assertThat(embeddings.count()).isEqualTo(ITEMS + 1);
    assertThat(embeddings.where(col("model_version").notEqual(night.modelVersion())).count()).isZero();
    List<Row> old = embeddings.where(col("item_id").isin(nightEmbeddings.stream().map(r -> r.get(0)).toArray()))
        .orderBy("item_id").collectAsList();
    assertThat(old).isEqualTo(nightEmbeddings);
  }

  @Test
  void everyItemNewOrOldHasKNeighboursAndANewItemEntersNoListBeforeItsFirstEvent() {
    Dataset<Row> similar = table(Table.SIMILAR_ITEMS, DAY);
    Dataset<Row> perItem = similar.groupBy("item_id").count();
    assertThat(perItem.count()).isEqualTo(ITEMS + 1);
    assertThat(perItem.where(col("count").notEqual(20)).count()).isZero();
    // the twin has the original's content, so (up to the last bits of the content model's
    // output, which follow the batch it was predicted in) the original's vector and neighbours:
    // the same list up to swaps among scores within the tolerance; neither has events, and
    // neighbours are drawn where an audience is: neither is in any list
    RankedLists.assertSameUpToNearTies(
        "the twin's neighbours against the original's", neighbours(similar, TWIN), neighbours(similar, ORIGINAL),
        RankedLists.TOLERANCE);
    assertThat(neighbours(similar, TWIN)).hasSize(20);
    assertThat(similar.where(col("similar_item_id").isin(TWIN, ORIGINAL)).count()).isZero();
    assertThat(refreshed.refresh().updatedSimilarItems()).isZero();
    assertThat(table(Table.SIMILAR_ITEMS, NIGHT).count()).isEqualTo(nightSimilarRows);
  }

  private static List<RankedLists.Entry> neighbours(Dataset<Row> similar, String item) {
    return RankedLists.of(
        similar.where(col("item_id").equalTo(item)).orderBy("rank").collectAsList(), "similar_item_id", "score");
  }

  @Test
  void aNewItemReachesTheRecommendationsOfAUserWithNewEvents() {
    List<String> recommended = table(Table.USER_RECOMMENDATIONS, DAY).where(col("user_id").equalTo(NEW_USER))
        .orderBy("rank").select("item_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(recommended).hasSize(20).contains(TWIN).doesNotContain(ORIGINAL);
  }

  @Test
  void onlyUsersWithNewEventsAreRescoredAndTheRestKeepTheirRows() {
    Dataset<Row> recs = table(Table.USER_RECOMMENDATIONS, DAY);
    assertThat(recs.select("user_id").distinct().count()).isEqualTo(121);
    assertThat(recs.count()).isEqualTo(121 * 20);
    List<Row> untouched = recs.where(col("user_id").isin(ACTIVE.toArray()).unary_$bang())
        .orderBy("user_id", "rank").collectAsList();
    assertThat(untouched).isEqualTo(nightRecs.stream().filter(r -> !ACTIVE.contains(r.getString(0))).toList());
    assertThat(refreshed.refresh().rescoredUsers()).isEqualTo(3);
    // user 1 clicked the held-out item: it is seen now, so never recommended
    assertThat(recs.where(col("user_id").equalTo(SyntheticData.userId(1))
        .and(col("item_id").equalTo(SyntheticData.itemId(ITEMS - 1)))).count()).isZero();
  }

  @Test
  void everyTableGetsACompletePartitionOfTheRefreshDateAndAManifest() throws Exception {
    assertThat(table(Table.ITEMS, DAY).count()).isEqualTo(ITEMS + 1);
    assertThat(table(Table.POPULAR_ITEMS, DAY).count()).isEqualTo(100);
    assertThat(table(Table.REJECTS, DAY).count()).isZero();
    assertThat(table(Table.METRICS, DAY).where(col("model").equalTo("refresh")).count()).isEqualTo(3);
    assertThat(table(Table.METRICS, DAY).where(col("model").equalTo("published")).count())
        .isEqualTo(table(Table.METRICS, NIGHT).where(col("model").equalTo("published")).count());
    JsonNode manifest = new ObjectMapper().readTree(Path.of(output, "_runs", "dt=" + DAY, "manifest.json").toFile());
    assertThat(manifest.get("status").asText()).isEqualTo("published");
    assertThat(manifest.get("modelVersion").asText()).isEqualTo(night.modelVersion());
    assertThat(manifest.get("model").get("training").asText()).isEqualTo("pinned");
    assertThat(manifest.get("refresh").get("baseDate").asText()).isEqualTo(NIGHT.toString());
    assertThat(manifest.get("refresh").get("newItems").asLong()).isEqualTo(HELD_OUT + 1);
    assertThat(manifest.get("tables").get("user_recommendations").asLong()).isEqualTo(121 * 20);
    assertThat(manifest.get("stageMillis").fieldNames()).toIterable()
        .containsExactly("ingest", "embed", "similar", "recommend", "publish");
    assertThat(manifest.get("dataWindow").get("lastEvent").asText())
        .isEqualTo(java.time.Instant.ofEpochSecond(LATER + 120).toString());
    assertThat(Path.of(output, "_work")).isEmptyDirectory();
  }

  @Test
  void aRefreshWithNothingNewStartsFromTheLastRefreshAndRepublishesItsTables() {
    LocalDate next = DAY.plusDays(1);
    RunManifest again = new IntradayRefresh(SPARK, config(), output, next, Map.of()).refresh(dayInputs);

    assertThat(again.refresh().baseDate()).isEqualTo(DAY.toString());
    assertThat(again.refresh().newItems()).isZero();
    assertThat(again.refresh().rescoredUsers()).isZero();
    assertThat(again.refresh().updatedSimilarItems()).isZero();
    for (Table t : List.of(Table.ITEMS, Table.ITEM_EMBEDDINGS, Table.SIMILAR_ITEMS, Table.POPULAR_ITEMS,
        Table.USER_RECOMMENDATIONS)) {
      Dataset<Row> before = table(t, DAY);
      Dataset<Row> after = table(t, next);
      assertThat(after.count()).as(t.tableName()).isEqualTo(before.count());
      assertThat(after.exceptAll(before).count()).as(t.tableName()).isZero();
    }
  }

  @Test
  void refusesWhenNoRunIsPublishedAtOrBeforeTheDate() {
    assertThatThrownBy(() -> new IntradayRefresh(SPARK, config(), output, NIGHT.minusDays(1), Map.of()).base())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("Cannot refresh: no published run at or before 2026-10-31; run nightly first")
        .extracting(e -> ((PipelineException) e).reason()).isEqualTo(Reason.BAD_INPUT);
  }
}

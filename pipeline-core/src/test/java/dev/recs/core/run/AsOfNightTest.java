package dev.recs.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.PipelineConfig;
import dev.recs.core.generate.SyntheticData;
import dev.recs.core.ingest.IngestCounts;
import dev.recs.core.publish.RunManifest;
import dev.recs.core.schema.Table;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill reproduces the night: a night of a past date run on the feed as it is later (with
 * the events of the following days) publishes the same tables as that night on the feed cut at
 * the end of its date; the later events are counted, not rejected.
 */
class AsOfNightTest {
  private static final SparkSession SPARK = SharedSpark.session();
  /** Ten days before the generated log's end: about a sixth of the events come after it. */
  private static final LocalDate DATE = LocalDate.ofInstant(SyntheticData.END, ZoneOffset.UTC).minusDays(10);

  @TempDir static Path dir;
  private static RunManifest onWholeFeed;
  private static RunManifest onCutFeed;
  private static long later;

  @BeforeAll
  static void sameNightOnTheWholeAndTheCutFeed() {
    SyntheticData data = new SyntheticData(200, 100, 2500, 23);
    List<Row> items = new ArrayList<>();
    data.catalog().forEachRemaining(i -> items.add(RowFactory.create(
        i.itemId(), i.title(), i.description(), i.categories(), i.tags(), new Timestamp(i.updatedAt() * 1000))));
    SPARK.createDataFrame(items, Table.CATALOG.sparkSchema()).write().parquet(dir.resolve("catalog").toString());
    long endOfDate = DATE.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    List<Row> all = new ArrayList<>();
    List<Row> cut = new ArrayList<>();
    data.events().forEachRemaining(e -> {
      Row row = RowFactory.create(e.userId(), e.itemId(), e.eventType(), e.ts());
      all.add(row);
      if (e.ts() < endOfDate) {
        cut.add(row);
      }
    });
    later = all.size() - cut.size();
    StructType schema = new StructType().add("user_id", DataTypes.StringType).add("item_id", DataTypes.StringType)
        .add("event_type", DataTypes.StringType).add("ts", DataTypes.LongType);
    SPARK.createDataFrame(all, schema).write().json(dir.resolve("all").toString());
    SPARK.createDataFrame(cut, schema).write().json(dir.resolve("cut").toString());
    String catalog = dir.resolve("catalog").toString();
    // without the night's evaluation: the tables are what is compared
    PipelineConfig config = NightlyRunTest.smallConfig().withEval(NightlyRunTest.smallConfig().eval().withEnabled(false));
    onWholeFeed = new NightlyRun(SPARK, config, dir.resolve("out-all").toString(), DATE, Map.of())
        .nightly(new RunInputs(catalog, dir.resolve("all").toString()));
    onCutFeed = new NightlyRun(SPARK, config, dir.resolve("out-cut").toString(), DATE, Map.of())
        .nightly(new RunInputs(catalog, dir.resolve("cut").toString()));
  }

  private static Dataset<Row> table(String output, Table table) {
    return SPARK.read().parquet(dir.resolve(output) + "/" + table.tableName() + "/dt=" + DATE);
  }

  @Test
  void eventsAfterTheDateAreCountedAsLaterNotRejected() {
    IngestCounts events = onWholeFeed.rows().get(1);
    assertThat(later).isPositive();
    assertThat(events.later()).isEqualTo(later);
    assertThat(events.rejected()).isZero();
    assertThat(events.balances()).isTrue();
    assertThat(events.clean()).isEqualTo(onCutFeed.rows().get(1).clean());
  }

  @Test
  void everyPublishedTableEqualsTheNightOnTheCutFeedRowForRow() {
    for (Table t : List.of(Table.ITEMS, Table.ITEM_EMBEDDINGS, Table.SIMILAR_ITEMS, Table.POPULAR_ITEMS,
        Table.USER_RECOMMENDATIONS, Table.REJECTS, Table.METRICS)) {
      Dataset<Row> a = table("out-all", t);
      Dataset<Row> b = table("out-cut", t);
      assertThat(a.count()).as(t.tableName()).isEqualTo(b.count());
      assertThat(a.exceptAll(b).count()).as(t.tableName() + " rows only in the whole feed's night").isZero();
    }
    assertThat(onWholeFeed.modelVersion()).isEqualTo(onCutFeed.modelVersion());
  }
}

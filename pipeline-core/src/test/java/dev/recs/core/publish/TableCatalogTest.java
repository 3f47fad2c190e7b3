package dev.recs.core.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.CatalogParams;
import dev.recs.core.schema.Table;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the shared session's in-memory catalog; the Hive metastore is {@code CatalogAcrossSessionsTest}'s. */
class TableCatalogTest {
  private static final String DB = "recs_catalog_test";
  @TempDir Path out;
  private final SparkSession spark = SharedSpark.session();
  private final TableCatalog catalog = new TableCatalog(spark, new CatalogParams(true, DB));

  @AfterEach
  void dropDatabase() {
    spark.sql("DROP DATABASE IF EXISTS " + DB + " CASCADE");
  }

  private void publish(String date, String... items) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < items.length; i++) {
      rows.add(RowFactory.create(i + 1, items[i], 1f));
    }
    Dataset<Row> popular = spark.createDataFrame(rows, Table.POPULAR_ITEMS.sparkSchema());
    new PartitionPublisher(spark, out.toString(), LocalDate.parse(date), "run-" + date).publish(Table.POPULAR_ITEMS, popular);
  }

  private List<String> query(String sql) {
    return spark.sql(sql).collectAsList().stream().map(r -> r.get(0) + ":" + r.get(1)).sorted().toList();
  }

  @Test
  void registersEveryPublishedDateAndALatestViewOfTheNewest() throws Exception {
    publish("2026-11-01", "a", "b");
    publish("2026-11-02", "c");

    List<TableCatalog.Registered> registered = catalog.sync(out.toString());

    assertThat(registered).extracting(TableCatalog.Registered::table).containsExactly("popular_items");
    assertThat(query("SELECT CAST(dt AS STRING), item_id FROM " + DB + ".popular_items"))
        .containsExactly("2026-11-01:a", "2026-11-01:b", "2026-11-02:c");
    assertThat(query("SELECT CAST(dt AS STRING), item_id FROM " + DB + ".popular_items_latest"))
        .containsExactly("2026-11-02:c");
    assertThat(spark.catalog().getTable(DB, "popular_items").tableType()).isEqualTo("EXTERNAL");
  }

  @Test
  void followsRetentionAndABackfillDoesNotMoveTheLatestView() throws Exception {
    publish("2026-11-01", "a");
    publish("2026-11-03", "c");
    catalog.sync(out.toString());

    FileSystem fs = FileSystem.getLocal(spark.sparkContext().hadoopConfiguration());
    fs.delete(new org.apache.hadoop.fs.Path(out.resolve("popular_items/dt=2026-11-01").toString()), true);
    publish("2026-11-02", "b");
    TableCatalog.Registered again = catalog.sync(out.toString()).get(0);

    assertThat(again.added()).isEqualTo(1);
    assertThat(again.dropped()).isEqualTo(1);
    assertThat(again.latest()).isEqualTo(LocalDate.parse("2026-11-03"));
    assertThat(query("SELECT CAST(dt AS STRING), item_id FROM " + DB + ".popular_items"))
        .containsExactly("2026-11-02:b", "2026-11-03:c");
    assertThat(query("SELECT CAST(dt AS STRING), item_id FROM " + DB + ".popular_items_latest"))
        .containsExactly("2026-11-03:c");
  }

  @Test
  void syncingTwiceChangesNothingAndLeavesTheFiles() {
    publish("2026-11-01", "a");
    catalog.sync(out.toString());

    TableCatalog.Registered again = catalog.sync(out.toString()).get(0);
    spark.sql("DROP TABLE " + DB + ".popular_items");

    assertThat(again.added()).isZero();
    assertThat(again.dropped()).isZero();
    assertThat(out.resolve("popular_items/dt=2026-11-01/_SUCCESS")).exists();
  }
}

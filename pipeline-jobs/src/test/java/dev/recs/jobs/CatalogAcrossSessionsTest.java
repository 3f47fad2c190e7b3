package dev.recs.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.publish.PartitionPublisher;
import dev.recs.core.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables registered by one JVM ({@code recs register}, what every publish runs with {@code
 * recs.publish.catalog.enabled}) are found by name, with every date and the {@code _latest}
 * view, by a Spark session in another JVM: the embedded Hive metastore the launcher keeps under
 * {@code <output>/_catalog}, as a cluster's shared metastore would.
 */
class CatalogAcrossSessionsTest {
  @TempDir Path dir;

  @Test
  void aSecondJvmSeesBothNightsAndTheLatestView() throws Exception {
    Path output = dir.resolve("out");
    SparkSession spark = SharedSpark.session();
    for (String date : List.of("2026-11-01", "2026-11-02")) {
      new PartitionPublisher(spark, output.toString(), LocalDate.parse(date), "run")
          .publish(Table.POPULAR_ITEMS, spark.createDataFrame(
              List.of(RowFactory.create(1, "item-" + date, 1f)), Table.POPULAR_ITEMS.sparkSchema()));
    }

    try (ChildRun register = ChildRun.start(dir.resolve("register.log"), "register", "--output", output.toString())) {
      assertThat(register.waitFor(Duration.ofMinutes(3))).as(Files.readString(dir.resolve("register.log"))).isZero();
    }
    String query = "SELECT CAST(dt AS STRING) AS d, item_id, 'all' AS v FROM recs.popular_items"
        + " UNION ALL SELECT CAST(dt AS STRING), item_id, 'latest' FROM recs.popular_items_latest ORDER BY v, d";
    try (ChildRun sql = ChildRun.start(dir.resolve("sql.log"), "sql", "--metastore", "--output", output.toString(), query)) {
      assertThat(sql.waitFor(Duration.ofMinutes(3))).as(Files.readString(dir.resolve("sql.log"))).isZero();
    }

    List<String> rows = Files.readAllLines(dir.resolve("sql.log")).stream()
        .filter(l -> l.startsWith("|2026")).map(l -> l.replace(" ", "")).toList();
    assertThat(rows).containsExactly(
        "|2026-11-01|item-2026-11-01|all|", "|2026-11-02|item-2026-11-02|all|", "|2026-11-02|item-2026-11-02|latest|");
    assertThat(output.resolve("_catalog/metastore_db")).isDirectory();
  }
}

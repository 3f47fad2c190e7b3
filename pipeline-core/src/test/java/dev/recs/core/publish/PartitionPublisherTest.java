package dev.recs.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recs.core.SharedSpark;
import dev.recs.core.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionPublisherTest {
  @TempDir Path out;
  private final SparkSession spark = SharedSpark.session();
  private static final LocalDate DATE = LocalDate.parse("2026-11-01");

  private Dataset<Row> popular(String... items) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < items.length; i++) {
      rows.add(RowFactory.create(i + 1, items[i], 1f));
    }
    return spark.createDataFrame(rows, Table.POPULAR_ITEMS.sparkSchema());
  }

  @Test
  void publishesACompletePartitionWithSuccessMarkerAndNoStagingLeft() throws Exception {
    PartitionPublisher publisher = new PartitionPublisher(spark, out.toString(), DATE, "run1");

    long rows = publisher.publish(Table.POPULAR_ITEMS, popular("a", "b"));

    Path partition = out.resolve("popular_items/dt=2026-11-01");
    assertThat(rows).isEqualTo(2);
    assertThat(partition.resolve("_SUCCESS")).exists();
    assertThat(spark.read().parquet(partition.toString()).count()).isEqualTo(2);
    try (Stream<Path> staged = Files.list(out.resolve("_staging/popular_items"))) {
      assertThat(staged).isEmpty();
    }
  }

  @Test
  void rerunForSameDateReplacesPartition() {
    new PartitionPublisher(spark, out.toString(), DATE, "run1").publish(Table.POPULAR_ITEMS, popular("a", "b", "c"));
    new PartitionPublisher(spark, out.toString(), DATE, "run2").publish(Table.POPULAR_ITEMS, popular("z"));

    List<Row> rows = spark.read().parquet(out.resolve("popular_items/dt=2026-11-01").toString()).collectAsList();
    assertThat(rows).extracting(r -> r.getString(1)).containsExactly("z");
  }

  @Test
  void otherDatesStayUntouched() {
    new PartitionPublisher(spark, out.toString(), DATE.minusDays(1), "run1").publish(Table.POPULAR_ITEMS, popular("old"));
    new PartitionPublisher(spark, out.toString(), DATE, "run2").publish(Table.POPULAR_ITEMS, popular("new"));

    assertThat(spark.read().parquet(out.resolve("popular_items/dt=2026-10-31").toString()).first().getString(1))
        .isEqualTo("old");
  }

  @Test
  void conformsColumnsToTheAvscOrderAndTypesAndRefusesMissingOnes() {
    Dataset<Row> shuffled = popular("a").selectExpr("item_id", "cast(score as double) as score", "rank");

    Dataset<Row> conformed = PartitionPublisher.conform(Table.POPULAR_ITEMS, shuffled);

    assertThat(conformed.schema().fieldNames()).containsExactly("rank", "item_id", "score");
    assertThat(conformed.schema().apply("score").dataType())
        .isEqualTo(Table.POPULAR_ITEMS.sparkSchema().apply("score").dataType());
    assertThatThrownBy(() -> PartitionPublisher.conform(Table.POPULAR_ITEMS, shuffled.drop("rank")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot publish popular_items: column rank missing");
  }

  @Test
  void removesStaleStagingFoldersOfTheSameDateOnly() throws Exception {
    Path stale = Files.createDirectories(out.resolve("_staging/popular_items/dt=2026-11-01.dead"));
    Path other = Files.createDirectories(out.resolve("_staging/popular_items/dt=2026-10-31.dead"));

    new PartitionPublisher(spark, out.toString(), DATE, "run3").removeStaleStaging();

    assertThat(stale).doesNotExist();
    assertThat(other).exists();
  }
}

package dev.recs.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.schema.Table;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricTrendTest {
  private static final LocalDate TONIGHT = LocalDate.of(2026, 11, 3);

  /** The published model's three figures of one night, with rows of other models and segments. */
  private static List<MetricRow> night(double ndcg) {
    return List.of(
        new MetricRow("pipeline", "all", "ndcg", 10, ndcg),
        new MetricRow("pipeline", "all", "coverage", 10, 0.3),
        new MetricRow("pipeline", "all", "cold_item_recall", 10, 0.01),
        new MetricRow("pipeline", "all", "ndcg", 5, 0.5),
        new MetricRow("pipeline", "history_0_9", "ndcg", 10, 0.5),
        new MetricRow("popularity", "all", "ndcg", 10, 0.5),
        new MetricRow("published", "all", "catalog_coverage", 20, 0.5));
  }

  /** {@code nights} written as {@code <dir>/dt=<date>/} partitions and read back with their dt column. */
  private static Dataset<Row> published(Path dir, LocalDate... nights) {
    List<Row> rows = new ArrayList<>();
    for (LocalDate d : nights) {
      night(0.1).forEach(m -> rows.add(RowFactory.create(m.model(), m.segment(), m.metric(), m.k(), m.value(), d.toString())));
    }
    String path = dir.resolve("metrics").toString();
    SharedSpark.session().createDataFrame(rows, Table.METRICS.sparkSchema().add(MetricTrend.DT, DataTypes.StringType))
        .write().partitionBy(MetricTrend.DT).parquet(path);
    return SharedSpark.session().read().parquet(path);
  }

  private static Dataset<Row> nothingPublished() {
    return SharedSpark.session().createDataFrame(List.of(),
        Table.METRICS.sparkSchema().add(MetricTrend.DT, DataTypes.StringType));
  }

  @Test
  void aFirstNightHasOnePointPerFigureFromTonightsRows() {
    List<MetricTrend.Point> trend = MetricTrend.of(TONIGHT, night(0.08), nothingPublished());

    assertThat(trend).containsExactly(
        new MetricTrend.Point(TONIGHT, MetricId.PUBLISHED_NDCG, 0.08),
        new MetricTrend.Point(TONIGHT, MetricId.PUBLISHED_COVERAGE, 0.3),
        new MetricTrend.Point(TONIGHT, MetricId.PUBLISHED_COLD_ITEM_RECALL, 0.01));
  }

  @Test
  void threeNightsGiveThreePointsPerFigureOldestFirstAndARerunsPartitionIsReplacedByTonight(@TempDir Path dir) {
    Dataset<Row> published = published(dir, TONIGHT.minusDays(2), TONIGHT.minusDays(1), TONIGHT);

    List<MetricTrend.Point> trend = MetricTrend.of(TONIGHT, night(0.08), published);

    assertThat(trend).hasSize(9);
    assertThat(trend.stream().filter(p -> p.figure().equals(MetricId.PUBLISHED_NDCG)).toList()).containsExactly(
        new MetricTrend.Point(TONIGHT.minusDays(2), MetricId.PUBLISHED_NDCG, 0.1),
        new MetricTrend.Point(TONIGHT.minusDays(1), MetricId.PUBLISHED_NDCG, 0.1),
        new MetricTrend.Point(TONIGHT, MetricId.PUBLISHED_NDCG, 0.08));
  }

  @Test
  void onlyTheLastThirtyNightsAreKeptTonightIncluded() {
    List<MetricTrend.Point> past = IntStream.rangeClosed(1, 40)
        .mapToObj(i -> new MetricTrend.Point(TONIGHT.minusDays(i), MetricId.PUBLISHED_NDCG, 0.1)).toList();

    List<MetricTrend.Point> trend = MetricTrend.lastNights(past, TONIGHT, night(0.08));

    List<LocalDate> ndcgNights =
        trend.stream().filter(p -> p.figure().equals(MetricId.PUBLISHED_NDCG)).map(MetricTrend.Point::date).toList();
    assertThat(ndcgNights).hasSize(MetricTrend.NIGHTS).isSorted()
        .startsWith(TONIGHT.minusDays(MetricTrend.NIGHTS - 1)).endsWith(TONIGHT);
  }
}

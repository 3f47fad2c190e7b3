package dev.recs.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly on real data: {@code ../shared/data/movielens-dev} converted to the contract.
 * Skipped when that folder is absent (it is never copied into the repository).
 */
@EnabledIf("movieLensPresent")
class MovieLensNightlyTest {
  @org.junit.jupiter.api.AfterAll
  static void releaseCaches() {
    dev.recs.core.SharedSpark.releaseCaches();
  }

  static final Path MOVIELENS = Path.of("../../shared/data/movielens-dev");
  private static final String DATE = "2026-11-27";

  @TempDir static Path dir;
  private static Path out;

  static boolean movieLensPresent() {
    return Files.isRegularFile(MOVIELENS.resolve("ratings.csv"));
  }

  @BeforeAll
  static void convertAndRun() throws Exception {
    CliRun convert = CliRun.of("convert-movielens", "--input", MOVIELENS.toString(), "--output", dir.toString());
    assertThat(convert.exitCode()).as(convert.err()).isZero();
    Path conf = Files.writeString(dir.resolve("ml.conf"),
        "recs { ingest.numeric = [year], scoring.event-weights { rating = 1 },\n"
            + "  features.vocab-size = 1500, encoder { max-epochs = 3, embedding-dim = 32 }, eval.enabled = false,\n"
            + "  ranker { label-fractions = [0.2], max-epochs = 3 } }\n");
    out = dir.resolve("out");
    // one night: a rerun of the same date is NightlyRunTest's (rerunForSameDateLeaves...)
    CliRun run = CliRun.of("nightly", "--config", conf.toString(),
        "--catalog", dir.resolve("catalog").toString(), "--interactions", dir.resolve("interactions").toString(),
        "--output", out.toString(), "--date", DATE);
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  private static Dataset<Row> table(Table t) {
    return SharedSpark.session().read().parquet(out.resolve(t.tableName()).resolve("dt=" + DATE).toString());
  }

  @Test
  void everyMovieGetsAnEmbeddingAndTwentyNeighbours() {
    assertThat(table(Table.ITEM_EMBEDDINGS).count()).isEqualTo(9742);
    Dataset<Row> perItem = table(Table.SIMILAR_ITEMS).groupBy("item_id").count();
    assertThat(perItem.count()).isEqualTo(9742);
    assertThat(perItem.where(col("count").notEqual(20)).count()).isZero();
  }

  @Test
  void everyUserGetsRecommendationsNoneAlreadyRated() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> ratings = spark.read().option("header", true).csv(MOVIELENS.resolve("ratings.csv").toString());
    Dataset<Row> recs = table(Table.USER_RECOMMENDATIONS);

    assertThat(recs.select("user_id").distinct().count()).isEqualTo(305);
    assertThat(recs.join(ratings, recs.col("user_id").equalTo(ratings.col("userId"))
        .and(recs.col("item_id").equalTo(ratings.col("movieId")))).count()).isZero();
  }

  @Test
  void everyTableHasOneCompletePartitionAndEveryUserTwentyItems() throws Exception {
    for (Table t : Table.outputs()) {
      try (Stream<Path> partitions = Files.list(out.resolve(t.tableName()))) {
        assertThat(partitions.map(p -> p.getFileName().toString())).containsExactly("dt=" + DATE);
      }
      assertThat(out.resolve(t.tableName()).resolve("dt=" + DATE).resolve("_SUCCESS")).exists();
    }
    assertThat(table(Table.USER_RECOMMENDATIONS).count()).isEqualTo(305 * 20);
  }
}

package dev.recs.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recs nightly} with no input flags: the bundled sample, end to end through the CLI. */
class NightlyOnSampleTest {
  @TempDir static Path dir;
  private static CliRun run;

  @BeforeAll
  static void runNightly() throws Exception {
    Path conf = Files.writeString(dir.resolve("fast.conf"), "recs.encoder { max-epochs = 5, embedding-dim = 32 }\n");
    run = CliRun.of("nightly", "--config", conf.toString(), "--output", dir.resolve("out").toString(), "--date", "2026-11-01");
  }

  private static Dataset<Row> table(Table t) {
    return SharedSpark.session().read().parquet(dir.resolve("out").resolve(t.tableName()).resolve("dt=2026-11-01").toString());
  }

  @Test
  void exitsZeroAndReportsEveryTableAndTheAccounting() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("published dt=2026-11-01")
        .contains("user_recommendations")
        .containsPattern("input interactions +50,000 in = 50,000 clean \\+ 0 rejected \\+ 0 duplicate");
  }

  @Test
  void everyUserOfTheSampleGetsTwentyUnseenRecommendations() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> recs = table(Table.USER_RECOMMENDATIONS);
    Dataset<Row> events = spark.read().option("header", true).csv("../scripts/sample/interactions.csv");

    assertThat(recs.select("user_id").distinct().count()).isEqualTo(events.select("user_id").distinct().count());
    assertThat(recs.groupBy("user_id").count().where(col("count").notEqual(20)).count()).isZero();
    assertThat(recs.join(events, recs.col("user_id").equalTo(events.col("user_id"))
        .and(recs.col("item_id").equalTo(events.col("item_id")))).count()).isZero();
    assertThat(table(Table.ITEM_EMBEDDINGS).first().getList(1)).hasSize(32);
  }
}

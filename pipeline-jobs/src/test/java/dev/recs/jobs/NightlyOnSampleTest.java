package dev.recs.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recs.core.SharedSpark;
import dev.recs.core.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recs nightly} through the CLI on the bundled sample, and on a copy of it with 1% broken
 * rows added by {@code recs corrupt}: the broken rows are rejected or counted as duplicates and
 * the published users and items are the clean run's.
 */
class NightlyOnSampleTest {
  @org.junit.jupiter.api.AfterAll
  static void releaseCaches() {
    dev.recs.core.SharedSpark.releaseCaches();
  }

  private static final String DATE = "2026-11-01";

  @TempDir static Path dir;
  private static Path conf;
  private static CliRun clean;
  private static CliRun corrupted;

  @BeforeAll
  static void runCleanAndCorrupted() throws Exception {
    conf = Files.writeString(dir.resolve("fast.conf"), "recs.encoder { max-epochs = 5, embedding-dim = 32 }\nrecs.eval.enabled = false\n"
        + "recs.ranker { label-fractions = [0.2], max-epochs = 3 }\n");
    clean = CliRun.of("nightly", "--config", conf.toString(), "--catalog", "../scripts/sample/catalog.csv",
        "--interactions", "../scripts/sample/interactions.csv", "--output", dir.resolve("clean").toString(), "--date", DATE);
    CliRun corrupt = CliRun.of("corrupt", "--input", "../scripts/sample", "--output", dir.resolve("broken").toString(),
        "--fraction", "0.01", "--seed", "5");
    assertThat(corrupt.exitCode()).isZero();
    corrupted = CliRun.of("nightly", "--config", conf.toString(),
        "--catalog", dir.resolve("broken/catalog.csv").toString(),
        "--interactions", dir.resolve("broken/interactions.csv").toString(),
        "--output", dir.resolve("corrupted").toString(), "--date", DATE);
  }

  private static Dataset<Row> table(String run, Table t) {
    return SharedSpark.session().read().parquet(dir.resolve(run).resolve(t.tableName()).resolve("dt=" + DATE).toString());
  }

  private static Set<String> ids(String run, Table t, String column) {
    Set<String> out = new HashSet<>();
    table(run, t).select(column).distinct().collectAsList().forEach(r -> out.add(r.getString(0)));
    return out;
  }

  @Test
  void exitsZeroAndReportsEveryTableAndTheAccounting() {
    assertThat(clean.exitCode()).as(clean.err()).isZero();
    assertThat(clean.out())
        .contains("published dt=2026-11-01")
        .contains("user_recommendations")
        .containsPattern("input interactions +50,000 in = 50,000 clean \\+ 0 rejected \\+ 0 duplicate");
  }

  @Test
  void everyUserOfTheSampleGetsTwentyUnseenRecommendations() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> recs = table("clean", Table.USER_RECOMMENDATIONS);
    Dataset<Row> events = spark.read().option("header", true).csv("../scripts/sample/interactions.csv");

    assertThat(recs.select("user_id").distinct().count()).isEqualTo(events.select("user_id").distinct().count());
    assertThat(recs.groupBy("user_id").count().where(col("count").notEqual(20)).count()).isZero();
    assertThat(recs.join(events, recs.col("user_id").equalTo(events.col("user_id"))
        .and(recs.col("item_id").equalTo(events.col("item_id")))).count()).isZero();
    // the item vectors live in the collaborative space: ranker.als-rank wide, unit length
    java.util.List<Float> vector = table("clean", Table.ITEM_EMBEDDINGS).first().getList(1);
    assertThat(vector).hasSize(dev.recs.core.config.PipelineConfig.defaults().ranker().alsRank());
    assertThat(vector.stream().mapToDouble(x -> x * x).sum()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
  }

  @Test
  void showPrintsAUsersListWithTitlesScoresSourcesAndExplanations() {
    Row first = table("clean", Table.USER_RECOMMENDATIONS).where(col("rank").equalTo(1)).orderBy("user_id").first();
    String user = first.getString(0);
    String title = table("clean", Table.ITEMS).where(col("item_id").equalTo(first.getString(2))).first().getString(1);

    CliRun show = CliRun.of("show", "--output", dir.resolve("clean").toString(), "--user", user);

    assertThat(show.exitCode()).as(show.err()).isZero();
    System.out.print(show.out());
    assertThat(show.out()).contains("user " + user + ", dt=" + DATE + ": 20 recommendations")
        .contains(title.substring(0, Math.min(12, title.length())) )
        .contains("(" + first.getString(2) + ")")
        .contains(first.getString(5))
        .contains("Because you watched ");
    // the hybrid explains what it has a reason for: a history item behind it, or popularity alone
    Dataset<Row> recs = table("clean", Table.USER_RECOMMENDATIONS);
    assertThat(recs.where(col("explanation").isNull()).count())
        .as("nearly every sample recommendation has a reason, so an explanation").isLessThan(recs.count() / 50);
    assertThat(recs.where(col("explanation").isNull().and(col("reason_item_id").isNotNull())).count())
        .as("a reason always gives an explanation").isZero();
  }

  @Test
  void runsListsThePublishedNightWithItsRowsAndTime() {
    CliRun runs = CliRun.of("runs", "--output", dir.resolve("clean").toString());

    assertThat(runs.exitCode()).as(runs.err()).isZero();
    System.out.print(runs.out());
    assertThat(runs.out()).containsPattern(DATE + " +published +50,000 +40,000 +\\d+m\\d\\ds");
  }

  @Test
  void onePercentCorruptedCopyPublishesTheCleanRunsUsersAndItems() {
    assertThat(corrupted.exitCode()).as(corrupted.err()).isZero();
    assertThat(ids("corrupted", Table.USER_RECOMMENDATIONS, "user_id"))
        .isEqualTo(ids("clean", Table.USER_RECOMMENDATIONS, "user_id"));
    assertThat(ids("corrupted", Table.ITEM_EMBEDDINGS, "item_id"))
        .isEqualTo(ids("clean", Table.ITEM_EMBEDDINGS, "item_id"));
    assertThat(ids("corrupted", Table.REJECTS, "reason"))
        .contains("malformed_record", "missing_required", "bad_timestamp", "future_timestamp", "unknown_item", "blank_title");
  }

  @Test
  void corruptedRunsManifestAccountsForEveryAddedRow() throws Exception {
    JsonNode rows = new ObjectMapper()
        .readTree(dir.resolve("corrupted/_runs/dt=" + DATE + "/manifest.json").toFile()).get("rows");
    long catalogLines;
    long eventLines;
    try (Stream<String> c = Files.lines(dir.resolve("broken/catalog.csv"), java.nio.charset.StandardCharsets.ISO_8859_1);
        Stream<String> e = Files.lines(dir.resolve("broken/interactions.csv"), java.nio.charset.StandardCharsets.ISO_8859_1)) {
      catalogLines = c.count() - 1;
      eventLines = e.count() - 1;
    }
    for (JsonNode input : rows) {
      long in = input.get("in").asLong();
      assertThat(in).isEqualTo(input.get("clean").asLong() + input.get("rejected").asLong() + input.get("duplicate").asLong());
    }
    assertThat(rows.get(0).get("in").asLong()).isEqualTo(catalogLines);
    assertThat(rows.get(0).get("clean").asLong()).isEqualTo(3000);
    assertThat(rows.get(1).get("in").asLong()).isEqualTo(eventLines);
    assertThat(rows.get(1).get("clean").asLong()).isEqualTo(50_000);
  }

  @Test
  void rejectCeilingStopsTheRunWithExitTwoAndPublishesNothing() throws Exception {
    CliRun.of("corrupt", "--input", "../scripts/sample", "--output", dir.resolve("ruined").toString(),
        "--fraction", "0.2", "--seed", "6");
    Path out = dir.resolve("clean");
    long before = Files.getLastModifiedTime(out.resolve("user_recommendations/dt=" + DATE)).toMillis();

    CliRun run = CliRun.of("nightly", "--config", conf.toString(),
        "--catalog", dir.resolve("ruined/catalog.csv").toString(),
        "--interactions", dir.resolve("ruined/interactions.csv").toString(),
        "--output", out.toString(), "--date", "2026-11-02");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .startsWith("recs: Cannot accept catalog: ")
        .containsPattern("\\d+\\.\\d% of \\d+ rows rejected, above the 5\\.0% ceiling; top reasons: \\w+ \\d+, \\w+ \\d+, \\w+ \\d+ \\(")
        .doesNotContain("\n");
    assertThat(out.resolve("user_recommendations/dt=2026-11-02")).doesNotExist();
    assertThat(Files.getLastModifiedTime(out.resolve("user_recommendations/dt=" + DATE)).toMillis()).isEqualTo(before);
  }
}

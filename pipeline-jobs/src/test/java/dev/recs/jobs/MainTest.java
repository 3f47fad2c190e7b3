package dev.recs.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @org.junit.jupiter.api.AfterAll
  static void releaseCaches() {
    dev.recs.core.SharedSpark.releaseCaches();
  }

  @TempDir Path dir;

  @Test
  void badDateExitsTwoWithOneLineAndNoStackTrace() {
    CliRun run = CliRun.of("nightly", "--date", "2026-13-40", "--output", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("recs: Cannot parse --date: '2026-13-40' is not YYYY-MM-DD");
  }

  @Test
  void pinnedVersionWithFullRetrainExitsTwoBeforeStartingSpark() {
    CliRun run = CliRun.of("nightly", "--model-version", "20261101-abc", "--full-retrain", "--output", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("recs: Cannot parse flags: --model-version and --full-retrain contradict each other");
  }

  @Test
  void modelsOnAnOutputWithoutModelsSaysSo() {
    String output = dir.resolve("empty").toString();
    CliRun run = CliRun.of("models", "--output", output);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("version", "training", "parent", "(no models under " + output + ")");
  }

  @Test
  void missingCatalogExitsTwoNamingThePath() {
    String missing = dir.resolve("nope.csv").toString();
    CliRun run = CliRun.of("ingest", "--catalog", missing, "--interactions", SAMPLE + "/interactions.csv", "--output", dir.resolve("out").toString(), "--date", "2026-11-01");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("recs: Cannot read catalog: no such file or folder (" + missing + ")");
  }

  @Test
  void refreshWithoutAPublishedRunExitsTwoSayingToRunTheNightly() {
    String output = dir.resolve("out").toString();
    CliRun run = CliRun.of("refresh", "--catalog", SAMPLE + "/catalog.csv", "--interactions", SAMPLE + "/interactions.csv",
        "--output", output, "--date", "2026-11-01");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo(
        "recs: Cannot refresh: no published run at or before 2026-11-01; run nightly first (" + output + "/_runs)");
  }

  private static final String SAMPLE = "../scripts/sample";

  @Test
  void aRunGivenAnOutputButNoInputExitsTwoNamingTheFlagInsteadOfPublishingTheSample() throws Exception {
    CliRun run = CliRun.of("nightly", "--output", dir.resolve("prod").toString(), "--date", "2026-11-01");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("recs: Cannot read catalog: no --catalog given; the bundled sample is used"
        + " only when none of --catalog, --interactions and --output is (--catalog)");
    // nothing is published there; only the failed run's outcome is recorded, for the scheduler
    try (var entries = java.nio.file.Files.list(dir.resolve("prod"))) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("_runs");
    }
    assertThat(RunsCommand.list(dir.resolve("prod").toString(), new org.apache.hadoop.conf.Configuration()))
        .extracting(RunsCommand.RunLine::status).containsExactly("failed: exit 2 BAD_INPUT");
  }

  @Test
  void aRunGivenTheCatalogButNotTheInteractionsExitsTwoNamingTheMissingFlag() {
    CliRun run = CliRun.of("ingest", "--catalog", SAMPLE + "/catalog.csv", "--output", dir.resolve("prod2").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("recs: Cannot read interactions: no --interactions given").endsWith("(--interactions)");
  }

  private static final Path BAD = Path.of("../pipeline-core/src/test/resources/bad-inputs");

  @Test
  void unreadableParquetExitsTwoWithTheReadersReason() {
    String file = BAD.resolve("catalog-corrupt.parquet").toString();
    CliRun run = CliRun.of("ingest", "--catalog", file, "--interactions", SAMPLE + "/interactions.csv", "--output", dir.toString(),
        "--date", "2026-11-01");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .startsWith("recs: Cannot read catalog: unreadable parquet: ")
        .contains("is not a Parquet file")
        .endsWith("(" + file + ")")
        .doesNotContain("\n", "\tat ");
  }

  @Test
  void headerOnlyInputExitsTwoAsEmpty() {
    String file = BAD.resolve("catalog-header-only.csv").toString();
    CliRun run = CliRun.of("ingest", "--catalog", file, "--interactions", SAMPLE + "/interactions.csv", "--output", dir.toString(),
        "--date", "2026-11-01");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("recs: Cannot read catalog: the input has no rows (" + file + ")");
  }

  @Test
  void outputThatIsNotAWritableFolderExitsTwo() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    String output = file.resolve("out").toString();
    CliRun run = CliRun.of("nightly", "--catalog", SAMPLE + "/catalog.csv", "--interactions", SAMPLE + "/interactions.csv",
        "--output", output, "--date", "2026-11-01");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("recs: Cannot write output: folder is not writable").endsWith("(" + output + ")");
  }

  @Test
  void misspeltConfigKeyExitsTwoSuggestingTheNearestKey() throws Exception {
    Path conf = Files.writeString(dir.resolve("bad.conf"), "recs.scoring.top-kk = 5\n");
    CliRun run = CliRun.of("nightly", "--config", conf.toString(), "--output", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("recs: Cannot use config key recs.scoring.top-kk: unknown key; did you mean recs.scoring.top-k?");
  }

  @Test
  void outOfRangeConfigValueExitsTwoNamingTheKey() throws Exception {
    Path conf = Files.writeString(dir.resolve("bad.conf"), "recs.scoring.top-k = 0\n");
    CliRun run = CliRun.of("nightly", "--config", conf.toString(), "--output", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Cannot use scoring.top-k: must be positive, got 0");
  }

  @Test
  void stageAfterIngestWithoutIngestExitsTwoSayingWhatToRunFirst() {
    CliRun run = CliRun.of("train", "--output", dir.toString(), "--date", "2026-11-01");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .startsWith("recs: Cannot continue run: no progress.json; run ingest for this date first");
  }

  @Test
  void generateWritesTheSameFilesForTheSameSeed() throws Exception {
    CliRun.of("generate", "--items", "50", "--users", "10", "--events", "200", "--seed", "3", "--output", dir.resolve("a").toString());
    CliRun.of("generate", "--items", "50", "--users", "10", "--events", "200", "--seed", "3", "--output", dir.resolve("b").toString());

    assertThat(Files.readString(dir.resolve("a/interactions.csv")))
        .isEqualTo(Files.readString(dir.resolve("b/interactions.csv")))
        .startsWith("user_id,item_id,event_type,ts\n");
    assertThat(Files.readAllLines(dir.resolve("a/catalog.csv"))).hasSize(51);
  }
}

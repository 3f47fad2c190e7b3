package dev.recs.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.schema.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night killed with SIGKILL during training and then during publish (a separate JVM, killed
 * when its work area or staging folder shows it got there) leaves the previous night's published
 * partitions byte for byte as they were and readable; the next run of the killed date takes
 * over the dead run's lock, clears its leftovers and publishes every table.
 */
class KilledRunTest {
  private static final String BEFORE = "2026-11-01";
  private static final String KILLED = "2026-11-02";

  @TempDir static Path dir;
  private static Path output;
  private static Path conf;
  private static Path data;
  private static Map<String, Long> published;

  @BeforeAll
  static void publishThePreviousNight() throws IOException {
    output = dir.resolve("out");
    // a small generated feed: the kills need each stage to take a moment, not the sample's size
    data = dir.resolve("data");
    CliRun generate = CliRun.of("generate", "--items", "600", "--users", "400", "--events", "12000",
        "--output", data.toString());
    assertThat(generate.exitCode()).as(generate.err()).isZero();
    conf = Files.writeString(dir.resolve("fast.conf"),
        "recs.encoder.embedding-dim = 16\nrecs.eval.enabled = false\n"
            + "recs.ranker { label-fractions = [0.2], max-epochs = 3, ensemble = 1 }\n");
    CliRun first = CliRun.of(night(BEFORE));
    assertThat(first.exitCode()).as(first.err()).isZero();
    published = fingerprint(output, BEFORE);
    assertThat(published).isNotEmpty();
  }

  @Test
  void killsDuringTrainingAndPublishLoseNothingAndTheRerunCompletes() throws Exception {
    Path work = output.resolve("_work").resolve("dt=" + KILLED).resolve("progress.json");
    try (ChildRun run = ChildRun.start(dir.resolve("train.log"), args())) {
      boolean training = run.awaitWhileAlive(() -> contains(work, "\"features\""), Duration.ofMinutes(4));
      assertThat(training).as("child reached training; log %s", run.log()).isTrue();
      run.kill();
    }
    assertThat(Files.readString(dir.resolve("train.log"))).doesNotContain("NightlyRun: train:");
    System.out.println("killed during training; last lines of its log:");
    tail(dir.resolve("train.log"));
    assertPreviousNightIntact();
    assertThat(partitions(KILLED)).as("nothing of the killed night is published").isEmpty();

    Path staging = output.resolve("_staging");
    try (ChildRun run = ChildRun.start(dir.resolve("publish.log"), args())) {
      boolean publishing = run.awaitWhileAlive(() -> staged(staging), Duration.ofMinutes(6));
      assertThat(publishing).as("child reached publish; log:%n%s", Files.readString(run.log().toPath())).isTrue();
      run.kill();
    }
    assertThat(Files.readString(dir.resolve("publish.log"))).doesNotContain("NightlyRun: publish:");
    System.out.println("killed during publish; last lines of its log:");
    tail(dir.resolve("publish.log"));
    assertThat(output.resolve("_lock")).as("the killed run's lock is left behind").exists();
    for (String log : java.util.List.of("train.log", "publish.log")) {
      assertNoUserIdsOrTitles(Files.readString(dir.resolve(log)));
    }
    assertPreviousNightIntact();

    CliRun rerun = CliRun.of(args());
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(rerun.out()).contains("published dt=" + KILLED);
    System.out.println("rerun:\n" + rerun.out());
    assertPreviousNightIntact();
    assertThat(partitions(KILLED)).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(Table.outputs()).map(Table::tableName).toList());
    try (Stream<Path> left = Files.walk(staging)) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith("dt=" + KILLED))).isEmpty();
    }
    assertThat(output.resolve("_lock")).doesNotExist();
  }

  /** What a night logs at INFO names no user and no item title (generated ids: u000042). */
  private static void assertNoUserIdsOrTitles(String log) throws IOException {
    assertThat(log).as("a night's log").containsPattern("NightlyRun: ingest").doesNotContainPattern("\\bu\\d{6}\\b");
    try (Stream<String> lines = Files.lines(data.resolve("catalog.csv")).skip(1)) {
      lines.map(l -> l.split(",")[1]).filter(t -> t.length() > 8).limit(500)
          .forEach(title -> assertThat(log).as("a night's log").doesNotContain(title));
    }
  }

  private static String[] args() {
    return night(KILLED);
  }

  private static String[] night(String date) {
    return new String[] {"nightly", "--config", conf.toString(), "--catalog", data.resolve("catalog.csv").toString(),
        "--interactions", data.resolve("interactions.csv").toString(), "--output", output.toString(), "--date", date};
  }

  private static void assertPreviousNightIntact() {
    assertThat(fingerprint(output, BEFORE)).isEqualTo(published);
    for (Table t : Table.outputs()) {
      String path = output.resolve(t.tableName()).resolve("dt=" + BEFORE).toString();
      long rows = SharedSpark.session().read().parquet(path).count();
      assertThat(rows).as(t.tableName()).isGreaterThanOrEqualTo(t == Table.REJECTS ? 0 : 1);
    }
  }

  /** Tables with a complete ({@code _SUCCESS}) partition for {@code date}. */
  private static java.util.List<String> partitions(String date) {
    return Arrays.stream(Table.outputs()).map(Table::tableName)
        .filter(t -> Files.exists(output.resolve(t).resolve("dt=" + date).resolve("_SUCCESS")))
        .toList();
  }

  /** Every file of a date's published partitions, manifest and report, with a hash of its bytes. */
  private static Map<String, Long> fingerprint(Path root, String date) {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      all.filter(Files::isRegularFile)
          .filter(p -> root.relativize(p).toString().contains("dt=" + date + "/"))
          .filter(p -> !root.relativize(p).startsWith("_work") && !root.relativize(p).startsWith("_staging"))
          .forEach(p -> files.put(root.relativize(p).toString(), hash(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static long hash(Path p) {
    try {
      return Arrays.hashCode(Files.readAllBytes(p)) * 31L + Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A table of the killed date is being written to {@code _staging} (publish has begun). */
  private static boolean staged(Path staging) {
    try (Stream<Path> tables = Files.isDirectory(staging) ? Files.list(staging) : Stream.empty()) {
      return tables.anyMatch(t -> {
        try (Stream<Path> runs = Files.list(t)) {
          return runs.anyMatch(r -> r.getFileName().toString().startsWith("dt=" + KILLED));
        } catch (IOException e) {
          return false;
        }
      });
    } catch (IOException e) {
      return false;
    }
  }

  private static void tail(Path log) throws IOException {
    java.util.List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains(" INFO ")).toList();
    lines.subList(Math.max(0, lines.size() - 3), lines.size()).forEach(l -> System.out.println("  " + l));
  }

  private static boolean contains(Path file, String text) {
    try {
      return Files.exists(file) && Files.readString(file).contains(text);
    } catch (IOException e) {
      return false;
    }
  }
}

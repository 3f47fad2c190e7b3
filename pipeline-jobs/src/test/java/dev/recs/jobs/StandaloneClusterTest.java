package dev.recs.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.schema.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly on a real Spark standalone cluster (one Master, two Workers of one core each on
 * 127.0.0.1, started from Maven's jars by {@code scripts/local-cluster.sh}), submitted with the
 * cluster jar through {@code scripts/spark-submit-nightly.sh}, publishes the same tables as the
 * same night in local mode; in {@code --deploy-mode cluster} (the driver on a Worker), a night
 * whose {@code --config} is a Hadoop path publishes, and a bad-input night fails the submit with
 * exit 2 recorded under the output. Opt-in (about six minutes, needs the cluster jar):
 * {@code scripts/test-cluster.sh}.
 */
@EnabledIfSystemProperty(named = "recs.cluster.test", matches = "true")
class StandaloneClusterTest {
  private static final String DATE = "2026-11-01";
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String CATALOG = ROOT.resolve("scripts/sample/catalog.csv").toString();
  private static final String INTERACTIONS = ROOT.resolve("scripts/sample/interactions.csv").toString();

  // kept when a test fails, to compare the two runs' tables by hand
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) static Path dir;
  private static Path conf;
  private static String submitLog;
  private static final Path CLUSTER_DIR = Path.of(System.getenv().getOrDefault("RECS_CLUSTER_DIR", "/tmp/recs-local-cluster"));
  private static final List<Long> executorsPerWorker = new ArrayList<>();

  @BeforeAll
  static void startClusterAndSubmit() throws Exception {
    conf = Files.writeString(dir.resolve("fast.conf"),
        "recs.encoder { max-epochs = 5, embedding-dim = 16 }\nrecs.eval.enabled = false\n"
            + "recs.ranker { label-fractions = [0.2], max-epochs = 3, ensemble = 1 }\n");
    script("local-cluster.sh", "start");
    Path log = dir.resolve("submit.log");
    int code = new ProcessBuilder(List.of("bash", ROOT.resolve("scripts/spark-submit-nightly.sh").toString(),
            "--master", "spark://127.0.0.1:7077", "--executor-memory", "1g", "--executor-cores", "1",
            "--driver-memory", "2g", "--conf", "spark.sql.shuffle.partitions=4",
            "--", "--config", conf.toString(), "--catalog", CATALOG, "--interactions", INTERACTIONS,
            "--output", dir.resolve("cluster").toString(), "--date", DATE))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
    submitLog = Files.readString(log);
    assertThat(code).as(submitLog).isZero();
    // each Worker keeps a folder per executor it ran: work<i>/app-<id>/<executor id>
    for (int worker = 1; worker <= 2; worker++) {
      Path work = CLUSTER_DIR.resolve("work" + worker);
      try (var apps = Files.list(work)) {
        executorsPerWorker.add(apps.filter(a -> a.getFileName().toString().startsWith("app-"))
            .flatMap(a -> {
              try {
                return Files.list(a).filter(Files::isDirectory).toList().stream();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }).count());
      }
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    script("local-cluster.sh", "stop");
  }

  /**
   * Submits a night in cluster deploy mode from a folder that holds none of its files, and
   * returns the launcher's exit code; its output goes to {@code <name>.log}.
   */
  private static int submitInClusterMode(String name, String config, String interactions, String date) throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("launcher-cwd-" + name));
    Path log = dir.resolve(name + ".log");
    int code = new ProcessBuilder(List.of("bash", ROOT.resolve("scripts/spark-submit-nightly.sh").toString(),
            "--master", "spark://127.0.0.1:7077", "--deploy-mode", "cluster", "--executor-memory", "1g",
            "--executor-cores", "1", "--driver-memory", "2g", "--conf", "spark.sql.shuffle.partitions=4",
            "--", "--config", config, "--catalog", CATALOG, "--interactions", interactions,
            "--output", dir.resolve("cluster-mode").toString(), "--date", date))
        .directory(elsewhere.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
    System.out.println(name + ": exit " + code + "; " + Files.readString(log).lines()
        .filter(l -> l.startsWith("spark-submit-nightly:") || l.contains("State of driver")).toList());
    return code;
  }

  @Test
  void inClusterDeployModeANightWithItsConfigOnAHadoopPathPublishes() throws Exception {
    Path shared = Files.createDirectories(dir.resolve("shared-storage"));
    String config = Files.copy(conf, shared.resolve("recs.conf")).toUri().toString();

    assertThat(submitInClusterMode("cluster-mode-night", config, INTERACTIONS, DATE)).isZero();

    assertThat(dir.resolve("cluster-mode").resolve("user_recommendations").resolve("dt=" + DATE)).isDirectory();
    assertThat(RunsCommand.list(dir.resolve("cluster-mode").toString(), new org.apache.hadoop.conf.Configuration()))
        .filteredOn(r -> r.date().equals(DATE)).extracting(RunsCommand.RunLine::status).containsExactly("published");
  }

  @Test
  void inClusterDeployModeABadInputNightFailsTheSubmitWithExit2AndRecordsWhy() throws Exception {
    Path renamed = dir.resolve("interactions-without-user_id.csv");
    List<String> lines = Files.readAllLines(Path.of(INTERACTIONS));
    lines.set(0, lines.get(0).replace("user_id", "customer"));
    Files.write(renamed, lines);

    assertThat(submitInClusterMode("cluster-mode-bad-input", conf.toUri().toString(), renamed.toString(), "2026-11-02"))
        .isEqualTo(2);

    RunsCommand.RunLine line = RunsCommand.list(dir.resolve("cluster-mode").toString(), new org.apache.hadoop.conf.Configuration())
        .stream().filter(r -> r.date().equals("2026-11-02")).findFirst().orElseThrow();
    assertThat(line.status()).isEqualTo("failed: exit 2 BAD_INPUT");
    assertThat(line.message()).contains("required column user_id absent").contains(renamed.toString());
  }

  private static void script(String name, String arg) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("scripts").resolve(name).toString(), arg).inheritIO();
    // a cluster-mode driver (2g) runs on a Worker beside an executor (1g)
    pb.environment().putIfAbsent("RECS_WORKER_MEMORY", "3g");
    Process p = pb.start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(name + " " + arg).isZero();
  }

  @Test
  void theClusterRunRanOnBothWorkersAndPublishesTheLocalRunsTables() {
    System.out.println("cluster run (spark-submit), selected lines:");
    submitLog.lines()
        .filter(l -> l.contains("NightlyRun:") || l.startsWith("published") || l.startsWith("  "))
        .forEach(l -> System.out.println("  " + l));
    assertThat(submitLog).contains("published dt=" + DATE);
    assertThat(executorsPerWorker).as("executors each Worker ran for the client-mode night").containsExactly(1L, 1L);

    CliRun local = CliRun.of("nightly", "--config", conf.toString(), "--catalog", CATALOG, "--interactions", INTERACTIONS,
        "--output", dir.resolve("local").toString(), "--date", DATE);
    assertThat(local.exitCode()).as(local.err()).isZero();

    List<String> differing = new ArrayList<>();
    for (Table t : Table.outputs()) {
      Dataset<Row> cluster = read("cluster", t);
      Dataset<Row> localRows = read("local", t);
      long rows = localRows.count();
      if (t != Table.REJECTS) {
        assertThat(rows).as(t.tableName()).isPositive();
      }
      if (cluster.count() != rows || cluster.exceptAll(localRows).count() + localRows.exceptAll(cluster).count() > 0) {
        differing.add(t.tableName());
      }
      System.out.printf("  %-22s local %,9d rows, cluster %,9d rows%n", t.tableName(), rows, cluster.count());
    }
    assertThat(differing).as("tables that differ between cluster and local runs (under %s)", dir).isEmpty();
  }

  private static Dataset<Row> read(String run, Table t) {
    return SharedSpark.session().read().parquet(dir.resolve(run).resolve(t.tableName()).resolve("dt=" + DATE).toString());
  }
}

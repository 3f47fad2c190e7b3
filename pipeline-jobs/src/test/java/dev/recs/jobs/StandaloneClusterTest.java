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
 * same night in local mode. Opt-in (about three minutes, needs the cluster jar):
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
  }

  @AfterAll
  static void stopCluster() throws Exception {
    script("local-cluster.sh", "stop");
  }

  private static void script(String name, String arg) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", ROOT.resolve("scripts").resolve(name).toString(), arg).inheritIO().start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(name + " " + arg).isZero();
  }

  @Test
  void theClusterRunRanOnBothWorkersAndPublishesTheLocalRunsTables() {
    System.out.println("cluster run (spark-submit), selected lines:");
    submitLog.lines()
        .filter(l -> l.contains("INFO NightlyRun") || l.contains("Registered executor") || l.startsWith("published")
            || l.startsWith("  "))
        .forEach(l -> System.out.println("  " + l));
    assertThat(submitLog).contains("published dt=" + DATE);
    assertThat(submitLog).containsPattern("Registered executor .*127\\.0\\.0\\.1.* with ID 0")
        .containsPattern("Registered executor .*127\\.0\\.0\\.1.* with ID 1");

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

package dev.recs.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler examples shipped in {@code scripts/} are valid and call the pipeline as documented. */
class SchedulingFilesTest {
  private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();

  @Test
  void theAirflowDagCompilesAndRunsTheWrapperWithTheRunDate(@TempDir Path tmp) throws Exception {
    Path dag = SCRIPTS.resolve("airflow/recs_nightly_dag.py");
    String text = Files.readString(dag);
    assertThat(text).contains("PythonOperator").contains("spark-submit-nightly.sh").contains("\"--date\", ds")
        .contains("\"retries\": 1").contains("\"sla\"").contains("AirflowFailException");

    assumeTrue(onPath("python3"), "python3 not installed");
    // compile into a temp file so that no __pycache__ lands in the repository
    Process p = new ProcessBuilder("python3", "-c",
            "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
            dag.toString(), tmp.resolve("dag.pyc").toString())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
  }

  @Test
  void theCrontabLineRunsTheNightlyForYesterdayWithRetention() throws Exception {
    List<String> jobs = Files.readAllLines(SCRIPTS.resolve("cron/recs-nightly.cron")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.matches("^[A-Z_]+=.*")).toList();

    assertThat(jobs).hasSize(1);
    String[] fields = jobs.get(0).split("\\s+", 6);
    assertThat(fields[0]).matches("\\d+");
    assertThat(fields[1]).matches("\\d+");
    assertThat(fields[5]).contains("scripts/retry-on-exit-1.sh scripts/recs nightly").contains("--date \"$(date -u -d yesterday +\\%F)\"")
        .contains("--keep-days");
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}

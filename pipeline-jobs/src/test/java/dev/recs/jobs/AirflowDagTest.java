package dev.recs.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the Airflow DAG's own tests ({@code scripts/airflow/test_recs_nightly_dag.py}, Airflow
 * stubbed): exits 2 and 3 fail the task without a retry, any other failure retries, once.
 * Skipped where there is no {@code python3}.
 */
class AirflowDagTest {
  private static final Path AIRFLOW = Path.of("..", "scripts", "airflow").toAbsolutePath().normalize();

  @Test
  void theDagFailsWithoutRetryOnExits2And3AndRetriesOtherFailuresOnce() throws Exception {
    Process p;
    try {
      p = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", AIRFLOW.toString(), "-v")
          .redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      assumeTrue(false, "no python3 on this machine: " + e.getMessage());
      return;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    System.out.print(out);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).containsPattern("test_bad_input_and_quality_gate_fail_without_retry .*\\.\\.\\. ok")
        .containsPattern("test_any_other_failure_is_retried .*\\.\\.\\. ok").containsPattern("Ran [5-9] tests");
  }
}

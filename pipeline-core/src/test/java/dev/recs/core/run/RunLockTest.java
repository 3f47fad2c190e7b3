package dev.recs.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recs.core.api.PipelineException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  @TempDir Path output;

  @Test
  void aSecondRunOnTheSameOutputFailsNamingTheHolderUntilTheFirstReleases() {
    Configuration hadoop = new Configuration();
    try (RunLock first = RunLock.acquire(output.toString(), "2026-11-01", hadoop)) {
      assertThatThrownBy(() -> RunLock.acquire(output.toString(), "2026-11-02", hadoop))
          .isInstanceOf(PipelineException.class)
          .hasMessageContaining("locked by another run")
          .hasMessageContaining(String.valueOf(ProcessHandle.current().pid()))
          .hasMessageContaining("2026-11-01");
    }
    assertThat(output.resolve(RunLock.NAME)).doesNotExist();
    RunLock.acquire(output.toString(), "2026-11-02", hadoop).close();
  }

  @Test
  void aLockLeftByADeadProcessOfThisHostIsTakenOver() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(output.resolve(RunLock.NAME),
        InetAddress.getLocalHost().getHostName() + " " + gone.pid() + " 2026-11-01 2026-11-01T02:00:00Z");

    try (RunLock lock = RunLock.acquire(output.toString(), "2026-11-02", new Configuration())) {
      assertThat(Files.readString(output.resolve(RunLock.NAME))).contains(String.valueOf(ProcessHandle.current().pid()));
    }
  }

  @Test
  void aLockOfAnotherHostIsNeverTakenOver() throws Exception {
    Files.writeString(output.resolve(RunLock.NAME), "some-other-host 1 2026-11-01 2026-11-01T02:00:00Z");

    assertThatThrownBy(() -> RunLock.acquire(output.toString(), "2026-11-02", new Configuration()))
        .hasMessageContaining("some-other-host")
        .hasMessageContaining("delete " );
  }
}

package dev.recs.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recs.core.api.PipelineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  private static final Duration STALE = Duration.ofMinutes(30);
  private static final Instant NOW = Instant.parse("2026-11-02T03:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path output;

  private RunLock acquire(String date) {
    return RunLock.acquire(output.toString(), date, new Configuration(), STALE, Duration.ofHours(1), CLOCK);
  }

  private void lockLeftBy(String host, long pid, Instant heartbeat) throws Exception {
    Files.writeString(output.resolve(RunLock.NAME),
        host + " " + pid + " 2026-11-01 2026-11-01T02:00:00Z " + heartbeat);
  }

  @Test
  void aSecondRunOnTheSameOutputFailsNamingTheHolderUntilTheFirstReleases() {
    try (RunLock first = acquire("2026-11-01")) {
      assertThatThrownBy(() -> acquire("2026-11-02"))
          .isInstanceOf(PipelineException.class)
          .hasMessageContaining("locked by another run")
          .hasMessageContaining(String.valueOf(ProcessHandle.current().pid()))
          .hasMessageContaining("2026-11-01");
    }
    assertThat(output.resolve(RunLock.NAME)).doesNotExist();
    acquire("2026-11-02").close();
  }

  @Test
  void aLiveRunsLockIsNeverTakenEvenWhenItsHeartbeatIsOld() throws Exception {
    lockLeftBy(RunLock.host(), ProcessHandle.current().pid(), NOW.minus(Duration.ofDays(2)));
    assertThatThrownBy(() -> acquire("2026-11-02")).hasMessageContaining("locked by another run");
  }

  @Test
  void aLockLeftByADeadProcessOfThisHostIsTakenOver() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    lockLeftBy(RunLock.host(), gone.pid(), NOW);

    try (RunLock lock = acquire("2026-11-02")) {
      assertThat(Files.readString(output.resolve(RunLock.NAME))).contains(String.valueOf(ProcessHandle.current().pid()));
    }
  }

  @Test
  void anotherHostsLockIsRefusedWhileFreshAndTakenOverWithOneWarnAfterTheStaleLimit() throws Exception {
    lockLeftBy("other-host", 4242, NOW.minus(STALE).plusSeconds(1));
    assertThatThrownBy(() -> acquire("2026-11-02"))
        .hasMessageContaining("other-host").hasMessageContaining("process 4242")
        .hasMessageContaining("publish.lock-stale-minutes (30)");

    lockLeftBy("other-host", 4242, NOW.minus(STALE).minusSeconds(1));
    try (Warnings warnings = new Warnings()) {
      try (RunLock lock = acquire("2026-11-02")) {
        assertThat(Files.readString(output.resolve(RunLock.NAME))).startsWith(RunLock.host() + " ");
      }
      assertThat(warnings.lines).singleElement().asString()
          .contains("taking over").contains("other-host").contains("process 4242").contains("not renewed for 30 min");
    }
  }

  @Test
  void theHeartbeatRenewsTheLockWhileTheRunLives() throws Exception {
    try (RunLock lock = RunLock.acquire(output.toString(), "2026-11-02", new Configuration(), STALE, Duration.ofHours(1),
        Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)))) {
      RunLock.Holder before = RunLock.Holder.parse(Files.readString(output.resolve(RunLock.NAME)));
      Thread.sleep(5);
      lock.renew();
      RunLock.Holder after = RunLock.Holder.parse(Files.readString(output.resolve(RunLock.NAME)));
      assertThat(after.started()).isEqualTo(before.started());
      assertThat(after.heartbeat()).isAfter(before.heartbeat());
    }
  }

  @Test
  void aRunWhoseLockWasTakenNeitherRenewsNorDeletesTheNewOwnersLock() throws Exception {
    try (RunLock lock = acquire("2026-11-01")) {
      lockLeftBy("other-host", 7, NOW);
      lock.renew();
      assertThat(Files.readString(output.resolve(RunLock.NAME))).startsWith("other-host 7 ");
    }
    assertThat(Files.readString(output.resolve(RunLock.NAME))).startsWith("other-host 7 ");
  }

  @Test
  void anOldLockWithoutAHeartbeatCountsItsStartAsTheLastRenewal() {
    RunLock.Holder old = RunLock.Holder.parse("h 1 2026-11-01 2026-11-01T02:00:00Z");
    assertThat(old.heartbeat()).isEqualTo(Instant.parse("2026-11-01T02:00:00Z"));
    assertThat(RunLock.renewalFor(Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(1));
    assertThat(RunLock.renewalFor(Duration.ofMinutes(2))).isEqualTo(Duration.ofSeconds(30));
  }

  /** Collects the WARN lines of {@link RunLock} while open. */
  private static final class Warnings extends AbstractAppender implements AutoCloseable {
    final java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final org.apache.logging.log4j.core.Logger logger =
        (org.apache.logging.log4j.core.Logger) org.apache.logging.log4j.LogManager.getLogger(RunLock.class);

    Warnings() {
      super("warnings", null, null, true, null);
      start();
      logger.addAppender(this);
    }

    @Override
    public void append(LogEvent event) {
      if (event.getLevel() == org.apache.logging.log4j.Level.WARN) {
        lines.add(event.getMessage().getFormattedMessage());
      }
    }

    @Override
    public void close() {
      logger.removeAppender(this);
      stop();
    }
  }
}

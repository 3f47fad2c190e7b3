package dev.recs.core.run;

import dev.recs.core.api.PipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per output: {@code <output>/_lock}, created only if absent (the create is
 * the test-and-set), holding {@code host pid date started heartbeat}. A second run for the same
 * output fails at once instead of interleaving its partitions with the first's.
 *
 * <p>While the run lives a daemon thread renews the heartbeat. A lock is taken over, with one
 * WARN naming its old owner, when its owner is certainly gone: a process of this host that no
 * longer exists, or a heartbeat older than {@code publish.lock-stale-minutes} (a run killed or
 * lost on another host, which cannot be asked). A live run's lock is never taken: on this host
 * its process is alive, elsewhere its heartbeat is fresh.
 */
public final class RunLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  static final String NAME = "_lock";
  /** Longest time between two renewals, however long the stale limit. */
  static final Duration MAX_RENEWAL = Duration.ofMinutes(1);
  private static final Duration TORN_READ_RETRY = Duration.ofMillis(500);

  private final FileSystem fs;
  private final Path path;
  private final Holder holder;
  private final Clock clock;
  private final ScheduledExecutorService heartbeat;
  private volatile boolean lost;

  /**
   * Who holds a lock: the line it holds.
   *
   * @param heartbeat the last renewal (the start, for locks written before heartbeats)
   */
  record Holder(String host, long pid, String date, Instant started, Instant heartbeat) {
    static Holder parse(String line) {
      String[] parts = line.strip().split(" ");
      if (parts.length < 4) {
        return null;
      }
      try {
        Instant started = Instant.parse(parts[3]);
        return new Holder(parts[0], Long.parseLong(parts[1]), parts[2], started,
            parts.length > 4 ? Instant.parse(parts[4]) : started);
      } catch (NumberFormatException | DateTimeParseException e) {
        return null;
      }
    }

    String line() {
      return host + " " + pid + " " + date + " " + started + " " + heartbeat;
    }

    boolean sameRun(Holder other) {
      return other != null && host.equals(other.host) && pid == other.pid && started.equals(other.started);
    }

    String describe(Instant now) {
      return "run of " + date + " on " + host + ", process " + pid + ", started " + started
          + ", heartbeat " + Duration.between(heartbeat, now).toSeconds() + " s ago";
    }
  }

  private RunLock(FileSystem fs, Path path, Holder holder, Clock clock, Duration renewEvery) {
    this.fs = fs;
    this.path = path;
    this.holder = holder;
    this.clock = clock;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "recs-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long millis = renewEvery.toMillis();
    heartbeat.scheduleWithFixedDelay(this::renew, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lock of {@code output} for a run of {@code date}, or fails with who holds it;
   * {@code stale} is how long a lock of another host may go unrenewed before it is taken over.
   */
  public static RunLock acquire(String output, String date, Configuration hadoop, Duration stale) {
    return acquire(output, date, hadoop, stale, renewalFor(stale), Clock.systemUTC());
  }

  /** The renewal period for a stale limit: four renewals within it, at most a minute apart. */
  static Duration renewalFor(Duration stale) {
    Duration quarter = stale.dividedBy(4);
    return quarter.compareTo(MAX_RENEWAL) > 0 ? MAX_RENEWAL : quarter.isZero() ? Duration.ofMillis(1) : quarter;
  }

  static RunLock acquire(String output, String date, Configuration hadoop, Duration stale, Duration renewEvery, Clock clock) {
    Path path = new Path(output, NAME);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      fs.mkdirs(path.getParent());
      Instant now = clock.instant();
      Holder mine = new Holder(host(), ProcessHandle.current().pid(), date, now, now);
      for (int attempt = 0; attempt < 2; attempt++) {
        if (tryCreate(fs, path, mine.line())) {
          return new RunLock(fs, path, mine, clock, renewEvery);
        }
        String existing = read(fs, path);
        Holder owner = Holder.parse(existing);
        if (owner == null) {
          // a renewal rewrites the file in place: read once more before calling it torn
          sleepQuietly(TORN_READ_RETRY);
          existing = read(fs, path);
          owner = Holder.parse(existing);
        }
        String why = goneBecause(owner, modified(fs, path), clock.instant(), stale);
        if (why == null) {
          throw PipelineException.internal(
              "start run for " + date,
              "output is locked by another run (" + (owner == null ? "'" + existing.strip() + "'" : owner.describe(clock.instant())) + "); it is taken over once its process"
                  + " is gone (this host) or its heartbeat is older than publish.lock-stale-minutes ("
                  + stale.toMinutes() + "); lock file " + path,
              null);
        }
        LOG.warn("taking over the lock {} of a run that is gone ({}): {}",
            path, why, owner == null ? "unreadable lock '" + existing.strip() + "'" : owner.describe(clock.instant()));
        fs.delete(path, false);
      }
      throw PipelineException.internal("start run for " + date, "could not take the lock " + path, null);
    } catch (IOException e) {
      throw PipelineException.internal("start run for " + date, "lock " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Why {@code owner}'s run is certainly gone, or null when it may be alive; a lock file that
   * does not parse is judged by when it was last written.
   */
  static String goneBecause(Holder owner, Instant lastModified, Instant now, Duration stale) {
    if (owner == null) {
      Duration silent = Duration.between(lastModified, now);
      return silent.compareTo(stale) > 0 ? "an unreadable lock file not written for " + silent.toMinutes() + " min" : null;
    }
    if (owner.host().equals(host())) {
      boolean alive = ProcessHandle.of(owner.pid()).map(ProcessHandle::isAlive).orElse(false);
      return alive ? null : "its process is no longer running on this host";
    }
    Duration silent = Duration.between(owner.heartbeat(), now);
    return silent.compareTo(stale) > 0
        ? "not renewed for " + silent.toMinutes() + " min, over publish.lock-stale-minutes (" + stale.toMinutes() + ")"
        : null;
  }

  /** Writes a fresh heartbeat, unless the lock is no longer this run's (then says so, once). */
  void renew() {
    if (lost) {
      return;
    }
    try {
      Holder now = Holder.parse(read(fs, path));
      if (!holder.sameRun(now)) {
        lost = true;
        LOG.error("the run lock {} is no longer this run's (now: {}); another run may publish to this output",
            path, now == null ? "absent" : now.describe(clock.instant()));
        return;
      }
      Holder renewed = new Holder(holder.host(), holder.pid(), holder.date(), holder.started(), clock.instant());
      try (OutputStream out = fs.create(path, /* overwrite */ true)) {
        out.write(renewed.line().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      // the next renewal tries again; a lock left unrenewed past the stale limit may be taken
      LOG.warn("could not renew the run lock {}: {}", path, e.getMessage());
    }
  }

  private static Instant modified(FileSystem fs, Path path) throws IOException {
    try {
      return Instant.ofEpochMilli(fs.getFileStatus(path).getModificationTime());
    } catch (java.io.FileNotFoundException e) {
      return Instant.EPOCH;
    }
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean tryCreate(FileSystem fs, Path path, String line) throws IOException {
    try (OutputStream out = fs.create(path, /* overwrite */ false)) {
      out.write(line.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(path)) {
        return false;
      }
      throw e;
    }
  }

  private static String read(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.FileNotFoundException e) {
      return "";
    }
  }

  /**
   * This host's name, as locks and run records name it: the resolved local host name, else (a
   * name the resolver does not know, as in a container) the kernel's.
   */
  public static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      try {
        return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
      } catch (IOException | RuntimeException notLinux) {
        return "unknown-host";
      }
    }
  }

  /** Stops the heartbeat and releases the lock, if it is still this run's. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      heartbeat.awaitTermination(10, TimeUnit.SECONDS);
      if (holder.sameRun(Holder.parse(read(fs, path)))) {
        fs.delete(path, false);
      }
    } catch (IOException e) {
      LOG.warn("could not remove the run lock {}: {}", path, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

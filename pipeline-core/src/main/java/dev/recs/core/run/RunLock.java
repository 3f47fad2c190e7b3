package dev.recs.core.run;

import dev.recs.core.api.PipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per output: {@code <output>/_lock}, created only if absent (the create is
 * the test-and-set), holding {@code host pid date started}. A second run for the same output
 * fails at once instead of interleaving its partitions with the first's.
 *
 * <p>A lock left by a killed run on this host (its process is gone) is taken over with a
 * warning, so the next night is not blocked by the last one's crash; a lock from another host
 * cannot be checked and must be removed by hand, which the error says.
 */
public final class RunLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  static final String NAME = "_lock";

  private final FileSystem fs;
  private final Path path;

  private RunLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
  }

  /** Takes the lock of {@code output} for a run of {@code date}, or fails with who holds it. */
  public static RunLock acquire(String output, String date, Configuration hadoop) {
    Path path = new Path(output, NAME);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      fs.mkdirs(path.getParent());
      String holder = host() + " " + ProcessHandle.current().pid() + " " + date + " " + Instant.now();
      for (int attempt = 0; attempt < 2; attempt++) {
        if (tryCreate(fs, path, holder)) {
          return new RunLock(fs, path);
        }
        String existing = read(fs, path);
        if (!isStale(existing)) {
          throw PipelineException.internal(
              "start run for " + date,
              "output is locked by another run (" + existing.strip() + "); if no run is active, delete " + path,
              null);
        }
        LOG.warn("taking over the lock of a run that is gone ({}): {}", existing.strip(), path);
        fs.delete(path, false);
      }
      throw PipelineException.internal("start run for " + date, "could not take the lock " + path, null);
    } catch (IOException e) {
      throw PipelineException.internal("start run for " + date, "lock " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean tryCreate(FileSystem fs, Path path, String holder) throws IOException {
    try (OutputStream out = fs.create(path, /* overwrite */ false)) {
      out.write(holder.getBytes(StandardCharsets.UTF_8));
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

  /** Held by a process of this host that no longer exists (or unreadable: a torn write). */
  static boolean isStale(String holder) {
    String[] parts = holder.strip().split(" ");
    if (parts.length < 2) {
      return true;
    }
    if (!parts[0].equals(host())) {
      return false;
    }
    try {
      long pid = Long.parseLong(parts[1]);
      return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /** This host's name, as locks and run records name it. */
  public static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  /** Releases the lock; a failure to delete is logged (the next run takes a dead lock over). */
  @Override
  public void close() {
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      LOG.warn("could not remove the run lock {}: {}", path, e.getMessage());
    }
  }
}

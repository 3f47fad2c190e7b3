package dev.recs.core.io;

import dev.recs.core.api.PipelineException;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one small file (a manifest, a report) under a temporary name beside its target, then
 * renames it over the old one, so a reader sees the old file, no file, or the whole new one.
 */
public final class AtomicFile {
  private AtomicFile() {}

  public static void write(Path target, byte[] bytes, String runId, Configuration conf) {
    Path tmp = target.suffix("." + runId + ".tmp");
    try {
      FileSystem fs = target.getFileSystem(conf);
      fs.mkdirs(target.getParent());
      try (OutputStream out = fs.create(tmp, /* overwrite */ true)) {
        out.write(bytes);
      }
      if (fs.exists(target)) {
        fs.delete(target, /* recursive */ false);
      }
      if (!fs.rename(tmp, target)) {
        throw PipelineException.internal("write " + target.getName(), "rename to " + target + " failed", null);
      }
    } catch (IOException e) {
      throw PipelineException.internal("write " + target.getName(), e.getMessage(), e);
    }
  }
}

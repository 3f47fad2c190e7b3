package dev.recs.core.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.recs.core.api.PipelineException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes {@code <output>/_runs/dt=<date>/manifest.json}: to a temporary name first, then
 * renamed over the old one, so a reader never sees half a manifest.
 */
public final class ManifestWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ManifestWriter() {}

  public static Path path(String output, LocalDate date) {
    return new Path(new Path(new Path(output, "_runs"), "dt=" + date), "manifest.json");
  }

  public static void write(String output, RunManifest manifest, Configuration conf) {
    Path target = path(output, LocalDate.parse(manifest.date()));
    Path tmp = target.suffix("." + manifest.runId() + ".tmp");
    try {
      FileSystem fs = target.getFileSystem(conf);
      try (OutputStream out = fs.create(tmp, /* overwrite */ true)) {
        JSON.writeValue(out, manifest);
      }
      if (fs.exists(target)) {
        fs.delete(target, /* recursive */ false);
      }
      if (!fs.rename(tmp, target)) {
        throw PipelineException.internal("write manifest", "rename to " + target + " failed", null);
      }
    } catch (IOException e) {
      throw PipelineException.internal("write manifest", e.getMessage(), e);
    }
  }
}

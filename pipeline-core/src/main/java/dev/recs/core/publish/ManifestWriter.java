package dev.recs.core.publish;

import dev.recs.core.io.AtomicFile;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Writes {@code <output>/_runs/dt=<date>/manifest.json} with {@link AtomicFile}. */
public final class ManifestWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ManifestWriter() {}

  /** The folder of every run's manifest, under the output root. */
  public static final String RUNS = "_runs";

  public static Path path(String output, LocalDate date) {
    return new Path(new Path(new Path(output, RUNS), "dt=" + date), "manifest.json");
  }

  public static void write(String output, RunManifest manifest, Configuration conf) {
    try {
      AtomicFile.write(
          path(output, LocalDate.parse(manifest.date())), JSON.writeValueAsBytes(manifest), manifest.runId(), conf);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write manifest: " + e.getMessage(), e);
    }
  }
}

package dev.recs.core.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.recs.core.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@link RunOutcome}s of an output: one file per run, {@code
 * <output>/_runs/dt=<date>/outcome-<runId>.json}, beside the date's manifest (so that retention
 * removes them with it).
 */
public final class RunOutcomes {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String PREFIX = "outcome-";

  private final String output;
  private final Configuration hadoop;

  public RunOutcomes(String output, Configuration hadoop) {
    this.output = output;
    this.hadoop = hadoop;
  }

  static Path path(String output, String date, String runId) {
    return new Path(new Path(new Path(output, ManifestWriter.RUNS), "dt=" + date), PREFIX + runId + ".json");
  }

  public void write(RunOutcome outcome) {
    try {
      AtomicFile.write(path(output, outcome.date(), outcome.runId()), JSON.writeValueAsBytes(outcome), outcome.runId(), hadoop);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot write run outcome: " + e.getMessage(), e);
    }
  }

  /** Every recorded run, oldest first (by finish time). */
  public List<RunOutcome> all() {
    List<RunOutcome> out = new ArrayList<>();
    try {
      Path runs = new Path(output, ManifestWriter.RUNS);
      FileSystem fs = runs.getFileSystem(hadoop);
      if (!fs.exists(runs)) {
        return out;
      }
      for (FileStatus day : fs.listStatus(runs)) {
        if (!day.isDirectory() || !day.getPath().getName().startsWith("dt=")) {
          continue;
        }
        for (FileStatus f : fs.listStatus(day.getPath())) {
          String name = f.getPath().getName();
          if (name.startsWith(PREFIX) && name.endsWith(".json")) {
            try (InputStream in = fs.open(f.getPath())) {
              out.add(JSON.readValue(in, RunOutcome.class));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the run outcomes under " + output + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing(RunOutcome::finishedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }

  /** The outcome of run {@code runId}, if it recorded one. */
  public Optional<RunOutcome> of(String runId) {
    return all().stream().filter(o -> runId.equals(o.runId())).reduce((a, b) -> b);
  }
}

package dev.recs.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recs.core.publish.ManifestWriter;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recs runs}: one line per run of an output, newest first, from the published manifests
 * ({@code _runs/dt=*}; an intraday refresh's status names the night it started from) and the
 * work areas of runs that have not published ({@code _work/dt=*}: killed, failed, or a stage
 * run on its own). Reads files only; starts no Spark.
 */
@Command(mixinStandardHelpOptions = true, description = "List past runs of an output: date, status, rows, time.")
final class RunsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--output", paramLabel = "DIR", description = "output root (default: ./output)")
  String output = "output";

  /** One line of the listing. */
  record RunLine(String date, String status, long interactions, long recommendations, String time, String model) {}

  @Override
  public Integer call() throws IOException {
    List<RunLine> runs = list(output, new Configuration());
    System.out.printf("%-10s  %-28s %12s %16s %9s  %s%n", "date", "status", "interactions", "recommendations", "time", "model");
    for (RunLine r : runs) {
      System.out.printf("%-10s  %-28s %,12d %,16d %9s  %s%n",
          r.date(), r.status(), r.interactions(), r.recommendations(), r.time(), r.model());
    }
    if (runs.isEmpty()) {
      System.out.println("(no runs under " + output + ")");
    }
    return 0;
  }

  static List<RunLine> list(String output, Configuration hadoop) throws IOException {
    Path root = new Path(output);
    FileSystem fs = root.getFileSystem(hadoop);
    Map<String, RunLine> byDate = new TreeMap<>();
    for (Path manifest : children(fs, new Path(root, ManifestWriter.RUNS), "manifest.json")) {
      JsonNode m = read(fs, manifest);
      JsonNode refresh = m.path("refresh");
      // an intraday refresh publishes like a night; say which night it started from
      String status = refresh.isObject()
          ? "refreshed from " + refresh.path("baseDate").asText()
          : m.path("status").asText();
      byDate.put(m.path("date").asText(), new RunLine(
          m.path("date").asText(), status, cleanInteractions(m),
          m.path("tables").path("user_recommendations").asLong(), elapsed(m), m.path("modelVersion").asText()));
    }
    for (Path progress : children(fs, new Path(root, "_work"), "progress.json")) {
      JsonNode p = read(fs, progress);
      String date = progress.getParent().getName().substring(3);
      String last = "ingest";
      for (Iterator<String> it = p.path("stageMillis").fieldNames(); it.hasNext(); ) {
        last = it.next();
      }
      String status = "unpublished (after " + last + ")";
      RunLine published = byDate.get(date);
      // a rerun in progress (or killed) of a date that was published before
      byDate.put(date, new RunLine(date, published == null ? status : published.status() + ", rerun " + status,
          cleanInteractions(p), published == null ? 0 : published.recommendations(),
          published == null ? "-" : published.time(), p.path("modelVersion").asText()));
    }
    List<RunLine> out = new ArrayList<>(byDate.values());
    java.util.Collections.reverse(out);
    return out;
  }

  private static List<Path> children(FileSystem fs, Path dir, String file) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus s : fs.listStatus(dir)) {
      Path f = new Path(s.getPath(), file);
      if (s.isDirectory() && s.getPath().getName().startsWith("dt=") && fs.exists(f)) {
        out.add(f);
      }
    }
    return out;
  }

  private static JsonNode read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return JSON.readTree(in);
    }
  }

  private static long cleanInteractions(JsonNode run) {
    for (JsonNode c : run.path("rows").isMissingNode() ? run.path("counts") : run.path("rows")) {
      if ("interactions".equals(c.path("input").asText())) {
        return c.path("clean").asLong();
      }
    }
    return 0;
  }

  private static String elapsed(JsonNode m) {
    try {
      Duration d = Duration.between(Instant.parse(m.path("startedAt").asText()), Instant.parse(m.path("finishedAt").asText()));
      return String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    } catch (RuntimeException e) {
      return "-";
    }
  }
}

package dev.recs.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recs.core.publish.ManifestWriter;
import dev.recs.core.publish.RunOutcome;
import dev.recs.core.publish.RunOutcomes;
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
 * run on its own) and the {@link RunOutcome} every run records, failed ones included (with the
 * failure's exit code and message). Reads files only; starts no Spark.
 *
 * <p>{@code --run-id ID} prints that one run's outcome and exits with its recorded exit code:
 * how a launcher whose cluster manager reports only "failed" learns whether the night failed on
 * bad input (2), on the quality gate (3) or otherwise (1; also when the run recorded nothing, as
 * when its driver was killed).
 */
@Command(mixinStandardHelpOptions = true, description = "List past runs of an output: date, status, rows, time.")
final class RunsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--output", paramLabel = "DIR", description = "output root (default: ./output)")
  String output = "output";

  @Option(names = "--run-id", paramLabel = "ID",
      description = "print this run's recorded outcome and exit with its exit code (1 when it recorded none)")
  String runId;

  /**
   * One line of the listing.
   *
   * @param message the last failure's one-line message, when the date's last run failed
   * @param finishedAt when the date's manifest was written, null when it has none
   */
  record RunLine(
      String date, String status, long interactions, long recommendations, String time, String model,
      String message, String finishedAt) {
    RunLine withStatus(String newStatus, String newMessage) {
      return new RunLine(date, newStatus, interactions, recommendations, time, model, newMessage, finishedAt);
    }
  }

  @Override
  public Integer call() throws IOException {
    Configuration hadoop = ConfigSource.hadoop(ConfigSource.systemSparkProperties());
    if (runId != null) {
      return outcomeOf(runId, hadoop);
    }
    List<RunLine> runs = list(output, hadoop);
    System.out.printf("%-10s  %-40s %12s %16s %9s  %s%n", "date", "status", "interactions", "recommendations", "time", "model");
    for (RunLine r : runs) {
      System.out.printf("%-10s  %-40s %,12d %,16d %9s  %s%n",
          r.date(), r.status(), r.interactions(), r.recommendations(), r.time(), r.model());
      if (r.message() != null) {
        System.out.println("            " + r.message());
      }
    }
    if (runs.isEmpty()) {
      System.out.println("(no runs under " + output + ")");
    }
    return 0;
  }

  private int outcomeOf(String id, Configuration hadoop) {
    java.util.Optional<RunOutcome> outcome = new RunOutcomes(output, hadoop).of(id);
    if (outcome.isEmpty()) {
      System.out.println("run " + id + ": no outcome recorded under " + output
          + " (the run stopped before it could record one: killed, lost with its node, out of memory, or never started)");
      return 1;
    }
    RunOutcome o = outcome.get();
    System.out.println("run " + id + " (" + o.command() + " dt=" + o.date() + " on " + o.host() + "): " + o.describe()
        + (o.message() == null ? "" : ": " + o.message()));
    return o.exitCode();
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
          m.path("tables").path("user_recommendations").asLong(), elapsed(m), m.path("modelVersion").asText(),
          null, m.path("finishedAt").asText()));
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
          published == null ? "-" : published.time(), p.path("modelVersion").asText(),
          null, published == null ? null : published.finishedAt()));
    }
    Map<String, RunOutcome> lastOutcome = new TreeMap<>();
    new RunOutcomes(output, hadoop).all().forEach(o -> lastOutcome.put(o.date(), o));
    for (RunOutcome o : lastOutcome.values()) {
      RunLine line = byDate.get(o.date());
      if (line == null) {
        byDate.put(o.date(), new RunLine(o.date(), o.describe(), 0, 0, "-",
            o.modelVersion() == null ? "-" : o.modelVersion(), o.message(), null));
      } else if (!o.succeeded() && (line.finishedAt() == null || line.finishedAt().compareTo(o.finishedAt()) < 0)) {
        // the date's last run failed after whatever is published for it
        String status = line.finishedAt() == null ? o.describe() + " " + line.status().replace("unpublished ", "")
            : line.status().replaceAll(", rerun .*", "") + ", rerun " + o.describe();
        byDate.put(o.date(), line.withStatus(status, o.message()));
      }
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

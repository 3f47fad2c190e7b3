package dev.recs.jobs;

import dev.recs.core.publish.RunOutcome;
import dev.recs.core.publish.RunOutcomes;
import dev.recs.core.run.RunLock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CLI run of a pipeline command, from start to exit code: its id, the label its log lines
 * carry, and the {@link RunOutcome} it records under the output before the process stops,
 * failed runs included, so that a launcher that cannot see the exit code (a cluster-mode submit)
 * can still tell a retryable failure from one a person must fix.
 */
final class RunRecord {
  private static final Logger LOG = LoggerFactory.getLogger(RunRecord.class);
  /** The Spark setting (or, without Spark, the {@code RECS_RUN_ID} variable) a launcher names the run with. */
  static final String RUN_ID_SETTING = "spark.recs.runId";
  /** The system property the log pattern reads the run's label from (log4j2.properties). */
  static final String LOG_LABEL = "recs.run";

  private final String runId;
  private final String command;
  private final String output;
  private final String date;
  private final String startedAt = Instant.now().toString();
  private String modelVersion;

  private RunRecord(String runId, String command, String output, String date) {
    this.runId = runId;
    this.command = command;
    this.output = output;
    this.date = date;
  }

  /** Starts the record of {@code command} on {@code options}, and labels the log lines with its date. */
  static RunRecord start(String command, RunOptions options) {
    RunRecord record = new RunRecord(runId(), command, options.output(), dateOf(options));
    record.label();
    return record;
  }

  /** The model the run trains or uses, once known: from then on in the log lines and the outcome. */
  void modelVersion(String version) {
    this.modelVersion = version;
    label();
  }

  /** Runs {@code body}, records how it ended (its exit code as {@link Main} will report it) and returns or rethrows. */
  int recording(Callable<Integer> body) throws Exception {
    try {
      int code = body.call();
      write(code, null, null);
      return code;
    } catch (Exception | Error e) {
      Main.Failure failure = Main.Failure.of(e, command);
      write(failure.exitCode(), failure.reason(), failure.message());
      throw e;
    }
  }

  private void write(int exitCode, String reason, String message) {
    RunOutcome outcome = new RunOutcome(runId, command, date, exitCode == 0 ? RunOutcome.SUCCEEDED : RunOutcome.FAILED,
        exitCode, reason, message, RunLock.host(), startedAt, Instant.now().toString(), modelVersion);
    try {
      new RunOutcomes(output, hadoop()).write(outcome);
    } catch (RuntimeException e) {
      // the run's own outcome (its exit code, its message) matters more than its record
      LOG.warn("could not record the run's outcome under {}: {}", output, Main.oneLine(e));
    }
  }

  private void label() {
    System.setProperty(LOG_LABEL, "dt=" + date + (modelVersion == null ? "" : " model " + modelVersion));
  }

  /** The session's Hadoop settings when the run got as far as a session, else the submit's. */
  private static Configuration hadoop() {
    SparkSession spark = SparkSession.getActiveSession().getOrElse(() -> SparkSession.getDefaultSession().getOrElse(() -> null));
    return spark != null ? spark.sparkContext().hadoopConfiguration()
        : ConfigSource.hadoop(ConfigSource.systemSparkProperties());
  }

  static String runId() {
    String given = System.getProperty(RUN_ID_SETTING, System.getenv("RECS_RUN_ID"));
    if (given != null && !given.isBlank()) {
      return given.strip();
    }
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
        + "-" + ProcessHandle.current().pid();
  }

  /** The run's date; today's (UTC) when {@code --date} is unreadable, so that the failure is still recorded. */
  private static String dateOf(RunOptions options) {
    try {
      return options.runDate().toString();
    } catch (RuntimeException e) {
      return LocalDate.now(ZoneOffset.UTC).toString();
    }
  }
}

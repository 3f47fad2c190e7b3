package dev.recs.core.publish;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How one run of a command ended, recorded under {@code <output>/_runs/dt=<date>/} whether it
 * published or failed. A cluster manager passes on only "failed" (a standalone cluster-mode
 * submit even exits 0), so a scheduler reads this record to tell bad input (2) or a failed
 * quality gate (3), which a retry cannot mend, from anything else (1), which one may.
 *
 * @param runId the run's id: given by the launcher ({@code spark.recs.runId}) so that it can
 *     find this record after the driver is gone, else made up at start
 * @param command {@code nightly}, {@code refresh}, or the stage run alone
 * @param status {@code succeeded} or {@code failed}
 * @param exitCode the process's exit code (0 done, 2 bad input or config, 3 quality gate, 1 other)
 * @param reason the failure's reason code ({@code BAD_INPUT}, {@code QUALITY_GATE}, ...), null on success
 * @param message the failure's one-line message, null on success
 * @param modelVersion the model the run trained or used, null when it failed before knowing
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunOutcome(
    String runId,
    String command,
    String date,
    String status,
    int exitCode,
    String reason,
    String message,
    String host,
    String startedAt,
    String finishedAt,
    String modelVersion) {
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** {@code succeeded}, or {@code failed: exit 2 BAD_INPUT}. */
  public String describe() {
    return succeeded() ? SUCCEEDED : FAILED + ": exit " + exitCode + (reason == null ? "" : " " + reason);
  }
}

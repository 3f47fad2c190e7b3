package dev.recs.core.api;

/**
 * The one unchecked exception a run fails with. Its message is a single line of the form
 * {@code Cannot <action>: <reason> (<where>)}, fit for stderr without a stack trace.
 *
 * <p>A bad <em>row</em> never raises this: it becomes a {@code rejects} row. Only a bad
 * <em>run</em> does: a missing file or column, an unreadable format, a reject ceiling exceeded.
 */
public final class PipelineException extends RuntimeException {
  private final Reason reason;

  private PipelineException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  public int exitCode() {
    return reason.exitCode();
  }

  /** Input that cannot be used as a whole: {@code Cannot <action>: <detail> (<where>)}. */
  public static PipelineException badInput(String action, String detail, String where) {
    return new PipelineException(Reason.BAD_INPUT, format(action, detail, where), null);
  }

  /** Like {@link #badInput(String, String, String)}, keeping the low-level cause. */
  public static PipelineException badInput(
      String action, String detail, String where, Throwable cause) {
    return new PipelineException(Reason.BAD_INPUT, format(action, detail, where), cause);
  }

  /** A configuration value or flag that can never work. */
  public static PipelineException badConfig(String action, String detail) {
    return new PipelineException(Reason.BAD_CONFIG, format(action, detail, null), null);
  }

  /** The night's metrics moved too far from the previous run's: nothing is published. */
  public static PipelineException qualityGate(String action, String detail) {
    return new PipelineException(Reason.QUALITY_GATE, format(action, detail, null), null);
  }

  /** A step failed for a reason outside the input and config, e.g. a failed rename. */
  public static PipelineException internal(String action, String detail, Throwable cause) {
    return new PipelineException(Reason.INTERNAL, format(action, detail, null), cause);
  }

  private static String format(String action, String detail, String where) {
    String message = "Cannot " + action + ": " + detail;
    return where == null ? message : message + " (" + where + ")";
  }
}

package dev.recs.core.api;

/**
 * Why a run failed, and the process exit code that says so to a scheduler.
 *
 * <p>Bad input and bad config exit 2 so that an operator knows re-running will not help until
 * someone fixes the input; a failed quality gate exits 3; anything unexpected exits 1.
 */
public enum Reason {
  BAD_INPUT(2),
  BAD_CONFIG(2),
  QUALITY_GATE(3),
  INTERNAL(1);

  private final int exitCode;

  Reason(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}

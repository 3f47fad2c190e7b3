package dev.recs.core.config;

/**
 * @param keepWork keep the intermediate {@code _work} folder after a successful publish
 * @param catalog registration of the published tables in the session's catalog
 * @param lockStaleMinutes how long another host's run lock may go unrenewed before a run takes it over
 */
public record PublishParams(boolean keepWork, CatalogParams catalog, int lockStaleMinutes) {
  public PublishParams {
    Checks.positive("publish.lock-stale-minutes", lockStaleMinutes);
  }

  /** {@link #lockStaleMinutes()} as a duration. */
  public java.time.Duration lockStale() {
    return java.time.Duration.ofMinutes(lockStaleMinutes);
  }

  public static PublishParams defaults() {
    return PipelineConfig.defaults().publish();
  }
}

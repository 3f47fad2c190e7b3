package dev.recs.core.config;

/** @param keepWork keep the intermediate {@code _work} folder after a successful publish */
public record PublishParams(boolean keepWork) {
  public static PublishParams defaults() {
    return PipelineConfig.defaults().publish();
  }
}

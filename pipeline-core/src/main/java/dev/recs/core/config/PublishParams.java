package dev.recs.core.config;

/**
 * @param keepWork keep the intermediate {@code _work} folder after a successful publish
 * @param catalog registration of the published tables in the session's catalog
 */
public record PublishParams(boolean keepWork, CatalogParams catalog) {
  public static PublishParams defaults() {
    return PipelineConfig.defaults().publish();
  }
}

package dev.recs.core.config;

/**
 * The item-content feature pipeline.
 *
 * @param vocabSize the most frequent text terms kept for TF-IDF; bounds the encoder's input width
 * @param minDocFreq a term must appear in at least this many items to enter the vocabulary
 * @param maxCategories categories kept for the multi-hot block, most frequent first
 */
public record FeatureParams(int vocabSize, int minDocFreq, int maxCategories) {
  public FeatureParams {
    Checks.positive("features.vocab-size", vocabSize);
    Checks.positive("features.min-doc-freq", minDocFreq);
    Checks.positive("features.max-categories", maxCategories);
  }

  public static FeatureParams defaults() {
    return PipelineConfig.defaults().features();
  }
}

package dev.recs.core.config;

/**
 * The item-content feature pipeline.
 *
 * @param vocabSize the most frequent text terms kept for TF-IDF; bounds the encoder's input width
 * @param minDocFreq a term must appear in at least this many items to enter the vocabulary
 * @param maxCategories categories kept for the multi-hot block, most frequent first
 * @param numericBuckets quantile buckets of each numeric column, one-hot beside its standardised
 *     value (0: the value alone)
 */
public record FeatureParams(int vocabSize, int minDocFreq, int maxCategories, int numericBuckets) {
  public FeatureParams {
    Checks.positive("features.vocab-size", vocabSize);
    Checks.positive("features.min-doc-freq", minDocFreq);
    Checks.positive("features.max-categories", maxCategories);
    Checks.inRange("features.numeric-buckets", numericBuckets, 0, 1000);
  }

  public static FeatureParams defaults() {
    return PipelineConfig.defaults().features();
  }
}

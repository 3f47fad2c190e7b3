package dev.recs.core.config;

/**
 * The denoising autoencoder that turns item features into embeddings.
 *
 * @param embeddingDim width of the bottleneck, i.e. of every published embedding
 * @param hiddenDim width of the layers either side of the bottleneck
 * @param inputRetain probability of keeping each input value (masking noise, the "denoising")
 * @param learningRate Adam's step size
 * @param l2 weight decay
 * @param batchSize rows per mini-batch
 * @param maxEpochs upper bound on passes over the training items
 * @param patience epochs without validation improvement before early stopping
 * @param validationFraction share of items held out to choose the epoch
 * @param maxTrainItems bound on the sample collected to the driver for training
 * @param seed weight initialisation, shuffling and dropout
 */
public record EncoderParams(
    int embeddingDim,
    int hiddenDim,
    double inputRetain,
    double learningRate,
    double l2,
    int batchSize,
    int maxEpochs,
    int patience,
    double validationFraction,
    int maxTrainItems,
    long seed) {

  public EncoderParams {
    Checks.positive("encoder.embedding-dim", embeddingDim);
    Checks.positive("encoder.hidden-dim", hiddenDim);
    Checks.inRange("encoder.input-retain", inputRetain, 0.05, 1.0);
    Checks.training("encoder", learningRate, l2, batchSize, maxEpochs, patience, validationFraction, maxTrainItems);
  }

  public static EncoderParams defaults() {
    return PipelineConfig.defaults().encoder();
  }

  public EncoderParams withMaxEpochs(int epochs) {
    return Records.copy(this, java.util.Map.of("maxEpochs", epochs));
  }

  public EncoderParams withEmbeddingDim(int dim, int hidden) {
    return Records.copy(this, java.util.Map.of("embeddingDim", dim, "hiddenDim", hidden));
  }
}

package dev.recs.core.model;

import dev.recs.core.config.EncoderParams;
import dev.recs.core.schema.Columns;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The trained content encoder. {@link #embed} runs it distributed: the network's serialized
 * bytes are broadcast and each partition restores its own copy, because DL4J's {@code
 * MultiLayerNetwork} serializes concurrent callers and is not meant to be shared across tasks.
 *
 * <p>Saved as {@code metadata.json} (class, format version, params, input width, training
 * summary) beside {@code data/encoder.zip} written by DL4J's {@link ModelSerializer}.
 */
public final class ContentEncoderModel {
  static final int FORMAT_VERSION = 1;
  private static final String DATA_FILE = "encoder.zip";

  private final MultiLayerNetwork network;
  private final int inputWidth;
  private final EncoderParams params;
  private final EncoderTraining training;

  ContentEncoderModel(
      MultiLayerNetwork network, int inputWidth, EncoderParams params, EncoderTraining training) {
    this.network = network;
    this.inputWidth = inputWidth;
    this.params = params;
    this.training = training;
  }

  /** The trained network, for a warm start (which trains a clone). */
  MultiLayerNetwork network() {
    return network;
  }

  public int inputWidth() {
    return inputWidth;
  }

  public int embeddingDim() {
    return params.embeddingDim();
  }

  public EncoderParams params() {
    return params;
  }

  public EncoderTraining training() {
    return training;
  }

  /** Output schema of {@link #embed}: {@code (item_id string, embedding array<float>)}. */
  public static StructType embeddingSchema() {
    return Networks.embeddingSchema();
  }

  /**
   * Embeds every {@code (item_id, features)} row, one network per partition (see {@link
   * Networks#apply(MultiLayerNetwork, int, int, Dataset)}: the same items share a mini-batch on a
   * laptop and on a cluster).
   */
  public Dataset<Row> embed(Dataset<Row> itemFeatures) {
    return Networks.apply(network, inputWidth, ContentEncoderTrainer.BOTTLENECK,
        itemFeatures.select(Columns.ITEM_ID, Columns.FEATURES));
  }

  /** Embeds feature vectors on the driver (tests, small batches). Rows follow the input. */
  public float[][] embed(List<Vector> features) {
    return Networks.apply(network, features, inputWidth, ContentEncoderTrainer.BOTTLENECK);
  }

  /** Writes {@code metadata.json} and {@code data/encoder.zip} under {@code dir}. */
  public void save(String dir, Configuration hadoopConf) {
    Networks.save(dir, hadoopConf, DATA_FILE, network, ContentEncoderModel.class, FORMAT_VERSION,
        Map.of(
            "inputWidth", inputWidth,
            "params", params,
            "training", training));
  }

  /** Loads what {@link #save} wrote; rejects another class or an unknown format version. */
  public static ContentEncoderModel load(String dir, Configuration hadoopConf) {
    Metadata meta = Networks.readMetadata(dir, hadoopConf, Metadata.class, ContentEncoderModel.class, FORMAT_VERSION, "encoder");
    return new ContentEncoderModel(
        Networks.readNetwork(dir, hadoopConf, DATA_FILE), meta.inputWidth(), meta.params(), meta.training());
  }

  @Override
  public String toString() {
    return "ContentEncoderModel(" + inputWidth + " -> " + params.embeddingDim() + ")";
  }

  /** The parts of {@code metadata.json} that {@link #load} needs. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record Metadata(
      @com.fasterxml.jackson.annotation.JsonProperty("class") String className,
      int formatVersion,
      int inputWidth,
      EncoderParams params,
      EncoderTraining training) {}
}

package dev.recs.core.model;

import dev.recs.core.config.CollaborativeParams;
import dev.recs.core.schema.Columns;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The trained content → collaborative model: from an item's input vector (its MLlib features
 * followed by its autoencoder embedding, see {@code ItemVectors}) to where its implicit-ALS item
 * factors would be. Saved like the encoder: {@code metadata.json} (class, format version, input
 * width, output width, params, training summary) beside {@code data/network.zip}; {@link #load}
 * refuses another class or format.
 */
public final class CollaborativeMapModel {
  static final int FORMAT_VERSION = 1;
  private static final String DATA_FILE = "network.zip";

  private final MultiLayerNetwork network;
  private final int inputWidth;
  private final int outputWidth;
  private final CollaborativeParams params;
  private final EncoderTraining training;

  CollaborativeMapModel(
      MultiLayerNetwork network, int inputWidth, int outputWidth, CollaborativeParams params, EncoderTraining training) {
    this.network = network;
    this.inputWidth = inputWidth;
    this.outputWidth = outputWidth;
    this.params = params;
    this.training = training;
  }

  public int inputWidth() {
    return inputWidth;
  }

  public int outputWidth() {
    return outputWidth;
  }

  public EncoderTraining training() {
    return training;
  }

  /** The predicted collaborative vector of every {@code (item_id, input)} row (not normalised). */
  public Dataset<Row> predict(Dataset<Row> inputs) {
    return Networks.apply(network, inputWidth, network.getnLayers() - 1,
        inputs.select(inputs.columns()[0], inputs.columns()[1]).withColumnRenamed(inputs.columns()[0], Columns.ITEM_ID));
  }

  /** The predicted collaborative vectors of {@code inputs}, on the driver; rows follow the input. */
  public float[][] predict(List<Vector> inputs) {
    return Networks.apply(network, inputs, inputWidth, network.getnLayers() - 1);
  }

  public void save(String dir, Configuration hadoopConf) {
    Networks.save(dir, hadoopConf, DATA_FILE, network, CollaborativeMapModel.class, FORMAT_VERSION,
        Map.of(
            "inputWidth", inputWidth,
            "outputWidth", outputWidth,
            "params", params,
            "training", training));
  }

  /** Loads what {@link #save} wrote; rejects another class or an unknown format version. */
  public static CollaborativeMapModel load(String dir, Configuration hadoopConf) {
    Metadata meta = Networks.readMetadata(dir, hadoopConf, Metadata.class, CollaborativeMapModel.class, FORMAT_VERSION, "content->collaborative model");
    return new CollaborativeMapModel(Networks.readNetwork(dir, hadoopConf, DATA_FILE), meta.inputWidth(),
        meta.outputWidth(), meta.params(), meta.training());
  }

  @Override
  public String toString() {
    return "CollaborativeMapModel(" + inputWidth + " -> " + outputWidth + ")";
  }

  /** The parts of {@code metadata.json} that {@link #load} needs. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record Metadata(
      @com.fasterxml.jackson.annotation.JsonProperty("class") String className,
      int formatVersion,
      int inputWidth,
      int outputWidth,
      CollaborativeParams params,
      EncoderTraining training) {}
}

package dev.recs.core.ranking;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trained ranker: one or more MLPs (an ensemble, whose mean output is the score: members
 * differ only in their seed, and averaging them removes most of the run-to-run spread of a
 * single early-stopped network) scoring (user, candidate) feature vectors, with the
 * per-feature standardisation they were trained with. Applied in {@code mapPartitions} from
 * broadcast bytes ({@link #weights()}), one copy of the networks per partition, like the encoder.
 */
public final class RankerModel {
  /** What a partition needs to score: network bytes, standardisation, mask. */
  record Weights(List<byte[]> networks, float[] mean, float[] scale) implements Serializable {}

  private final List<MultiLayerNetwork> networks;
  private final float[] mean;
  private final float[] scale;

  RankerModel(List<MultiLayerNetwork> networks, float[] mean, float[] scale) {
    this.networks = List.copyOf(networks);
    this.mean = mean;
    this.scale = scale;
  }

  /** The ensemble of {@code members}, trained on the same sample (same standardisation). */
  static RankerModel ensemble(List<RankerModel> members) {
    List<MultiLayerNetwork> all = new ArrayList<>();
    members.forEach(m -> all.addAll(m.networks));
    return new RankerModel(all, members.get(0).mean, members.get(0).scale);
  }

  /** The members, for a warm start (which trains clones). */
  List<MultiLayerNetwork> networks() {
    return networks;
  }

  float[] mean() {
    return mean;
  }

  float[] scale() {
    return scale;
  }

  static final int FORMAT_VERSION = 2;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

  /** What {@code metadata.json} records beside {@code data/weights.bin}. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record Metadata(
      @com.fasterxml.jackson.annotation.JsonProperty("class") String className, int formatVersion, String timestamp,
      List<String> features, int networks) {}

  /**
   * Writes the registry's layout under {@code dir}: {@code metadata.json} (class, format version,
   * the feature names in vector order, the ensemble's size) and {@code data/weights.bin} (every
   * member and the standardisation).
   */
  public void save(String dir, org.apache.hadoop.conf.Configuration hadoopConf) {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir);
    try {
      org.apache.hadoop.fs.FileSystem fs = root.getFileSystem(hadoopConf);
      try (java.io.ObjectOutputStream out =
          new java.io.ObjectOutputStream(fs.create(new org.apache.hadoop.fs.Path(root, "data/weights.bin"), true))) {
        out.writeObject(weights());
      }
      try (java.io.OutputStream out = fs.create(new org.apache.hadoop.fs.Path(root, "metadata.json"), true)) {
        JSON.writeValue(out, new Metadata(RankerModel.class.getName(), FORMAT_VERSION, java.time.Instant.now().toString(),
            CandidateFeatures.SCALARS, networks.size()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save ranker: " + dir, e);
    }
  }

  /**
   * Loads what {@link #save} wrote, refusing a ranker that reads other features than tonight's
   * ({@link CandidateFeatures#SCALARS}), saved by another class or format: the message names the
   * difference.
   */
  public static RankerModel load(String dir, org.apache.hadoop.conf.Configuration hadoopConf) {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir);
    try {
      org.apache.hadoop.fs.FileSystem fs = root.getFileSystem(hadoopConf);
      org.apache.hadoop.fs.Path meta = new org.apache.hadoop.fs.Path(root, "metadata.json");
      if (!fs.exists(meta)) {
        throw dev.recs.core.api.PipelineException.badInput("load ranker", "no metadata.json (saved before format "
            + FORMAT_VERSION + "); pin a newer version or retrain", dir);
      }
      Metadata m;
      try (java.io.InputStream in = fs.open(meta)) {
        m = JSON.readValue(in, Metadata.class);
      }
      if (!RankerModel.class.getName().equals(m.className()) || m.formatVersion() != FORMAT_VERSION) {
        throw dev.recs.core.api.PipelineException.badInput("load ranker", "holds " + m.className() + " format "
            + m.formatVersion() + ", expected " + RankerModel.class.getName() + " format " + FORMAT_VERSION, dir);
      }
      String difference = featureDifference(m.features(), CandidateFeatures.SCALARS);
      if (difference != null) {
        throw dev.recs.core.api.PipelineException.badInput("load ranker",
            "trained on other features than tonight's: " + difference, dir);
      }
      try (java.io.ObjectInputStream in =
          new java.io.ObjectInputStream(fs.open(new org.apache.hadoop.fs.Path(root, "data/weights.bin")))) {
        return restore((Weights) in.readObject());
      }
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("Cannot load ranker: " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Null when {@code saved} equals {@code tonight}, else what differs: missing, extra, or the order. */
  static String featureDifference(List<String> saved, List<String> tonight) {
    if (saved.equals(tonight)) {
      return null;
    }
    List<String> missing = tonight.stream().filter(f -> !saved.contains(f)).toList();
    List<String> extra = saved.stream().filter(f -> !tonight.contains(f)).toList();
    List<String> parts = new ArrayList<>();
    if (!missing.isEmpty()) {
      parts.add("tonight's " + missing + " missing from it");
    }
    if (!extra.isEmpty()) {
      parts.add("its " + extra + " no longer computed");
    }
    if (parts.isEmpty()) {
      parts.add("the same features in another order (saved " + saved + ")");
    }
    return String.join("; ", parts);
  }

  /** The networks' bytes and standardisation, to broadcast to the partitions that score. */
  Weights weights() {
    List<byte[]> bytes = new ArrayList<>();
    for (MultiLayerNetwork network : networks) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        ModelSerializer.writeModel(network, out, /* saveUpdater */ false);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot serialize ranker", e);
      }
      bytes.add(out.toByteArray());
    }
    return new Weights(bytes, mean, scale);
  }

  /** The model as a partition restores it from {@link #weights()}: one copy of the networks per partition. */
  static RankerModel restore(Weights w) {
    List<MultiLayerNetwork> nets = new ArrayList<>();
    for (byte[] network : w.networks()) {
      try {
        nets.add(ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(network), false));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot restore ranker", e);
      }
    }
    return new RankerModel(nets, w.mean(), w.scale());
  }

  /** Scores feature rows (standardised here), in batches of any size. */
  float[] score(float[][] features) {
    return output(networks, matrix(features, mean, scale));
  }

  static INDArray matrix(float[][] features, float[] mean, float[] scale) {
    int width = mean.length;
    float[] data = new float[features.length * width];
    for (int i = 0; i < features.length; i++) {
      for (int j = 0; j < width; j++) {
        data[i * width + j] = (features[i][j] - mean[j]) * scale[j];
      }
    }
    return Nd4j.create(data, new long[] {features.length, width}, DataType.FLOAT);
  }

  static float[] output(MultiLayerNetwork net, INDArray x) {
    return net.output(x, /* train */ false).castTo(DataType.FLOAT).reshape(x.rows()).toFloatVector();
  }

  /** The members' mean output. */
  static float[] output(List<MultiLayerNetwork> nets, INDArray x) {
    float[] sum = new float[x.rows()];
    for (MultiLayerNetwork net : nets) {
      float[] out = output(net, x);
      for (int i = 0; i < sum.length; i++) {
        sum[i] += out[i] / nets.size();
      }
    }
    return sum;
  }
}

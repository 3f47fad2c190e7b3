package dev.recs.core.ranking;

import dev.recs.core.model.NdArrays;
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

/**
 * The trained ranker: one or more MLPs (an ensemble, whose mean output is the score: members
 * differ only in their seed, and averaging them removes most of the run-to-run spread of a
 * single early-stopped network) scoring (user, candidate) feature vectors, with the
 * per-feature standardisation they were trained with. Applied in {@code mapPartitions} from
 * broadcast bytes ({@link #weights()}), one copy of the networks per partition, like the encoder.
 */
public final class RankerModel {
  /**
   * What a partition needs to score: network bytes, standardisation, and the night's fusion
   * (null in a ranker saved before fusions were learned).
   */
  record Weights(List<byte[]> networks, float[] mean, float[] scale, Fusion fusion) implements Serializable {}

  private final List<MultiLayerNetwork> networks;
  private final float[] mean;
  private final float[] scale;
  private final Fusion fusion;

  RankerModel(List<MultiLayerNetwork> networks, float[] mean, float[] scale) {
    this(networks, mean, scale, null);
  }

  private RankerModel(List<MultiLayerNetwork> networks, float[] mean, float[] scale, Fusion fusion) {
    this.networks = List.copyOf(networks);
    this.mean = mean;
    this.scale = scale;
    this.fusion = fusion;
  }

  /** This ranker with the fusion learned for it ({@link Fusion#choose}). */
  public RankerModel withFusion(Fusion learned) {
    return new RankerModel(networks, mean, scale, learned);
  }

  /** The fusion its lists are published with; {@code fallback} when none was learned (an older save). */
  public Fusion fusion(Fusion fallback) {
    return fusion != null ? fusion : fallback;
  }

  /** The learned fusion, or null. */
  public Fusion fusion() {
    return fusion;
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

  /**
   * Writes the registry's layout under {@code dir}: {@code data/weights.bin} (every member and
   * the standardisation) and {@code metadata.json} (the feature names in vector order, the
   * ensemble's size).
   */
  public void save(String dir, org.apache.hadoop.conf.Configuration hadoopConf) {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, "data/weights.bin");
    try (java.io.ObjectOutputStream out =
        new java.io.ObjectOutputStream(file.getFileSystem(hadoopConf).create(file, /* overwrite */ true))) {
      out.writeObject(weights());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save ranker: " + dir, e);
    }
    dev.recs.core.model.ModelFiles.writeMetadata(dir, hadoopConf, RankerModel.class, FORMAT_VERSION,
        java.util.Map.of("features", CandidateFeatures.SCALARS, "networks", networks.size()));
  }

  /**
   * Loads what {@link #save} wrote, refusing (exit 2) a ranker saved by another class or format,
   * or one that reads other features than tonight's ({@link CandidateFeatures#SCALARS}): the
   * message names the difference.
   */
  public static RankerModel load(String dir, org.apache.hadoop.conf.Configuration hadoopConf) {
    com.fasterxml.jackson.databind.JsonNode meta =
        dev.recs.core.model.ModelFiles.readMetadata(dir, hadoopConf, RankerModel.class, FORMAT_VERSION, "ranker");
    List<String> saved = new ArrayList<>();
    meta.path("features").forEach(f -> saved.add(f.asText()));
    String difference = featureDifference(saved, CandidateFeatures.SCALARS);
    if (difference != null) {
      throw dev.recs.core.api.PipelineException.badInput("load ranker",
          "trained on other features than tonight's: " + difference, dir);
    }
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, "data/weights.bin");
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(file.getFileSystem(hadoopConf).open(file))) {
      return restore((Weights) in.readObject());
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
    return new Weights(bytes, mean, scale, fusion);
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
    return new RankerModel(nets, w.mean(), w.scale(), w.fusion());
  }

  /** Scores feature rows (standardised here), in batches of any size. */
  float[] score(float[][] features) {
    INDArray x = matrix(features, mean, scale);
    float[] scores = output(networks, x);
    // off-heap: freed per batch, not left for a garbage collection the heap may not need
    NdArrays.release(x);
    return scores;
  }

  static INDArray matrix(float[][] features, float[] mean, float[] scale) {
    int width = mean.length;
    float[] data = new float[features.length * width];
    for (int i = 0; i < features.length; i++) {
      for (int j = 0; j < width; j++) {
        data[i * width + j] = (features[i][j] - mean[j]) * scale[j];
      }
    }
    return NdArrays.matrix(data, features.length, width);
  }

  static float[] output(MultiLayerNetwork net, INDArray x) {
    INDArray out = net.output(x, /* train */ false);
    float[] scores = out.castTo(DataType.FLOAT).reshape(x.rows()).toFloatVector();
    NdArrays.release(out);
    return scores;
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

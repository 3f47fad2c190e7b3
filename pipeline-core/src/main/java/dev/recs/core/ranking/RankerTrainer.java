package dev.recs.core.ranking;

import dev.recs.core.config.RankerParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.ScoreCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.termination.ScoreImprovementEpochTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the ranker MLP on the driver: {@code features → hidden → hidden/2 → sigmoid}, binary
 * cross-entropy on (positive, sampled negative) candidates, Adam, L2, dropout, and DL4J early
 * stopping on the NDCG of held-out users' candidate lists (whole lists by default, or @k):
 * the kind of figure the product is judged by, rather than the loss.
 */
public final class RankerTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(RankerTrainer.class);

  private final RankerParams params;
  private final long seed;

  public RankerTrainer(RankerParams params, long seed) {
    this.params = params;
    this.seed = seed;
  }

  /**
   * Training rows: features, label; validation: every candidate of each held-out user (early
   * stopping's lists); {@code fusion}: the same for the fusion users, whom the ranker neither
   * trains nor stops on ({@link Fusion#learn}).
   */
  public record Sample(float[][] features, float[] labels, float[][] validFeatures, float[] validLabels, int[] validUserStarts,
      Lists fusion) implements java.io.Serializable {
    /** A sample without fusion users. */
    public Sample(float[][] features, float[] labels, float[][] validFeatures, float[] validLabels, int[] validUserStarts) {
      this(features, labels, validFeatures, validLabels, validUserStarts, Lists.NONE);
    }
  }

  /** Labelled candidate lists: rows, labels, and where each list starts. */
  public record Lists(float[][] features, float[] labels, int[] starts) implements java.io.Serializable {
    public static final Lists NONE = new Lists(new float[0][], new float[0], new int[0]);

    public boolean isEmpty() {
      return starts.length == 0;
    }
  }

  /**
   * @param mask per-feature multiplier applied before anything else (0 drops a feature: the
   *     no-content ablation)
   */
  public RankerModel fit(Sample sample, float[] mask) {
    return fit(sample, mask, null, 0, params.maxEpochs());
  }

  /**
   * A warm start: continues training member {@code member} of {@code parent} (keeping its
   * standardisation, so that its weights still mean what they meant) for at most
   * {@code maxEpochs} epochs, with the same early stopping as a fresh network.
   */
  public RankerModel fineTune(Sample sample, float[] mask, RankerModel parent, int member, int maxEpochs) {
    return fit(sample, mask, parent, member, maxEpochs);
  }

  private RankerModel fit(Sample sample, float[] mask, RankerModel parent, int member, int maxEpochs) {
    int width = mask.length;
    float[][] x = masked(sample.features(), mask);
    float[][] vx = masked(sample.validFeatures(), mask);
    float[] mean = new float[width];
    float[] scale = new float[width];
    for (float[] row : x) {
      for (int j = 0; j < width; j++) {
        mean[j] += row[j] / x.length;
      }
    }
    for (float[] row : x) {
      for (int j = 0; j < width; j++) {
        scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
      }
    }
    for (int j = 0; j < width; j++) {
      scale[j] = scale[j] > 1e-12 ? (float) (1 / Math.sqrt(scale[j])) : 0f;
    }
    if (parent != null) {
      if (parent.mean().length != width) {
        throw new IllegalStateException(
            "Cannot fine-tune ranker: parent reads " + parent.mean().length + " features, today " + width);
      }
      mean = parent.mean().clone();
      scale = parent.scale().clone();
    }

    MultiLayerNetwork net;
    if (parent == null) {
      net = network(width);
      net.init();
    } else {
      net = parent.networks().get(member % parent.networks().size()).clone();
    }

    List<DataSet> batches = new ArrayList<>();
    Integer[] order = new Integer[x.length];
    Arrays.setAll(order, i -> i);
    java.util.Collections.shuffle(Arrays.asList(order), new Random(seed));
    for (int from = 0; from < x.length; from += params.batchSize()) {
      int to = Math.min(x.length, from + params.batchSize());
      float[][] bx = new float[to - from][];
      float[] by = new float[to - from];
      for (int i = from; i < to; i++) {
        bx[i - from] = x[order[i]];
        by[i - from] = sample.labels()[order[i]];
      }
      batches.add(new DataSet(RankerModel.matrix(bx, mean, scale),
          Nd4j.create(by, new long[] {by.length, 1}, DataType.FLOAT)));
    }
    INDArray valid = RankerModel.matrix(vx, mean, scale);
    EarlyStoppingConfiguration<MultiLayerNetwork> stopping =
        new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
            .epochTerminationConditions(
                new MaxEpochsTerminationCondition(maxEpochs),
                new ScoreImprovementEpochTerminationCondition(params.patience()))
            .scoreCalculator(new ValidationNdcg(valid, sample.validLabels(), sample.validUserStarts(),
                params.validationK() == 0 ? Integer.MAX_VALUE : params.validationK()))
            .evaluateEveryNEpochs(1)
            .modelSaver(new InMemoryModelSaver<>())
            .build();
    long start = System.nanoTime();
    EarlyStoppingResult<MultiLayerNetwork> result =
        dev.recs.core.model.EpochProgress.attach(
            new EarlyStoppingTrainer(stopping, net, new ExistingDataSetIterator(batches)),
            parent == null ? "ranker" : "ranker (warm)", maxEpochs).fit();
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info("ranker trained: {} rows x {} features, {} epochs (best {}), validation ndcg {}, {} examples/s",
        x.length, width, result.getTotalEpochs(), result.getBestModelEpoch(),
        String.format("%.4f", result.getScoreVsEpoch().getOrDefault(result.getBestModelEpoch(), Double.NaN)),
        Math.round(x.length * (double) result.getTotalEpochs() / Math.max(seconds, 1e-9)));
    return new RankerModel(List.of(result.getBestModel()), mean, scale);
  }

  private static float[][] masked(float[][] rows, float[] mask) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = new float[mask.length];
      for (int j = 0; j < mask.length; j++) {
        out[i][j] = rows[i][j] * mask[j];
      }
    }
    return out;
  }

  /** Mean NDCG@k over held-out users, each ranking all their candidates. Higher is better. */
  static final class ValidationNdcg implements ScoreCalculator<MultiLayerNetwork> {
    private final INDArray features;
    private final float[] labels;
    private final int[] starts;
    private final int k;

    ValidationNdcg(INDArray features, float[] labels, int[] starts, int k) {
      this.features = features;
      this.labels = labels;
      this.starts = starts;
      this.k = k;
    }

    @Override
    public double calculateScore(MultiLayerNetwork network) {
      float[] scores = RankerModel.output(network, features);
      return Ndcg.mean(scores, labels, starts, k);
    }

    @Override
    public boolean minimizeScore() {
      return false;
    }
  }

  private MultiLayerNetwork network(int width) {
    return new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        // workspaces: activations and gradients reuse off-heap memory across iterations
        // instead of allocating per batch (the default, stated so it is not lost)
        .trainingWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.ENABLED)
        .inferenceWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.ENABLED)
        .seed(seed)
        .updater(new Adam(params.learningRate()))
        .l2(params.l2())
        .weightInit(WeightInit.XAVIER)
        .list()
        .layer(new DenseLayer.Builder().nIn(width).nOut(params.hidden()).activation(Activation.RELU).build())
        .layer(new DenseLayer.Builder().nIn(params.hidden()).nOut(params.hidden() / 2)
            .activation(Activation.RELU).dropOut(params.dropoutRetain()).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(params.hidden() / 2).nOut(1)
            .activation(Activation.SIGMOID).dropOut(params.dropoutRetain()).build())
        .build());
  }
}

package dev.recs.core.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import dev.recs.core.config.EncoderParams;
import dev.recs.core.schema.Columns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.termination.ScoreImprovementEpochTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the content encoder: a denoising autoencoder {@code input → hidden → embedding →
 * hidden → input} whose bottleneck activation is the item embedding.
 *
 * <p>Trained on the driver from a bounded, seed-determined sample of the item feature vectors
 * (at most {@code maxTrainItems}); DL4J's {@link EarlyStoppingTrainer} keeps the epoch with the
 * lowest reconstruction loss on a held-out slice of items. The "denoising" is input dropout:
 * each input value is kept with probability {@code inputRetain}, so the network must rebuild an
 * item's terms from the rest of its content, which is what makes related items land close.
 */
public final class ContentEncoderTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(ContentEncoderTrainer.class);

  /** Index of the bottleneck layer in the network. */
  static final int BOTTLENECK = 1;

  private final EncoderParams params;

  public ContentEncoderTrainer(EncoderParams params) {
    this.params = params;
  }

  /** Fits on {@code (item_id, features)} rows; collects at most {@code maxTrainItems}. */
  public ContentEncoderModel fit(Dataset<Row> itemFeatures) {
    return train(itemFeatures, null, params.maxEpochs());
  }

  /**
   * A warm start: continues training {@code parent}'s network on today's items for at most
   * {@code maxEpochs} epochs, with the same sample, hold-out and early stopping as {@link #fit}.
   * Fails when the parent reads another width or has another shape (see {@link #canFineTune}).
   */
  public ContentEncoderModel fineTune(Dataset<Row> itemFeatures, ContentEncoderModel parent, int maxEpochs) {
    return train(itemFeatures, parent, maxEpochs);
  }

  /** Whether {@code parent} can be fine-tuned with these parameters on {@code width} inputs. */
  public boolean canFineTune(ContentEncoderModel parent, int width) {
    return parent.inputWidth() == width
        && parent.params().embeddingDim() == params.embeddingDim()
        && parent.params().hiddenDim() == params.hiddenDim();
  }

  private ContentEncoderModel train(Dataset<Row> itemFeatures, ContentEncoderModel parent, int maxEpochs) {
    List<Row> rows =
        new ArrayList<>(
            itemFeatures
                .select(col(Columns.ITEM_ID), col(Columns.FEATURES))
                .orderBy(xxhash64(col(Columns.ITEM_ID), lit(params.seed())))
                .limit(params.maxTrainItems())
                .collectAsList());
    if (rows.isEmpty()) {
      throw new IllegalStateException("Cannot train encoder: no items with features");
    }
    // Sort so that the sample's order, and therefore training, does not depend on partitioning.
    rows.sort(Comparator.comparing(r -> r.getString(0)));
    int width = ((Vector) rows.get(0).getAs(1)).size();
    List<Vector> vectors = new ArrayList<>(rows.size());
    List<Integer> order = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      vectors.add(rows.get(i).getAs(1));
      order.add(i);
    }
    INDArray all = FeatureRows.toMatrix(vectors, width);
    java.util.Collections.shuffle(order, new Random(params.seed()));
    int validation =
        rows.size() < 20 ? 0 : (int) Math.max(1, Math.round(rows.size() * params.validationFraction()));
    int[] shuffled = order.stream().mapToInt(Integer::intValue).toArray();
    int[] trainRows = java.util.Arrays.copyOfRange(shuffled, validation, shuffled.length);
    // too few items to hold some out: score epochs on the training items themselves
    int[] validRows = validation == 0 ? trainRows : java.util.Arrays.copyOfRange(shuffled, 0, validation);

    MultiLayerNetwork net;
    if (parent == null) {
      net = new MultiLayerNetwork(configuration(width));
      net.init();
    } else {
      if (!canFineTune(parent, width)) {
        throw new IllegalStateException(
            "Cannot fine-tune encoder: parent reads " + parent.inputWidth() + " features into "
                + parent.params().embeddingDim() + " dims, today " + width + " into " + params.embeddingDim());
      }
      net = parent.network().clone();
    }
    EarlyStoppingConfiguration<MultiLayerNetwork> stopping =
        new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
            .epochTerminationConditions(
                new MaxEpochsTerminationCondition(maxEpochs),
                new ScoreImprovementEpochTerminationCondition(params.patience()))
            .scoreCalculator(new DataSetLossCalculator(batches(all, validRows), /* average */ true))
            .evaluateEveryNEpochs(1)
            .modelSaver(new InMemoryModelSaver<>())
            .build();
    long start = System.nanoTime();
    EarlyStoppingResult<MultiLayerNetwork> result =
        EpochProgress.attach(
                new EarlyStoppingTrainer(stopping, net, batches(all, trainRows)),
                parent == null ? "encoder" : "encoder (warm)", maxEpochs)
            .fit();
    double seconds = (System.nanoTime() - start) / 1e9;
    EncoderTraining summary =
        new EncoderTraining(
            trainRows.length,
            validation,
            result.getTotalEpochs(),
            result.getBestModelEpoch(),
            // getBestModelScore() reads 0 in M2.1; the per-epoch map has the real figure
            result.getScoreVsEpoch().getOrDefault(result.getBestModelEpoch(), Double.NaN),
            String.valueOf(result.getTerminationDetails()));
    LOG.info(
        "encoder trained: {} items x {} features, {} epochs (best {}), validation loss {}, {}"
            + " examples/s",
        rows.size(), width, summary.epochs(), summary.bestEpoch(),
        String.format("%.4e", summary.validationLoss()),
        Math.round(trainRows.length * (double) summary.epochs() / Math.max(seconds, 1e-9)));
    return new ContentEncoderModel(result.getBestModel(), width, params, summary);
  }

  /** The network for {@code width} inputs; public for benchmarks and tests of its shape. */
  public MultiLayerConfiguration configuration(int width) {
    return new NeuralNetConfiguration.Builder()
        // workspaces: activations and gradients reuse off-heap memory across iterations
        // instead of allocating per batch (the default, stated so it is not lost)
        .trainingWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.ENABLED)
        .inferenceWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.ENABLED)
        .seed(params.seed())
        .updater(new Adam(params.learningRate()))
        .l2(params.l2())
        .weightInit(WeightInit.XAVIER)
        .list()
        .layer(
            new DenseLayer.Builder()
                .nIn(width)
                .nOut(params.hiddenDim())
                .activation(Activation.RELU)
                .dropOut(params.inputRetain())
                .build())
        .layer(
            new DenseLayer.Builder()
                .nIn(params.hiddenDim())
                .nOut(params.embeddingDim())
                .activation(Activation.TANH)
                .build())
        .layer(
            new DenseLayer.Builder()
                .nIn(params.embeddingDim())
                .nOut(params.hiddenDim())
                .activation(Activation.RELU)
                .build())
        .layer(
            new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .nIn(params.hiddenDim())
                .nOut(width)
                .activation(Activation.IDENTITY)
                .build())
        .build();
  }

  /**
   * Pre-built mini-batches of the given rows of {@code all}, copied with {@code getRows}: DL4J's
   * own {@code DataSet.batchBy} is slow on wide rows, and in ND4J M2.1 an {@code interval} slice
   * of a row-slice view silently comes back empty past some offset.
   */
  private ExistingDataSetIterator batches(INDArray all, int[] rows) {
    List<DataSet> out = new ArrayList<>();
    for (int from = 0; from < rows.length; from += params.batchSize()) {
      int[] chunk = java.util.Arrays.copyOfRange(rows, from, Math.min(rows.length, from + params.batchSize()));
      INDArray batch = all.getRows(chunk);
      out.add(new DataSet(batch, batch.dup()));
    }
    return new ExistingDataSetIterator(out);
  }
}

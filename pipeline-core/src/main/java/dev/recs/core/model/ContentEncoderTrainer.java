package dev.recs.core.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import dev.recs.core.config.EncoderParams;
import dev.recs.core.schema.Columns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the content encoder: a denoising autoencoder {@code input → hidden → embedding →
 * hidden → input} whose bottleneck activation is the item embedding.
 *
 * <p>Trained on the driver from a bounded, seed-determined sample of the item feature vectors
 * (at most {@code maxTrainItems}); DL4J's early stopping keeps the epoch with the
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
    for (Row r : rows) {
      vectors.add(r.getAs(1));
    }
    INDArray all = FeatureRows.toMatrix(vectors, width);
    int[][] split = Networks.holdOut(rows.size(), params.validationFraction(), params.seed());
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
    Networks.Trained trained =
        Networks.fit(net, all, all, split[0], split[1], params.batchSize(), maxEpochs, params.patience(),
            parent == null ? "encoder" : "encoder (warm)");
    EncoderTraining summary = trained.summary();
    LOG.info(
        "encoder trained: {} items x {} features, {} epochs (best {}), validation loss {}, {}"
            + " examples/s",
        rows.size(), width, summary.epochs(), summary.bestEpoch(),
        String.format("%.4e", summary.validationLoss()),
        trained.examplesPerSecond());
    return new ContentEncoderModel(trained.network(), width, params, summary);
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
}

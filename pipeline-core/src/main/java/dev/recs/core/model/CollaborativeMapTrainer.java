package dev.recs.core.model;

import dev.recs.core.config.CollaborativeParams;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the content → collaborative model on the driver: an MLP {@code input → hidden (ReLU,
 * input dropout) → factors} with L2 and Adam, minimising the squared error to each training
 * item's unit-length ALS factors, and DL4J's early stopping keeping the epoch with the lowest
 * loss on held-out items. The targets are unit length because only their direction matters: the
 * published vectors are compared by cosine.
 */
public final class CollaborativeMapTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(CollaborativeMapTrainer.class);

  private final CollaborativeParams params;

  public CollaborativeMapTrainer(CollaborativeParams params) {
    this.params = params;
  }

  /**
   * Fits on {@code inputs} (one per training item, in a fixed order) and their collaborative
   * {@code targets} (same rows, any length; normalised here).
   */
  public CollaborativeMapModel fit(List<Vector> inputs, float[][] targets) {
    if (inputs.isEmpty() || inputs.size() != targets.length) {
      throw new IllegalStateException(
          "Cannot train the content->collaborative model: " + inputs.size() + " inputs, " + targets.length + " targets");
    }
    int width = inputs.get(0).size();
    int out = targets[0].length;
    INDArray x = FeatureRows.toMatrix(inputs, width);
    float[] y = new float[targets.length * out];
    for (int i = 0; i < targets.length; i++) {
      double norm = 0;
      for (float v : targets[i]) {
        norm += v * v;
      }
      double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (int j = 0; j < out; j++) {
        y[i * out + j] = (float) (targets[i][j] * scale);
      }
    }
    INDArray labels = Nd4j.create(y, new long[] {targets.length, out}, DataType.FLOAT);
    int[][] split = Networks.holdOut(inputs.size(), params.validationFraction(), params.seed());
    MultiLayerNetwork net = new MultiLayerNetwork(configuration(width, out));
    net.init();
    Networks.Trained trained =
        Networks.fit(net, x, labels, split[0], split[1], params.batchSize(), params.maxEpochs(), params.patience(),
            "content->collaborative");
    EncoderTraining summary = trained.summary();
    LOG.info("content->collaborative model trained: {} items x {} inputs -> {}, {} epochs (best {}), validation loss {}",
        inputs.size(), width, out, summary.epochs(), summary.bestEpoch(), String.format("%.4e", summary.validationLoss()));
    return new CollaborativeMapModel(trained.network(), width, out, params, summary);
  }

  /** The network for {@code width} inputs and {@code out} factors. */
  public MultiLayerConfiguration configuration(int width, int out) {
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
        .trainingWorkspaceMode(WorkspaceMode.ENABLED)
        .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
        .seed(params.seed())
        .updater(new Adam(params.learningRate()))
        .l2(params.l2())
        .weightInit(WeightInit.XAVIER)
        .list();
    if (params.hiddenDim() == 0) {
      return layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(width).nOut(out)
          .activation(Activation.IDENTITY).dropOut(params.dropOut()).build()).build();
    }
    return layers
        .layer(new DenseLayer.Builder().nIn(width).nOut(params.hiddenDim()).activation(Activation.RELU)
            .dropOut(params.dropOut()).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(params.hiddenDim()).nOut(out)
            .activation(Activation.IDENTITY).build())
        .build();
  }
}

package dev.recs.core.ranking;

import dev.recs.core.model.BatchingIterator;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.FloatArrays;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trained ranker: an MLP scoring (user, candidate) feature vectors, with the per-feature
 * standardisation and mask it was trained with. Applied in {@code mapPartitions} from broadcast
 * bytes, one network per partition, like the encoder.
 */
public final class RankerModel {
  private static final int BATCH = 1024;

  /** What a partition needs to score: network bytes, standardisation, mask. */
  record Weights(byte[] network, float[] mean, float[] scale) implements Serializable {}

  private final MultiLayerNetwork network;
  private final float[] mean;
  private final float[] scale;

  RankerModel(MultiLayerNetwork network, float[] mean, float[] scale) {
    this.network = network;
    this.mean = mean;
    this.scale = scale;
  }

  /** Adds {@code score} (the ranker's output) to candidate rows; lazy. */
  public Dataset<Row> score(Dataset<Row> candidates) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ModelSerializer.writeModel(network, bytes, /* saveUpdater */ false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialize ranker", e);
    }
    Broadcast<Weights> weights =
        JavaSparkContext.fromSparkContext(candidates.sparkSession().sparkContext())
            .broadcast(new Weights(bytes.toByteArray(), mean, scale));
    StructType schema = candidates.schema().add(Columns.SCORE, DataTypes.FloatType);
    return candidates.mapPartitions(new ScorePartition(weights), Encoders.row(schema));
  }

  /** Scores standardised-on-the-fly feature rows on the driver (training, validation). */
  float[] score(float[][] features) {
    return output(network, matrix(features, mean, scale));
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

  static final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private final Broadcast<Weights> weights;

    ScorePartition(Broadcast<Weights> weights) {
      this.weights = weights;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws IOException {
      Weights w = weights.value();
      MultiLayerNetwork net =
          ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(w.network()), false);
      return new BatchingIterator<>(rows, BATCH, batch -> {
        int featuresAt = batch.get(0).fieldIndex(CandidateFeatures.FEATURES);
        float[][] x = new float[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
          x[i] = FloatArrays.of(batch.get(i).getList(featuresAt));
        }
        float[] scores = output(net, matrix(x, w.mean(), w.scale()));
        List<Row> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          Object[] values = new Object[batch.get(i).size() + 1];
          for (int j = 0; j < batch.get(i).size(); j++) {
            values[j] = batch.get(i).get(j);
          }
          values[values.length - 1] = scores[i];
          out.add(RowFactory.create(values));
        }
        return out;
      });
    }
  }
}

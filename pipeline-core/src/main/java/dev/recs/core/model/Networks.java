package dev.recs.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.recs.core.schema.Columns;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.termination.ScoreImprovementEpochTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What the item networks (the content encoder, the content → collaborative model) share: early
 * stopping on held-out items, the registry layout ({@code metadata.json} beside the network's
 * {@link ModelSerializer} zip), and inference over item rows, distributed or on the driver.
 */
final class Networks {
  private static final int INFER_BATCH = 512;
  /** Items per inference task: 10,000 take about a second on one core. */
  static final int ITEMS_PER_PARTITION = 10_000;

  private Networks() {}

  /** Output schema of {@link #apply(MultiLayerNetwork, int, int, Dataset)}: {@code (item_id, embedding array<float>)}. */
  static StructType embeddingSchema() {
    return new StructType()
        .add(Columns.ITEM_ID, DataTypes.StringType, false)
        .add(Columns.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false);
  }

  /**
   * Trains {@code net} on {@code rows} of {@code (x, y)} with DL4J's early stopping on {@code
   * validRows}: at most {@code maxEpochs}, stopping after {@code patience} epochs without a lower
   * held-out loss, keeping the best epoch's weights.
   */
  static Trained fit(
      MultiLayerNetwork net, INDArray x, INDArray y, int[] trainRows, int[] validRows, int batchSize,
      int maxEpochs, int patience, String label) {
    EarlyStoppingConfiguration<MultiLayerNetwork> stopping =
        new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
            .epochTerminationConditions(
                new MaxEpochsTerminationCondition(maxEpochs),
                new ScoreImprovementEpochTerminationCondition(patience))
            .scoreCalculator(new DataSetLossCalculator(batches(x, y, validRows, batchSize), /* average */ true))
            .evaluateEveryNEpochs(1)
            .modelSaver(new InMemoryModelSaver<>())
            .build();
    long start = System.nanoTime();
    EarlyStoppingResult<MultiLayerNetwork> result =
        EpochProgress.attach(new EarlyStoppingTrainer(stopping, net, batches(x, y, trainRows, batchSize)), label, maxEpochs)
            .fit();
    double seconds = (System.nanoTime() - start) / 1e9;
    EncoderTraining summary =
        new EncoderTraining(
            trainRows.length,
            validRows == trainRows ? 0 : validRows.length,
            result.getTotalEpochs(),
            result.getBestModelEpoch(),
            // getBestModelScore() reads 0 in M2.1; the per-epoch map has the real figure
            result.getScoreVsEpoch().getOrDefault(result.getBestModelEpoch(), Double.NaN),
            String.valueOf(result.getTerminationDetails()));
    return new Trained(result.getBestModel(), summary, Math.round(trainRows.length * (double) summary.epochs() / Math.max(seconds, 1e-9)));
  }

  /** A trained network, what early stopping chose and the training speed in examples a second. */
  record Trained(MultiLayerNetwork network, EncoderTraining summary, long examplesPerSecond) {}

  /**
   * Splits {@code 0..rows-1}, shuffled with {@code seed}, into training rows and the first
   * {@code fraction} held out; too few rows (under 20) to hold some out score on the training rows.
   */
  static int[][] holdOut(int rows, double fraction, long seed) {
    List<Integer> order = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, new java.util.Random(seed));
    int validation = rows < 20 ? 0 : (int) Math.max(1, Math.round(rows * fraction));
    int[] shuffled = order.stream().mapToInt(Integer::intValue).toArray();
    int[] train = Arrays.copyOfRange(shuffled, validation, shuffled.length);
    return new int[][] {train, validation == 0 ? train : Arrays.copyOfRange(shuffled, 0, validation)};
  }

  /**
   * Pre-built mini-batches of the given rows, copied with {@code getRows}: DL4J's own {@code
   * DataSet.batchBy} is slow on wide rows, and in ND4J M2.1 an {@code interval} slice of a
   * row-slice view silently comes back empty past some offset.
   */
  static ExistingDataSetIterator batches(INDArray x, INDArray y, int[] rows, int batchSize) {
    List<DataSet> out = new ArrayList<>();
    for (int from = 0; from < rows.length; from += batchSize) {
      int[] chunk = Arrays.copyOfRange(rows, from, Math.min(rows.length, from + batchSize));
      INDArray features = x.getRows(chunk);
      out.add(new DataSet(features, x == y ? features.dup() : y.getRows(chunk)));
    }
    return new ExistingDataSetIterator(out);
  }

  /** The network's bytes as {@link ModelSerializer} writes them (no updater state). */
  static byte[] serialize(MultiLayerNetwork network) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ModelSerializer.writeModel(network, out, /* saveUpdater */ false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialize network", e);
    }
    return out.toByteArray();
  }

  /** Writes {@code data/<dataFile>} and {@code metadata.json} ({@link ModelFiles}) under {@code dir}. */
  static void save(String dir, Configuration hadoopConf, String dataFile, MultiLayerNetwork network, Class<?> model,
      int formatVersion, Map<String, Object> metadata) {
    Path root = new Path(dir);
    try (OutputStream out = root.getFileSystem(hadoopConf).create(new Path(root, "data/" + dataFile), true)) {
      out.write(serialize(network));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save model: " + dir, e);
    }
    ModelFiles.writeMetadata(dir, hadoopConf, model, formatVersion, metadata);
  }

  /** Reads {@code metadata.json} of {@code dir} as {@code type} ({@link ModelFiles#readMetadata}). */
  static <M> M readMetadata(
      String dir, Configuration hadoopConf, Class<M> type, Class<?> model, int formatVersion, String what) {
    return ModelFiles.as(ModelFiles.readMetadata(dir, hadoopConf, model, formatVersion, what), type);
  }

  /** Reads the network {@link #save} wrote as {@code data/<dataFile>}. */
  static MultiLayerNetwork readNetwork(String dir, Configuration hadoopConf, String dataFile) {
    Path root = new Path(dir);
    try (InputStream in = root.getFileSystem(hadoopConf).open(new Path(root, "data/" + dataFile))) {
      return ModelSerializer.restoreMultiLayerNetwork(in, /* loadUpdater */ false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load model: " + dir, e);
    }
  }

  /**
   * The activation of layer {@code lastLayer} for every {@code (item_id, vector)} row, one network
   * per partition. Items are hashed into a number of partitions that depends only on their count
   * ({@link #ITEMS_PER_PARTITION}) and sorted by id, so every mini-batch holds the same items on a
   * laptop and on a cluster: a BLAS result can differ in the last bit with the other rows of its
   * batch, and a cluster run published embeddings a few ulps off the local run's.
   */
  static Dataset<Row> apply(MultiLayerNetwork network, int width, int lastLayer, Dataset<Row> items) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(items.sparkSession().sparkContext());
    Broadcast<byte[]> bytes = jsc.broadcast(serialize(network));
    long count = items.count();
    int partitions = (int) Math.max(1, (count + ITEMS_PER_PARTITION - 1) / ITEMS_PER_PARTITION);
    return items
        .repartition(partitions, org.apache.spark.sql.functions.col(Columns.ITEM_ID))
        .sortWithinPartitions(Columns.ITEM_ID)
        .mapPartitions(new InferPartition(bytes, width, lastLayer), Encoders.row(embeddingSchema()));
  }

  /** The activation of layer {@code lastLayer} for each vector, on the driver; rows follow the input. */
  static float[][] apply(MultiLayerNetwork net, List<Vector> vectors, int width, int lastLayer) {
    INDArray x = FeatureRows.toMatrix(vectors, width);
    return net.activateSelectedLayers(0, lastLayer, x).castTo(DataType.FLOAT).toFloatMatrix();
  }

  /** Restores the network once per partition and infers rows in mini-batches. */
  static final class InferPartition implements MapPartitionsFunction<Row, Row> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InferPartition.class);
    private final Broadcast<byte[]> bytes;
    private final int width;
    private final int lastLayer;

    InferPartition(Broadcast<byte[]> bytes, int width, int lastLayer) {
      this.bytes = bytes;
      this.width = width;
      this.lastLayer = lastLayer;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws IOException {
      if (!rows.hasNext()) {
        return java.util.Collections.emptyIterator();
      }
      MultiLayerNetwork net =
          ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.value()), false);
      long[] inferred = {0, 0};
      return new BatchingIterator<>(
          rows,
          INFER_BATCH,
          batch -> {
            long start = System.nanoTime();
            List<Vector> vectors = new ArrayList<>(batch.size());
            for (Row r : batch) {
              vectors.add(r.getAs(1));
            }
            float[][] out = apply(net, vectors, width, lastLayer);
            inferred[0] += batch.size();
            inferred[1] += System.nanoTime() - start;
            if (!rows.hasNext()) {
              LOG.info("inference: {} items in this partition, {} examples/s", inferred[0],
                  Math.round(inferred[0] / Math.max(inferred[1] / 1e9, 1e-9)));
            }
            List<Row> result = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
              result.add(RowFactory.create(batch.get(i).getString(0), boxed(out[i])));
            }
            return result;
          });
    }

    private static Float[] boxed(float[] values) {
      Float[] out = new Float[values.length];
      for (int i = 0; i < values.length; i++) {
        out[i] = values[i];
      }
      return out;
    }
  }
}

package dev.recs.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.recs.core.config.EncoderParams;
import dev.recs.core.schema.Columns;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
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
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

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
  private static final int EMBED_BATCH = 512;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
    return new StructType()
        .add(Columns.ITEM_ID, DataTypes.StringType, false)
        .add(Columns.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false);
  }

  /**
   * Embeds every {@code (item_id, features)} row, one network per partition. Items are hashed
   * into a number of partitions that depends only on their count ({@link #ITEMS_PER_PARTITION})
   * and sorted by id, so every mini-batch holds the same items on a laptop and on a cluster: a
   * BLAS result can differ in the last bit with the other rows of its batch, and a cluster run
   * published embeddings a few ulps off the local run's.
   */
  public Dataset<Row> embed(Dataset<Row> itemFeatures) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(itemFeatures.sparkSession().sparkContext());
    Broadcast<byte[]> bytes = jsc.broadcast(serialize(network));
    long items = itemFeatures.count();
    int partitions = (int) Math.max(1, (items + ITEMS_PER_PARTITION - 1) / ITEMS_PER_PARTITION);
    return itemFeatures
        .select(Columns.ITEM_ID, Columns.FEATURES)
        .repartition(partitions, org.apache.spark.sql.functions.col(Columns.ITEM_ID))
        .sortWithinPartitions(Columns.ITEM_ID)
        .mapPartitions(new EmbedPartition(bytes, inputWidth), Encoders.row(embeddingSchema()));
  }

  /** Items per inference task: 10,000 take about a second on one core. */
  static final int ITEMS_PER_PARTITION = 10_000;

  /** Embeds feature vectors on the driver (tests, small batches). Rows follow the input. */
  public float[][] embed(List<Vector> features) {
    return EmbedPartition.encode(network, features, inputWidth);
  }

  /** The network's bytes as {@link ModelSerializer} writes them (no updater state). */
  static byte[] serialize(MultiLayerNetwork network) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ModelSerializer.writeModel(network, out, /* saveUpdater */ false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialize encoder", e);
    }
    return out.toByteArray();
  }

  /** Writes {@code metadata.json} and {@code data/encoder.zip} under {@code dir}. */
  public void save(String dir, Configuration hadoopConf) {
    try {
      Path root = new Path(dir);
      FileSystem fs = root.getFileSystem(hadoopConf);
      try (OutputStream out = fs.create(new Path(root, "data/encoder.zip"), /* overwrite */ true)) {
        out.write(serialize(network));
      }
      Map<String, Object> metadata =
          Map.of(
              "class", ContentEncoderModel.class.getName(),
              "formatVersion", FORMAT_VERSION,
              "timestamp", Instant.now().toString(),
              "inputWidth", inputWidth,
              "params", params,
              "training", training);
      try (OutputStream out = fs.create(new Path(root, "metadata.json"), /* overwrite */ true)) {
        JSON.writeValue(out, metadata);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save encoder: " + dir, e);
    }
  }

  /** Loads what {@link #save} wrote; rejects another class or an unknown format version. */
  public static ContentEncoderModel load(String dir, Configuration hadoopConf) {
    try {
      Path root = new Path(dir);
      FileSystem fs = root.getFileSystem(hadoopConf);
      Metadata meta;
      try (InputStream in = fs.open(new Path(root, "metadata.json"))) {
        meta = JSON.readValue(in, Metadata.class);
      }
      if (!ContentEncoderModel.class.getName().equals(meta.className())) {
        throw new IllegalStateException("Cannot load encoder: " + dir + " holds " + meta.className());
      }
      if (meta.formatVersion() != FORMAT_VERSION) {
        throw new IllegalStateException(
            "Cannot load encoder: unknown format version " + meta.formatVersion() + " in " + dir);
      }
      MultiLayerNetwork net;
      try (InputStream in = fs.open(new Path(root, "data/encoder.zip"))) {
        net = ModelSerializer.restoreMultiLayerNetwork(in, /* loadUpdater */ false);
      }
      return new ContentEncoderModel(net, meta.inputWidth(), meta.params(), meta.training());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load encoder: " + dir, e);
    }
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

  /** Restores the network once per partition and embeds rows in mini-batches. */
  static final class EmbedPartition implements MapPartitionsFunction<Row, Row> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmbedPartition.class);
    private final Broadcast<byte[]> bytes;
    private final int width;

    EmbedPartition(Broadcast<byte[]> bytes, int width) {
      this.bytes = bytes;
      this.width = width;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws IOException {
      if (!rows.hasNext()) {
        return java.util.Collections.emptyIterator();
      }
      MultiLayerNetwork net =
          ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.value()), false);
      long[] embeddedRows = {0, 0};
      return new BatchingIterator<>(
          rows,
          EMBED_BATCH,
          batch -> {
            long start = System.nanoTime();
            List<Vector> vectors = new ArrayList<>(batch.size());
            for (Row r : batch) {
              vectors.add(r.getAs(1));
            }
            float[][] embedded = encode(net, vectors, width);
            embeddedRows[0] += batch.size();
            embeddedRows[1] += System.nanoTime() - start;
            if (!rows.hasNext()) {
              LOG.info("encoder inference: {} items in this partition, {} examples/s", embeddedRows[0],
                  Math.round(embeddedRows[0] / Math.max(embeddedRows[1] / 1e9, 1e-9)));
            }
            List<Row> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
              out.add(RowFactory.create(batch.get(i).getString(0), boxed(embedded[i])));
            }
            return out;
          });
    }

    static float[][] encode(MultiLayerNetwork net, List<Vector> vectors, int width) {
      INDArray x = FeatureRows.toMatrix(vectors, width);
      INDArray h =
          net.activateSelectedLayers(0, ContentEncoderTrainer.BOTTLENECK, x).castTo(DataType.FLOAT);
      return h.toFloatMatrix();
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

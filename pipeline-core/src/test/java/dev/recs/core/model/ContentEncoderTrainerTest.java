package dev.recs.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.EncoderParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("scores")
class ContentEncoderTrainerTest {
  private static final int WIDTH = 40;
  private static final EncoderParams PARAMS =
      EncoderParams.defaults().withEmbeddingDim(8, 32).withMaxEpochs(40);

  /** Items of 4 planted clusters: each cluster uses its own 10 of the 40 features. */
  static Dataset<Row> clusteredItems(SparkSession spark, int perCluster) {
    Random rng = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      for (int i = 0; i < perCluster; i++) {
        double[] v = new double[WIDTH];
        for (int j = 0; j < 4; j++) {
          v[c * 10 + rng.nextInt(10)] = 1.0;
        }
        v[rng.nextInt(WIDTH)] += 0.3;
        rows.add(RowFactory.create(String.format("c%d-%03d", c, i), Vectors.dense(v).compressed()));
      }
    }
    StructType schema =
        new StructType()
            .add("item_id", DataTypes.StringType, false)
            .add("features", new VectorUDT(), false);
    return spark.createDataFrame(rows, schema);
  }

  @Test
  void embedsItemsOfTheSameClusterCloserThanItemsOfOthers() {
    Dataset<Row> items = clusteredItems(SharedSpark.session(), 60);
    ContentEncoderModel model = new ContentEncoderTrainer(PARAMS).fit(items);

    List<Row> rows = items.orderBy("item_id").collectAsList();
    List<Vector> vectors = new ArrayList<>();
    rows.forEach(r -> vectors.add(r.getAs(1)));
    float[][] e = model.embed(vectors);

    double same = 0;
    double other = 0;
    int sameN = 0;
    int otherN = 0;
    for (int a = 0; a < e.length; a += 7) {
      for (int b = a + 1; b < e.length; b += 5) {
        double cos = cosine(e[a], e[b]);
        if (a / 60 == b / 60) {
          same += cos;
          sameN++;
        } else {
          other += cos;
          otherN++;
        }
      }
    }
    assertThat(e[0]).hasSize(8);
    assertThat(same / sameN).isGreaterThan(other / otherN + 0.3);
    assertThat(model.training().epochs()).isBetween(1, 40);
    assertThat(model.training().validationItems()).isEqualTo(24);
  }

  @Test
  void savedModelLoadsAndEmbedsIdentically(@TempDir Path dir) {
    Dataset<Row> items = clusteredItems(SharedSpark.session(), 10);
    ContentEncoderModel model = new ContentEncoderTrainer(PARAMS.withMaxEpochs(2)).fit(items);
    String path = dir.resolve("encoder").toString();
    model.save(path, SharedSpark.session().sparkContext().hadoopConfiguration());

    ContentEncoderModel loaded =
        ContentEncoderModel.load(path, SharedSpark.session().sparkContext().hadoopConfiguration());

    List<Row> embedded = loaded.embed(items).orderBy("item_id").collectAsList();
    List<Vector> first = List.of((Vector) items.orderBy("item_id").first().getAs(1));
    assertThat(loaded.inputWidth()).isEqualTo(WIDTH);
    assertThat(embedded).hasSize(40);
    assertThat(embedded.get(0).<Float>getList(1).get(0))
        .isCloseTo(model.embed(first)[0][0], org.assertj.core.data.Offset.offset(1e-5f));
  }

  @Test
  void sameSeedTrainsTheSameWeights() {
    Dataset<Row> items = clusteredItems(SharedSpark.session(), 10);
    List<Vector> one = List.of((Vector) items.first().getAs(1));
    float[] a = new ContentEncoderTrainer(PARAMS.withMaxEpochs(3)).fit(items).embed(one)[0];
    float[] b = new ContentEncoderTrainer(PARAMS.withMaxEpochs(3)).fit(items).embed(one)[0];
    assertThat(a).containsExactly(b);
  }

  /** Cosine of two vectors; shared by the model tests of this package. */
  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb + 1e-12);
  }
}

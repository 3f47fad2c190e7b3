package dev.recs.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.FeatureParams;
import dev.recs.core.schema.Table;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemFeaturesTrainerTest {
  static Dataset<Row> catalog() {
    StructType schema = Table.CATALOG.sparkSchema().add("year", DataTypes.DoubleType, true);
    List<Row> rows =
        List.of(
            RowFactory.create("a", "Space wars", "A space opera with ships", Arrays.asList("Sci-Fi"), Arrays.asList("space"), null, 1977.0),
            RowFactory.create("b", "Space trek", "Ships in space again", Arrays.asList("Sci-Fi"), null, null, 1979.0),
            RowFactory.create("c", "Love story", "A love story in Paris", Arrays.asList("Romance", "Drama"), Arrays.asList("love"), null, null),
            RowFactory.create("d", "Paris love", "Love and Paris", Arrays.asList("Romance"), null, null, 2001.0));
    return SharedSpark.session().createDataFrame(rows, schema);
  }

  private final ItemFeaturesTrainer trainer =
      new ItemFeaturesTrainer(new FeatureParams(100, 2, 10, 0), List.of("year"));

  @Test
  void producesOneFixedWidthVectorPerItemFromTextCategoriesAndNumbers() {
    List<Row> rows = trainer.fit(catalog()).transform(catalog()).orderBy("item_id").collectAsList();

    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("a", "b", "c", "d");
    int width = ((Vector) rows.get(0).getAs(1)).size();
    // terms in >= 2 items: space, ships, love, paris; 3 categories; 1 numeric
    assertThat(width).isEqualTo(4 + 3 + 1);
    assertThat(rows).allSatisfy(r -> assertThat(((Vector) r.getAs(1)).size()).isEqualTo(width));
  }

  @Test
  void numericBucketsAddOneHotQuantileBucketPerItemAfterTheScaledValue() {
    ItemFeaturesTrainer bucketed = new ItemFeaturesTrainer(new FeatureParams(100, 2, 10, 2), List.of("year"));
    List<Row> rows = bucketed.fit(catalog()).transform(catalog()).orderBy("item_id").collectAsList();

    // the 8 columns above, then 2 buckets: 1977 below the median, 1979 (and c's imputed 1979) and 2001 above
    assertThat(rows).allSatisfy(r -> assertThat(((Vector) r.getAs(1)).size()).isEqualTo(8 + 2));
    double[] a = ((Vector) rows.get(0).getAs(1)).toArray();
    double[] d = ((Vector) rows.get(3).getAs(1)).toArray();
    assertThat(Arrays.copyOfRange(a, 8, 10)).containsExactly(1.0, 0.0);
    assertThat(Arrays.copyOfRange(d, 8, 10)).containsExactly(0.0, 1.0);
  }

  @Test
  void itemsSharingTermsAndCategoriesAreCloserThanOthers() {
    List<Row> rows = trainer.fit(catalog()).transform(catalog()).orderBy("item_id").collectAsList();
    Vector a = rows.get(0).getAs(1);
    Vector b = rows.get(1).getAs(1);
    Vector c = rows.get(2).getAs(1);

    assertThat(dotWithoutLast(a, b)).isGreaterThan(dotWithoutLast(a, c));
  }

  @Test
  void savedPipelineLoadsAndTransformsIdentically(@TempDir Path dir) {
    ItemFeaturesModel model = trainer.fit(catalog());
    model.save(dir.resolve("features").toString());

    ItemFeaturesModel loaded = ItemFeaturesModel.load(dir.resolve("features").toString());

    assertThat(loaded.transform(catalog()).orderBy("item_id").collectAsList())
        .isEqualTo(model.transform(catalog()).orderBy("item_id").collectAsList());
    assertThat(loaded.outputSchema(catalog().schema()).fieldNames()).containsExactly("item_id", "features");
  }

  private static double dotWithoutLast(Vector x, Vector y) {
    double s = 0;
    for (int i = 0; i < x.size() - 1; i++) {
      s += x.apply(i) * y.apply(i);
    }
    return s;
  }
}

package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class WithoutLabelsTest {
  private static Dataset<Row> events(SparkSession spark, String... users) {
    StructType schema = new StructType()
        .add("user_id", DataTypes.StringType).add("item_id", DataTypes.StringType).add("ts", DataTypes.TimestampType);
    List<Row> rows = new ArrayList<>();
    for (String u : users) {
      for (int i = 1; i <= 10; i++) {
        rows.add(RowFactory.create(u, "i" + i, new Timestamp(i * 86_400_000L)));
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  @Test
  void onlyTheLabelledUsersLoseTheirLaterShare() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> history = events(spark, "a", "b");
    Dataset<Row> labelled = spark.createDataFrame(List.of(RowFactory.create("a")),
        new StructType().add("user_id", DataTypes.StringType));

    Dataset<Row> kept = HybridRanker.withoutLabels(history, new TimeSplit(0.3), labelled);

    assertThat(kept.where("user_id = 'a'").count()).isEqualTo(7);
    assertThat(kept.where("user_id = 'b'").count()).isEqualTo(10);
    assertThat(kept.where("user_id = 'a' and item_id in ('i8', 'i9', 'i10')").count()).isZero();
  }
}

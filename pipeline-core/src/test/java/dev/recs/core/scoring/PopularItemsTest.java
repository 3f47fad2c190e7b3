package dev.recs.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.schema.Table;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class PopularItemsTest {
  @Test
  void ranksItemsByDecayedWeightedEventsTiesToTheSmallerId() {
    long day = 86_400_000L;
    List<Row> events =
        List.of(
            RowFactory.create("u1", "old", "view", null, new Timestamp(0)),
            RowFactory.create("u2", "old", "view", null, new Timestamp(0)),
            RowFactory.create("u3", "old", "view", null, new Timestamp(0)),
            RowFactory.create("u1", "new", "purchase", null, new Timestamp(100 * day)),
            RowFactory.create("u1", "x", "view", null, new Timestamp(100 * day)),
            RowFactory.create("u2", "w", "view", null, new Timestamp(100 * day)));
    ScoringParams params = new ScoringParams(20, 20, 3, 60, 14, Map.of("purchase", 5.0), 1.0, false, 64, 2048, 64);

    List<Row> popular =
        new PopularItems(params)
            .apply(SharedSpark.session().createDataFrame(events, Table.INTERACTIONS.sparkSchema()))
            .collectAsList();

    assertThat(popular).extracting(r -> r.getInt(0) + r.getString(1)).containsExactly("1new", "2w", "3x");
    assertThat(popular.get(0).getFloat(2)).isEqualTo(5f);
  }
}

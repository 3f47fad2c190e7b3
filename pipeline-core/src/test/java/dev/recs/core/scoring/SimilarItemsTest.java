package dev.recs.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.config.ScoringParams;
import dev.recs.core.schema.Table;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class SimilarItemsTest {
  private static final ScoringParams TWO_NEIGHBOURS =
      new ScoringParams(20, 2, 100, 60, 14, Map.of(), 1.0, false, 2, /* blocks of */ 2, /* per group */ 2);

  @Test
  void findsTheNearestItemsByCosineRankedFromOneAndNeverTheItemItself() {
    Dataset<Row> similar =
        new SimilarItems(TWO_NEIGHBOURS).apply(ScoringFixtures.embeddings());

    List<Row> rows = similar.orderBy("item_id", "rank").collectAsList();
    assertThat(rows).hasSize(10);
    assertThat(rows.subList(0, 2))
        .extracting(r -> r.getString(0) + r.getInt(1) + r.getString(2))
        .containsExactly("a1b", "a2c");
    assertThat(rows.subList(6, 8))
        .extracting(r -> r.getString(0) + r.getInt(1) + r.getString(2))
        .containsExactly("d1e", "d2c");
    assertThat(rows).noneMatch(r -> r.getString(0).equals(r.getString(2)));
    assertThat(rows.get(0).getFloat(3)).isCloseTo((float) Math.cos(Math.toRadians(20)), org.assertj.core.data.Offset.offset(1e-5f));
  }

  @Test
  void outputHasTheSimilarItemsSchema() {
    Dataset<Row> similar =
        new SimilarItems(TWO_NEIGHBOURS).apply(ScoringFixtures.embeddings());
    assertThat(similar.schema()).isEqualTo(Table.SIMILAR_ITEMS.sparkSchema());
  }
}

package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.RankerParams;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.schema.Table;
import dev.recs.core.scoring.EmbeddingIndex;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CandidateFeaturesTest {
  private static Dataset<Row> events(String... pairs) {
    List<Row> rows = new ArrayList<>();
    int t = 0;
    for (String p : pairs) {
      String[] ui = p.split(" ");
      rows.add(RowFactory.create(ui[0], ui[1], "view", null, new Timestamp(1000L * ++t)));
    }
    return SharedSpark.session().createDataFrame(rows, Table.INTERACTIONS.sparkSchema());
  }

  @Test
  void proposesCoOccurringContentAndPopularItemsNeverSeenWithFeatures() {
    // v and w both had a and b; u has only a: b co-occurs with a, so it is u's knn candidate
    Dataset<Row> history = events("v a", "v b", "w a", "w b", "w c", "u a");
    Dataset<Row> users = SharedSpark.session().createDataFrame(
        List.of(RowFactory.create("u")), new StructType().add("user_id", DataTypes.StringType));
    Dataset<Row> catalog = SharedSpark.session().createDataFrame(
        List.of(RowFactory.create("a"), RowFactory.create("b"), RowFactory.create("c"), RowFactory.create("d")),
        new StructType().add("item_id", DataTypes.StringType));
    EmbeddingIndex index = EmbeddingIndex.of(new String[] {"a", "b", "c", "d"},
        new float[] {1, 0, 0.9f, 0.1f, 0, 1, 0.95f, 0.05f}, 2);

    Map<String, Row> candidates =
        new CandidateFeatures(RankerParams.defaults(), ScoringParams.defaults(), 7L)
            .build(history, users, catalog, index)
            .collectAsList().stream().collect(Collectors.toMap(r -> r.getString(1), r -> r));

    assertThat(candidates).doesNotContainKey("a").containsKeys("b", "c", "d");
    Row b = candidates.get("b");
    assertThat(b.getString(3)).contains("knn");
    assertThat(b.getString(4)).isEqualTo("a");
    List<Float> features = b.getList(2);
    assertThat(features).hasSize(CandidateFeatures.width(2));
    assertThat(features.get(CandidateFeatures.SCALARS.indexOf("knn_score"))).isGreaterThan(0f);
    assertThat(features.get(CandidateFeatures.SCALARS.indexOf("is_knn"))).isEqualTo(1f);
    // EASE: b is also u's best-scored item, so it is an ease candidate at its user's best score
    assertThat(b.getString(3)).contains("ease");
    assertThat(features.get(CandidateFeatures.SCALARS.indexOf("ease_score"))).isGreaterThan(0f);
    assertThat(features.get(CandidateFeatures.SCALARS.indexOf("ease_rel"))).isEqualTo(1f);
    assertThat(features.get(CandidateFeatures.SCALARS.indexOf("is_ease"))).isEqualTo(1f);
    // d: never interacted with, close to a by content: a new-item candidate
    assertThat(candidates.get("d").getString(3)).contains("new");
    assertThat(candidates.get("d").<Float>getList(2).get(CandidateFeatures.SCALARS.indexOf("cos_profile")))
        .isGreaterThan(0.9f);
  }
}

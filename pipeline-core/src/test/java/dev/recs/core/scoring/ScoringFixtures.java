package dev.recs.core.scoring;

import dev.recs.core.SharedSpark;
import dev.recs.core.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Five items on a circle in 2-D, so that cosine neighbours are obvious. */
final class ScoringFixtures {
  /** a(0°) b(20°) c(40°) d(180°) e(200°). */
  static final String[] IDS = {"a", "b", "c", "d", "e"};

  static final double[] DEGREES = {0, 20, 40, 180, 200};

  private ScoringFixtures() {}

  static Dataset<Row> embeddings() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < IDS.length; i++) {
      double r = Math.toRadians(DEGREES[i]);
      rows.add(RowFactory.create(IDS[i], new Float[] {(float) Math.cos(r), (float) Math.sin(r)}, "v1"));
    }
    return SharedSpark.session().createDataFrame(rows, Table.ITEM_EMBEDDINGS.sparkSchema());
  }

  static Broadcast<EmbeddingIndex> index() {
    return JavaSparkContext.fromSparkContext(SharedSpark.session().sparkContext())
        .broadcast(EmbeddingIndex.collect(embeddings()));
  }
}

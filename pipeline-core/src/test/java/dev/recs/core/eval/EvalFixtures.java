package dev.recs.core.eval;

import dev.recs.core.SharedSpark;
import dev.recs.core.schema.Table;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Interactions written as "user item ts" triples. */
final class EvalFixtures {
  private EvalFixtures() {}

  static Dataset<Row> events(String... triples) {
    List<Row> rows = new ArrayList<>();
    for (String t : triples) {
      String[] p = t.split(" ");
      rows.add(RowFactory.create(p[0], p[1], "view", null, new Timestamp(Long.parseLong(p[2]) * 1000)));
    }
    return SharedSpark.session().createDataFrame(rows, Table.INTERACTIONS.sparkSchema());
  }

  /** A recommender that returns fixed lists, whatever the train data. */
  static Recommender fixed(String name, String... userThenItems) {
    return new Recommender() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
        List<Row> rows = new ArrayList<>();
        for (String line : userThenItems) {
          String[] p = line.split(" ");
          for (int i = 1; i < p.length && i <= k; i++) {
            rows.add(RowFactory.create(p[0], i, p[i]));
          }
        }
        return SharedSpark.session().createDataFrame(rows, new org.apache.spark.sql.types.StructType()
            .add("user_id", "string").add("rank", "int").add("item_id", "string"));
      }
    };
  }
}

package dev.recs.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.schema.Table;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scoring is a pure function of its inputs, so a task that fails and is retried (the shared test
 * session is {@code local[2,3]}: three attempts per task, as on a cluster) changes nothing: with
 * the first attempt of a scoring task failing, similar items and user recommendations equal the
 * clean run's row for row.
 */
@Tag("scores")
class ScoringTaskFailureTest {
  private static final ScoringParams PARAMS = ScoringParams.defaults().withTopK(10);

  /** Passes rows through, but the first attempt of partition 0 dies: a lost executor, say. */
  private static Dataset<Row> failingOnce(Dataset<Row> rows) {
    return rows.mapPartitions(
        (MapPartitionsFunction<Row, Row>) it -> {
          TaskContext task = TaskContext.get();
          if (task.partitionId() == 0 && task.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure of a scoring task");
          }
          return it;
        },
        Encoders.row(rows.schema()));
  }

  @Test
  void aFailedAndRetriedScoringTaskLeavesTheTablesEqualToTheCleanRun() throws Exception {
    SparkSession spark = SharedSpark.session();
    Random random = new Random(7);
    List<Row> vectors = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Float[] v = new Float[8];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) random.nextGaussian();
      }
      vectors.add(RowFactory.create(String.format("i%03d", i), v, "v1"));
    }
    List<Row> events = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      events.add(RowFactory.create("u" + random.nextInt(100), String.format("i%03d", random.nextInt(300)), "view", null,
          new Timestamp(1_700_000_000_000L + random.nextInt(1_000_000) * 1000L)));
    }
    Dataset<Row> embeddings = spark.createDataFrame(vectors, Table.ITEM_EMBEDDINGS.sparkSchema()).repartition(3);
    Dataset<Row> interactions = spark.createDataFrame(events, Table.INTERACTIONS.sparkSchema()).repartition(3);
    Dataset<Row> users = interactions.select("user_id").distinct();

    List<Row> cleanSimilar = similar(embeddings);
    List<Row> cleanRecs = recommend(interactions, users, embeddings);

    AtomicInteger failed = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!end.taskInfo().successful()) {
          failed.incrementAndGet();
        }
      }
    };
    spark.sparkContext().addSparkListener(counter);
    try {
      assertThat(similar(failingOnce(embeddings))).isEqualTo(cleanSimilar);
      assertThat(recommend(failingOnce(interactions), users, embeddings)).isEqualTo(cleanRecs);
    } finally {
      spark.sparkContext().listenerBus().waitUntilEmpty();
      spark.sparkContext().removeSparkListener(counter);
    }
    assertThat(failed.get()).as("injected task failures").isGreaterThanOrEqualTo(2);
  }

  private static List<Row> similar(Dataset<Row> embeddings) {
    return new SimilarItems(PARAMS).apply(embeddings).orderBy("item_id", "rank").collectAsList();
  }

  private static List<Row> recommend(Dataset<Row> interactions, Dataset<Row> users, Dataset<Row> embeddings) {
    SparkSession spark = interactions.sparkSession();
    Dataset<Row> popular = spark.createDataFrame(
        List.of(RowFactory.create(1, "i000", 9f), RowFactory.create(2, "i001", 8f)), Table.POPULAR_ITEMS.sparkSchema());
    return new UserRecommendations(PARAMS)
        .apply(interactions, users,
            JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(EmbeddingIndex.collect(embeddings)), popular)
        .orderBy("user_id", "rank")
        .collectAsList();
  }
}

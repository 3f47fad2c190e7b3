package dev.recs.core.scoring;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class NewItemNeighboursTest {
  private static final SparkSession SPARK = SharedSpark.session();
  /** Three neighbours, blocks of 4 items, query blocks of 3 new items. */
  private static final ScoringParams PARAMS =
      new ScoringParams(20, 3, 100, 60, 14, Map.of(), 1.0, false, 3, 4, 2);

  private static Dataset<Row> randomEmbeddings(int from, int to, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Float[] v = new Float[6];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) rng.nextGaussian();
      }
      rows.add(RowFactory.create(String.format("i%03d", i), v, "v1"));
    }
    return SPARK.createDataFrame(rows, Table.ITEM_EMBEDDINGS.sparkSchema());
  }

  private static List<String> lists(Dataset<Row> similar) {
    return similar.orderBy("item_id", "rank").collectAsList().stream()
        .map(r -> r.getString(0) + "#" + r.getInt(1) + "=" + r.getString(2))
        .toList();
  }

  @Test
  void updatedTableEqualsTheTableComputedOverAllItems() {
    Dataset<Row> old = randomEmbeddings(0, 40, 1);
    Dataset<Row> added = randomEmbeddings(40, 47, 2);
    Dataset<Row> all = old.unionByName(added);
    Dataset<Row> published = new SimilarItems(PARAMS).apply(old).cache();

    NewItemNeighbours.Update update =
        new NewItemNeighbours(PARAMS).apply(
            published,
            added.select("item_id"),
            JavaSparkContext.fromSparkContext(SPARK.sparkContext()).broadcast(EmbeddingIndex.collect(all)));

    Dataset<Row> expected = new SimilarItems(PARAMS).apply(all);
    assertThat(lists(update.similarItems())).isEqualTo(lists(expected));
    assertThat(update.similarItems().schema().fieldNames()).containsExactly(Table.SIMILAR_ITEMS.sparkSchema().fieldNames());
    long changed =
        expected.join(published, expected.col("item_id").equalTo(published.col("item_id"))
                .and(expected.col("rank").equalTo(published.col("rank"))))
            .where(expected.col("similar_item_id").notEqual(published.col("similar_item_id")))
            .select(expected.col("item_id")).distinct().count();
    // every old list a new item entered, and no other, was re-ranked
    assertThat(update.updatedItems()).isEqualTo(changed).isPositive();
    assertThat(update.similarItems().where(col("item_id").equalTo(col("similar_item_id"))).count()).isZero();
  }

  @Test
  void withCandidatesOnlyThoseAreNeighboursAndTheTableEqualsTheFullComputation() {
    Dataset<Row> old = randomEmbeddings(0, 40, 1);
    Dataset<Row> added = randomEmbeddings(40, 47, 2);
    Dataset<Row> all = old.unionByName(added);
    // items with events: every third old item, and one of the new ones
    List<String> offered = new ArrayList<>();
    for (int i = 0; i < 47; i += 3) {
      offered.add(String.format("i%03d", i));
    }
    offered.add("i046");
    Dataset<Row> candidates = SPARK.createDataset(offered, org.apache.spark.sql.Encoders.STRING()).toDF("item_id");
    Dataset<Row> published = new SimilarItems(PARAMS).apply(old, candidates).cache();

    NewItemNeighbours.Update update =
        new NewItemNeighbours(PARAMS).apply(
            published,
            added.select("item_id"),
            JavaSparkContext.fromSparkContext(SPARK.sparkContext()).broadcast(EmbeddingIndex.collect(all)),
            offered);

    assertThat(lists(update.similarItems())).isEqualTo(lists(new SimilarItems(PARAMS).apply(all, candidates)));
    assertThat(update.similarItems().select("similar_item_id").distinct().collectAsList())
        .extracting(r -> r.getString(0)).allMatch(offered::contains);
    assertThat(update.similarItems().select("item_id").distinct().count()).isEqualTo(47);
  }

  @Test
  void onlyListsWhoseKthScoreTheNewItemReachesAreUpdated() {
    Dataset<Row> old = randomEmbeddings(0, 10, 3);
    // K = 9: every old list holds all other old items, so its K-th score is its worst
    ScoringParams all9 = new ScoringParams(20, 9, 100, 60, 14, Map.of(), 1.0, false, 3, 4, 2);
    Dataset<Row> published = new SimilarItems(all9).apply(old).cache();
    Dataset<Row> zero =
        SPARK.createDataFrame(
            List.of(RowFactory.create("i999", new Float[] {0f, 0f, 0f, 0f, 0f, 0f}, "v1")),
            Table.ITEM_EMBEDDINGS.sparkSchema());

    NewItemNeighbours.Update update =
        new NewItemNeighbours(all9).apply(
            published,
            zero.select("item_id"),
            JavaSparkContext.fromSparkContext(SPARK.sparkContext())
                .broadcast(EmbeddingIndex.collect(old.unionByName(zero))));

    // a zero vector scores 0 against everything: it only enters lists whose worst is below 0
    long worstBelowZero =
        published.where(col("rank").equalTo(9).and(col("score").leq(0f))).count();
    assertThat(update.updatedItems()).isEqualTo(worstBelowZero);
    assertThat(update.similarItems().where(col("item_id").equalTo("i999")).count()).isEqualTo(9);
  }
}

package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.RankerParams;
import dev.recs.core.schema.Table;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.ItemCooccurrence;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class UserCandidatesTest {
  private static Dataset<Row> events(String... pairs) {
    List<Row> rows = new ArrayList<>();
    int t = 0;
    for (String p : pairs) {
      String[] ui = p.split(" ");
      rows.add(RowFactory.create(ui[0], ui[1], "view", null, new Timestamp(1000L * ++t)));
    }
    return SharedSpark.session().createDataFrame(rows, Table.INTERACTIONS.sparkSchema());
  }

  private static Dataset<Row> catalog(String... ids) {
    List<Row> rows = new ArrayList<>();
    for (String id : ids) {
      rows.add(RowFactory.create(id));
    }
    return SharedSpark.session().createDataFrame(rows, new StructType().add("item_id", DataTypes.StringType));
  }

  /** Every item's other items by cosine, best first (what similar_items holds). */
  private static int[][] byCosine(EmbeddingIndex index) {
    int[][] out = new int[index.size()][];
    for (int p = 0; p < index.size(); p++) {
      int from = p;
      out[p] = java.util.stream.IntStream.range(0, index.size()).filter(q -> q != from).boxed()
          .sorted((a, b) -> Float.compare(index.cosine(from, b), index.cosine(from, a)))
          .mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  private static int feature(String name) {
    return CandidateFeatures.SCALARS.indexOf(name);
  }

  @Test
  void proposesCoOccurringContentAndPopularItemsNeverSeenWithFeatures() {
    // v and w both had a and b; u has only a: b co-occurs with a, so it is u's knn candidate
    Dataset<Row> history = events("v a", "v b", "w a", "w b", "w c", "u a");
    EmbeddingIndex index = EmbeddingIndex.of(new String[] {"a", "b", "c", "d"},
        new float[] {1, 0, 0.9f, 0.1f, 0, 1, 0.95f, 0.05f}, 2);
    RankerParams params = RankerParams.defaults();
    CandidateSources sources = CandidateSources.fit(history, catalog("a", "b", "c", "d"), params, 7L);
    UserCandidates builder = new UserCandidates(CandidateInputs.of(sources, index, params.newItemMaxEvents(), byCosine(index)), params);

    Map<String, Candidate> candidates =
        builder.build(new UserCandidates.History(new String[] {"a"}, new float[] {1f}, new double[] {6}, new float[] {1f}))
            .stream().collect(Collectors.toMap(c -> c.item, c -> c));

    assertThat(candidates).doesNotContainKey("a").containsKeys("b", "c", "d");
    Candidate b = candidates.get("b");
    assertThat(b.source).contains("knn");
    assertThat(b.reason).isEqualTo("a");
    assertThat(b.features).hasSize(CandidateFeatures.width());
    assertThat(b.features[feature("knn_score")]).isGreaterThan(0f);
    assertThat(b.features[feature("is_knn")]).isEqualTo(1f);
    assertThat(b.itemUsers).isEqualTo(2);
    // EASE: b is also u's best-scored item, so it is an ease candidate at its user's best score
    assertThat(b.source).contains("ease");
    assertThat(b.features[feature("ease_score")]).isGreaterThan(0f);
    assertThat(b.features[feature("ease_rel")]).isEqualTo(1f);
    assertThat(b.features[feature("is_ease")]).isEqualTo(1f);
    // d: never interacted with, close to a by content: a new-item candidate
    assertThat(candidates.get("d").source).contains("new");
    assertThat(candidates.get("d").features[feature("cos_profile")]).isGreaterThan(0.9f);
    assertThat(candidates.get("d").itemUsers).isZero();
  }

  @Test
  void tailShareIsTheShareOfTheUsersItemsWithAtMostTailMaxEventsUsers() {
    // a has 5 users, b 1, c 1, d (in the catalog) none; tail-max-events is 3
    RankerParams params = RankerParams.defaults();
    CandidateSources sources = CandidateSources.fit(events("p a", "q a", "r a", "s a", "t a", "p b", "q c"),
        catalog("a", "b", "c", "d"), params, 7L);
    EmbeddingIndex index = EmbeddingIndex.of(new String[] {"a", "b", "c", "d"}, new float[] {1, 0, 0, 1, 1, 1, 0.5f, 1}, 2);
    UserCandidates builder =
        new UserCandidates(CandidateInputs.of(sources, index, params.newItemMaxEvents(), byCosine(index)), params);

    assertThat(builder.tailShare(history("a", "b", "c", "d"))).isEqualTo(0.75f);
    assertThat(builder.tailShare(history("a", "b"))).isEqualTo(0.5f);
    assertThat(builder.tailShare(history("a"))).isZero();
    assertThat(builder.tailShare(history())).isZero();
  }

  private static UserCandidates.History history(String... items) {
    float[] ones = new float[items.length];
    java.util.Arrays.fill(ones, 1f);
    return new UserCandidates.History(items, ones, new double[items.length], ones);
  }

  @Test
  void aUserWithoutHistoryGetsThePopularItems() {
    RankerParams params = RankerParams.defaults();
    CandidateSources sources =
        CandidateSources.fit(events("v a", "v b", "w a"), catalog("a", "b", "c"), params, 7L);
    EmbeddingIndex index = EmbeddingIndex.of(new String[] {"a", "b", "c"}, new float[] {1, 0, 0, 1, 1, 1}, 2);
    List<Candidate> candidates =
        new UserCandidates(CandidateInputs.of(sources, index, params.newItemMaxEvents(), byCosine(index)), params)
            .build(new UserCandidates.History(new String[0], new float[0], new double[0], new float[0]));

    assertThat(candidates).extracting(c -> c.item).containsExactly("a", "b", "c");
    assertThat(candidates).extracting(c -> c.source).containsOnly("popular");
  }

  @Test
  void cooccurrenceNeighboursEqualTheSparkSelfJoins() {
    Random random = new Random(3);
    List<String> pairs = new ArrayList<>();
    for (int u = 0; u < 40; u++) {
      int n = 1 + random.nextInt(12);
      for (int i = 0; i < n; i++) {
        pairs.add("u" + u + " i" + random.nextInt(30));
      }
    }
    Dataset<Row> history = events(pairs.toArray(String[]::new));
    String[] items = new String[30];
    for (int i = 0; i < items.length; i++) {
      items[i] = "i" + i;
    }
    CandidateSources sources = CandidateSources.fit(history, catalog(items), RankerParams.defaults(), 7L);

    Map<String, List<String>> spark = new java.util.TreeMap<>();
    Map<String, List<Float>> sparkSims = new java.util.TreeMap<>();
    for (Row r : new ItemCooccurrence(5).apply(history).orderBy("item_id", "sim").collectAsList()) {
      spark.computeIfAbsent(r.getString(0), x -> new ArrayList<>());
    }
    for (Row r : new ItemCooccurrence(5).apply(history)
        .orderBy(org.apache.spark.sql.functions.col("item_id"), org.apache.spark.sql.functions.col("sim").desc(),
            org.apache.spark.sql.functions.col("neighbour"))
        .collectAsList()) {
      spark.get(r.getString(0)).add(r.getString(1));
      sparkSims.computeIfAbsent(r.getString(0), x -> new ArrayList<>()).add((float) r.getDouble(2));
    }
    int[][] neighbours = new int[sources.size()][];
    float[][] sims = new float[sources.size()][];
    CandidateSources.cooccurrence(userItems(history, sources), sources.users, 5, neighbours, sims);
    for (Map.Entry<String, List<String>> e : spark.entrySet()) {
      int p = sources.position(e.getKey());
      assertThat(java.util.Arrays.stream(neighbours[p]).mapToObj(sources::id).toList()).as(e.getKey())
          .isEqualTo(e.getValue());
      for (int j = 0; j < sims[p].length; j++) {
        assertThat(sims[p][j]).isCloseTo(sparkSims.get(e.getKey()).get(j), org.assertj.core.data.Offset.offset(1e-6f));
      }
    }
  }

  private static List<int[]> userItems(Dataset<Row> history, CandidateSources sources) {
    List<int[]> out = new ArrayList<>();
    for (Row r : history.groupBy("user_id").agg(org.apache.spark.sql.functions.collect_set("item_id")).collectAsList()) {
      out.add(r.<String>getList(1).stream().mapToInt(sources::position).sorted().toArray());
    }
    return out;
  }
}

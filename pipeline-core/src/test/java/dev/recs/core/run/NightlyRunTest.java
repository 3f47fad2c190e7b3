package dev.recs.core.run;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recs.core.SharedSpark;
import dev.recs.core.config.EncoderParams;
import dev.recs.core.config.PipelineConfig;
import dev.recs.core.generate.SyntheticData;
import dev.recs.core.publish.RunManifest;
import dev.recs.core.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole run on a small synthetic dataset: Parquet catalog, folder of JSON-lines events. */
class NightlyRunTest {
  @org.junit.jupiter.api.AfterAll
  static void releaseCaches() {
    dev.recs.core.SharedSpark.releaseCaches();
  }

  private static final LocalDate DATE = LocalDate.parse("2026-11-01");
  private static final SparkSession SPARK = SharedSpark.session();

  @TempDir static Path dir;
  private static RunInputs inputs;
  private static String output;
  private static RunManifest first;

  static PipelineConfig smallConfig() {
    PipelineConfig d = PipelineConfig.defaults();
    EncoderParams encoder = d.encoder().withEmbeddingDim(16, 64).withMaxEpochs(5);
    return d.withEncoder(encoder)
        .withCollaborative(d.collaborative().withMaxEpochs(10))
        .withRanker(d.ranker().withTraining(java.util.List.of(0.2), 8))
        // re-ranked lists published and evaluated as "pipeline"; no sweep (each point is a model)
        .withDiversity(d.diversity().withEnabled(true).withSweep(java.util.List.of()))
        // every user held out at night: 120 users make a sample the gate can read
        .withEval(d.eval().withNightlyShare(1.0)
            .withModels(java.util.List.of("pipeline", "hybrid", "hybrid_explore_3", "popularity")));
  }

  @BeforeAll
  static void runOnce() {
    SyntheticData data = new SyntheticData(300, 120, 3000, 11);
    List<Row> items = new ArrayList<>();
    data.catalog().forEachRemaining(i -> items.add(RowFactory.create(
        i.itemId(), i.title(), i.description(), i.categories(), i.tags(),
        new Timestamp(i.updatedAt() * 1000))));
    SPARK.createDataFrame(items, Table.CATALOG.sparkSchema()).write().parquet(dir.resolve("catalog.parquet").toString());
    List<Row> events = new ArrayList<>();
    data.events().forEachRemaining(e -> events.add(RowFactory.create(e.userId(), e.itemId(), e.eventType(), e.ts())));
    StructType eventSchema = new StructType()
        .add("user_id", DataTypes.StringType).add("item_id", DataTypes.StringType)
        .add("event_type", DataTypes.StringType).add("ts", DataTypes.LongType);
    SPARK.createDataFrame(events, eventSchema).repartition(3).write().json(dir.resolve("events").toString());

    inputs = new RunInputs(dir.resolve("catalog.parquet").toString(), dir.resolve("events").toString());
    output = dir.resolve("out").toString();
    first = new NightlyRun(SPARK, smallConfig(), output, DATE, Map.of("seed", 42)).nightly(inputs);
  }

  private static Dataset<Row> table(Table t) {
    return SPARK.read().parquet(output + "/" + t.tableName() + "/dt=" + DATE);
  }

  @Test
  void everyItemGetsAnEmbeddingAndKNeighbours() {
    assertThat(table(Table.ITEM_EMBEDDINGS).count()).isEqualTo(300);
    Dataset<Row> perItem = table(Table.SIMILAR_ITEMS).groupBy("item_id").count();
    assertThat(perItem.count()).isEqualTo(300);
    assertThat(perItem.where(col("count").notEqual(20)).count()).isZero();
  }

  @Test
  void publishedVectorsOfItemsWithEventsAreTheirLearnedFactorsAndTheRankersBlendInContent() {
    dev.recs.core.model.ModelRegistry registry =
        new dev.recs.core.model.ModelRegistry(output, SPARK.sparkContext().hadoopConfiguration());
    dev.recs.core.ranking.CandidateSources sources = dev.recs.core.ranking.CandidateSources.load(
        registry.dir(first.modelVersion(), dev.recs.core.model.ModelRegistry.SOURCES), SPARK.sparkContext().hadoopConfiguration());
    Map<String, float[]> ranker = vectors(SPARK.read().parquet(
        registry.dir(first.modelVersion(), dev.recs.core.model.ModelRegistry.RANKER_CONTENT) + "/vectors"));
    Map<String, float[]> published = vectors(table(Table.ITEM_EMBEDDINGS));
    assertThat(ranker.keySet()).isEqualTo(published.keySet());
    int withEvents = 0;
    int differ = 0;
    for (Map.Entry<String, float[]> e : published.entrySet()) {
      float[] learned = sources.alsFactorsOf(e.getKey());
      if (sources.usersOf(e.getKey()) == 0 || learned == null) {
        // no events: both place the item by its content alone
        assertThat(ranker.get(e.getKey())).containsExactly(e.getValue());
        continue;
      }
      withEvents++;
      double norm = Math.sqrt(dot(learned, learned));
      for (int j = 0; j < learned.length; j++) {
        assertThat((double) e.getValue()[j]).isCloseTo(learned[j] / norm, org.assertj.core.api.Assertions.within(1e-5));
      }
      differ += dot(ranker.get(e.getKey()), e.getValue()) < 0.999 ? 1 : 0;
    }
    assertThat(withEvents).isGreaterThan(200);
    // ranker-blend-events = 20: items with a few dozen users still lean on their content
    assertThat(differ).isGreaterThan(withEvents / 2);
  }

  private static Map<String, float[]> vectors(Dataset<Row> rows) {
    Map<String, float[]> out = new java.util.HashMap<>();
    for (Row r : rows.select("item_id", "embedding").collectAsList()) {
      List<Float> v = r.getList(1);
      float[] f = new float[v.size()];
      for (int j = 0; j < f.length; j++) {
        f[j] = v.get(j);
      }
      out.put(r.getString(0), f);
    }
    return out;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  @Test
  void everyUserGetsRecommendationsAndNoneAlreadySeen() {
    Dataset<Row> recs = table(Table.USER_RECOMMENDATIONS);
    assertThat(recs.select("user_id").distinct().count()).isEqualTo(120);
    Dataset<Row> events = SPARK.read().json(inputs.interactions()).select("user_id", "item_id");
    Dataset<Row> seenAndRecommended =
        recs.join(events, recs.col("user_id").equalTo(events.col("user_id"))
            .and(recs.col("item_id").equalTo(events.col("item_id"))));
    assertThat(seenAndRecommended.count()).isZero();
  }

  @Test
  void recommendationsComeFromTheHybridsGeneratorsWithReasonsAndRanks() {
    List<Row> recs = table(Table.USER_RECOMMENDATIONS).collectAsList();
    assertThat(recs).extracting(r -> r.<String>getAs("source"))
        .allSatisfy(s -> assertThat(List.of(s.split("\\+"))).isSubsetOf("knn", "ease", "content", "new", "popular"));
    assertThat(recs).extracting(r -> r.<String>getAs("source")).anyMatch(s -> s.contains("knn"));
    assertThat(recs.stream().filter(r -> r.getAs("reason_item_id") != null).count()).isGreaterThan(recs.size() / 2);
    assertThat(recs).extracting(r -> r.<Integer>getAs("rank"))
        .containsOnly(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toArray(Integer[]::new));
  }

  @Test
  void contentNeighboursMostlyShareTheItemsPlantedTopic() {
    SyntheticData data = new SyntheticData(300, 120, 3000, 11);
    List<Row> top = table(Table.SIMILAR_ITEMS).where(col("rank").leq(5)).collectAsList();
    long same = top.stream()
        .filter(r -> data.topicOf(Integer.parseInt(r.getString(0).substring(1)))
            == data.topicOf(Integer.parseInt(r.getString(2).substring(1))))
        .count();
    // 16 topics: chance would be about 1 in 16
    assertThat(same / (double) top.size()).isGreaterThan(0.5);
  }

  @Test
  void publishedPartitionsCarryTheSchemasInSchemasFolder() {
    for (Table t : Table.outputs()) {
      StructType published = table(t).schema();
      StructType declared = t.sparkSchema();
      assertThat(published.fieldNames()).as(t.tableName()).containsExactly(declared.fieldNames());
      for (StructField f : declared.fields()) {
        assertThat(published.apply(f.name()).dataType().catalogString())
            .as(t.tableName() + "." + f.name())
            .isEqualTo(f.dataType().catalogString());
      }
    }
  }

  @Test
  void manifestRecordsAccountingTablesAndStageTimings() throws Exception {
    JsonNode manifest = new ObjectMapper().readTree(
        Path.of(output, "_runs", "dt=" + DATE, "manifest.json").toFile());
    assertThat(manifest.get("status").asText()).isEqualTo("published");
    assertThat(manifest.get("rows").get(1).get("in").asLong()).isEqualTo(3000);
    assertThat(manifest.get("tables").get("user_recommendations").asLong()).isEqualTo(120 * 20);
    assertThat(manifest.get("stageMillis").fieldNames()).toIterable()
        .containsExactly("ingest", "features", "train", "score", "evaluate", "publish");
    assertThat(manifest.get("modelVersion").asText()).startsWith("20261101-");
    assertThat(first.modelVersion()).isEqualTo(manifest.get("modelVersion").asText());
  }

  @Test
  void theNightMeasuresThePublishedModelAndPopularityOnItsHeldOutUsersAndWritesTheReport() throws Exception {
    Map<String, Double> ndcg = new java.util.HashMap<>();
    Map<String, Double> error = new java.util.HashMap<>();
    for (Row r : table(Table.METRICS).where(col("k").equalTo(10).and(col("segment").equalTo("all"))).collectAsList()) {
      if (r.<String>getAs("metric").equals("ndcg")) {
        ndcg.put(r.getAs("model"), r.getAs("value"));
      } else if (r.<String>getAs("metric").equals("ndcg_se")) {
        error.put(r.getAs("model"), r.getAs("value"));
      }
    }

    assertThat(ndcg.keySet()).containsExactlyInAnyOrder("pipeline", "popularity");
    assertThat(ndcg.get("pipeline")).isGreaterThan(ndcg.get("popularity"));
    assertThat(error.get("pipeline")).isPositive().isLessThan(ndcg.get("pipeline"));
    Path report = Path.of(output, "reports", "dt=" + DATE, "report.html");
    assertThat(report).exists();
    assertThat(Files.readString(report)).contains("Models at K = 10", "data:image/png;base64,",
        "Passed</span>: nothing compared (no earlier published night).", "<h2>Trend</h2>",
        "here 1, " + DATE + " to " + DATE);
  }

  @Test
  void evaluateComparesEveryConfiguredModelOnTheFullProtocol() throws Exception {
    String out = copyOfFirstNight("compare");
    LocalDate day = DATE.plusDays(3);
    NightlyRun run = new NightlyRun(SPARK, smallConfig(), out, day, Map.of());
    run.ingest(inputs);
    run.features();
    run.train();
    run.score();
    run.compareModels();
    run.publishEvaluation();

    Map<String, Double> coverage = new java.util.HashMap<>();
    for (Row r : SPARK.read().parquet(out + "/metrics/dt=" + day)
        .where(col("metric").equalTo("coverage").and(col("k").equalTo(10)).and(col("segment").equalTo("all")))
        .collectAsList()) {
      coverage.put(r.getAs("model"), r.getAs("value"));
    }
    assertThat(coverage.keySet()).containsExactlyInAnyOrder("pipeline", "hybrid", "hybrid_explore_3", "popularity");
    // exploration slots trade accuracy for reach: never fewer distinct items than the ranker alone
    assertThat(coverage.get("hybrid_explore_3")).isGreaterThanOrEqualTo(coverage.get("hybrid"));
  }

  @Test
  void rerunForSameDateLeavesOneCopyOfEachTableWithTheSameRows() throws Exception {
    // on a copy: no test changes the first night's output, so none depends on the order they run in
    String out = copyOfFirstNight("rerun");
    List<Row> before = table(Table.SIMILAR_ITEMS).orderBy("item_id", "rank").collectAsList();

    new NightlyRun(SPARK, smallConfig(), out, DATE, Map.of()).nightly(inputs);

    for (Table t : Table.outputs()) {
      try (Stream<Path> partitions = Files.list(Path.of(out, t.tableName()))) {
        assertThat(partitions.map(p -> p.getFileName().toString())).containsExactly("dt=" + DATE);
      }
    }
    assertThat(SPARK.read().parquet(out + "/" + Table.SIMILAR_ITEMS.tableName() + "/dt=" + DATE)
        .orderBy("item_id", "rank").collectAsList()).isEqualTo(before);
    assertThat(Path.of(out, "_work")).isEmptyDirectory();
  }

  /** A copy of the first night's output, so that later dates do not disturb the other tests. */
  private static String copyOfFirstNight(String name) throws Exception {
    Path copy = dir.resolve(name);
    try (Stream<Path> files = Files.walk(Path.of(output))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path to = copy.resolve(Path.of(output).relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    return copy.toString();
  }

  private static PipelineConfig withoutEvaluation(PipelineConfig c) {
    return c.withEval(c.eval().withEnabled(false));
  }

  private static PipelineConfig evalPipelineOnly() {
    PipelineConfig c = smallConfig();
    return c.withEval(c.eval().withModels(List.of("pipeline")));
  }

  @Test
  void nextNightFineTunesThePublishedModelAndRecordsItsLineage() throws Exception {
    String out = copyOfFirstNight("warm");
    // evaluation off: with the hybrid published it would train the ranker once more per night
    // and the gate off: 5 more epochs move this under-trained test encoder's embeddings a lot
    PipelineConfig config =
        withoutEvaluation(smallConfig()).withGate(new dev.recs.core.config.GateParams(false, 0.2, 0.3, 0.5));
    RunManifest second = new NightlyRun(SPARK, config, out, DATE.plusDays(1), Map.of()).nightly(inputs);

    // the parent is the first date's model
    dev.recs.core.model.ModelRegistry registry =
        new dev.recs.core.model.ModelRegistry(out, SPARK.sparkContext().hadoopConfiguration());
    assertThat(second.model().training()).isEqualTo(dev.recs.core.model.ModelLineage.WARM);
    assertThat(registry.card(second.model().parent()).orElseThrow().date()).isEqualTo(DATE.toString());
    dev.recs.core.model.ModelCard card = registry.card(second.modelVersion()).orElseThrow();
    assertThat(card.parent()).isEqualTo(second.model().parent());
    assertThat(card.fullTrainedOn()).isEqualTo(DATE.toString());
    assertThat(card.parts()).containsExactly("features", "encoder", "ranker", "sources", "collaborative", "ranker_content");
    assertThat(card.dataWindow().events()).isEqualTo(3000);
    assertThat(card.metrics()).containsKeys("published catalog_coverage@20", "encoder validation_loss");

    // pinned: tonight's tables from that version, nothing trained, no new version
    RunManifest pinned =
        new NightlyRun(SPARK, config, out, DATE.plusDays(2), Map.of(), new ModelChoice(second.modelVersion(), false, false))
            .nightly(inputs);
    assertThat(pinned.model().training()).isEqualTo(dev.recs.core.model.ModelLineage.PINNED);
    assertThat(pinned.modelVersion()).isEqualTo(second.modelVersion());
    assertThat(registry.versions()).contains(first.modelVersion(), second.modelVersion())
        .noneMatch(v -> v.startsWith(DATE.plusDays(2).toString().replace("-", "")));
  }

  @Test
  void scrambledEventsTripTheQualityGateAndLeaveYesterdaysTablesAlone() throws Exception {
    String out = copyOfFirstNight("gate");
    List<Row> events = SPARK.read().json(inputs.interactions()).orderBy("user_id", "ts", "item_id").collectAsList();
    List<String> items = new ArrayList<>(events.stream().map(r -> r.<String>getAs("item_id")).toList());
    java.util.Collections.shuffle(items, new java.util.Random(7));
    List<Row> scrambled = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Row e = events.get(i);
      scrambled.add(RowFactory.create(e.getAs("user_id"), items.get(i), e.getAs("event_type"), e.<Long>getAs("ts")));
    }
    StructType eventSchema = new StructType()
        .add("user_id", DataTypes.StringType).add("item_id", DataTypes.StringType)
        .add("event_type", DataTypes.StringType).add("ts", DataTypes.LongType);
    String scrambledPath = dir.resolve("scrambled").toString();
    SPARK.createDataFrame(scrambled, eventSchema).write().json(scrambledPath);
    RunInputs bad = new RunInputs(inputs.catalog(), scrambledPath);
    List<Row> yesterday = SPARK.read().parquet(out + "/user_recommendations/dt=" + DATE).orderBy("user_id", "rank").collectAsList();

    LocalDate next = DATE.plusDays(1);
    assertThatThrownBy(() -> new NightlyRun(SPARK, evalPipelineOnly(), out, next, Map.of()).nightly(bad))
        .isInstanceOfSatisfying(dev.recs.core.api.PipelineException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(3);
          // on 120 users the hybrid's NDCG is near popularity's either way; the lists' coverage
          // collapses onto the popular items (the bundled sample's NDCG falls too, see README)
          assertThat(e.getMessage()).contains("quality gate against dt=" + DATE, "catalog_coverage@20 fell", "--force");
        });
    for (Table t : Table.outputs()) {
      try (Stream<Path> partitions = Files.list(Path.of(out, t.tableName()))) {
        assertThat(partitions.map(p -> p.getFileName().toString())).containsExactly("dt=" + DATE);
      }
    }
    assertThat(SPARK.read().parquet(out + "/user_recommendations/dt=" + DATE).orderBy("user_id", "rank").collectAsList())
        .isEqualTo(yesterday);

    // the work area is kept: publish --force follows and says so in the manifest
    RunManifest forced =
        new NightlyRun(SPARK, evalPipelineOnly(), out, next, Map.of(), new ModelChoice(null, false, true)).publish();
    assertThat(((dev.recs.core.eval.QualityGate.Verdict) forced.gate()).forced()).isTrue();
    assertThat(Files.readString(Path.of(out, "reports", "dt=" + next, "report.html")))
        .contains("Forced publish</span>: the gate failed against dt=" + DATE, "here 2, " + DATE + " to " + next);
    assertThat(Path.of(out, "user_recommendations", "dt=" + next)).isDirectory();
  }
}

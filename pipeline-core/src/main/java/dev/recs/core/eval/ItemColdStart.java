package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.recs.core.config.ItemColdStartParams;
import dev.recs.core.config.PipelineConfig;
import dev.recs.core.features.ItemFeaturesTrainer;
import dev.recs.core.model.ContentEncoderTrainer;
import dev.recs.core.ranking.CandidateSources;
import dev.recs.core.ranking.HybridRanker;
import dev.recs.core.ranking.ItemVectors;
import dev.recs.core.ranking.PublishedRecommender;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.SimilarItems;
import dev.recs.core.schema.Columns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.PCA;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The item cold-start protocol of {@code recs evaluate}: how well each way of placing an item
 * from its content alone finds its audience. Every event and every tag of a seeded share of the
 * items with enough users is hidden (as if the items were brand new: on MovieLens users write
 * the tags), the feature pipeline, the autoencoder, the candidate sources and the content →
 * collaborative model are trained on the rest, and for the hidden items it reports, per way of
 * placing them ({@link #METHODS}):
 *
 * <ul>
 *   <li>{@code neighbour_precision@10}: of each hidden item's 10 nearest items by cosine among
 *       the items with training events (where {@code similar_items} draws neighbours from), the
 *       share among its {@code neighbours} nearest collaborative neighbours in the full data
 *       (item-item cosine over every user's distinct items, hidden events included);
 *   <li>{@code user_auc}: per user with hidden-item events, the AUC of their profile's scores
 *       (the sum of their training items' unit vectors, dotted with each hidden item's) over the
 *       hidden items, their own against the others (the LightFM protocol), averaged over users;
 *   <li>{@code hidden_recall@20}: for the published model only, the share of those users' hidden
 *       (user, item) pairs that their top-20 published lists, built from the training events,
 *       contain.
 * </ul>
 * Rows are {@link MetricRow}s of segment {@link #SEGMENT}, model = the method.
 */
public final class ItemColdStart {
  private static final Logger LOG = LoggerFactory.getLogger(ItemColdStart.class);
  public static final String SEGMENT = "item_cold_start";
  public static final String PUBLISHED = "content_to_cf";
  /** The ways of placing an item compared, in report order. */
  public static final List<String> METHODS =
      List.of("random", "category", "tfidf", "tfidf_svd64", "autoencoder", PUBLISHED);
  static final int K = 10;
  static final int RECALL_K = 20;

  private final PipelineConfig config;
  private final ItemColdStartParams params;
  /** Users by position while judging (their ids never leave this class). */
  private final Map<String, Integer> users = new HashMap<>();

  public ItemColdStart(PipelineConfig config) {
    this.config = config;
    this.params = config.eval().itemColdStart();
  }

  /** Runs the protocol on the clean {@code catalog} and {@code interactions}. */
  public List<MetricRow> evaluate(Dataset<Row> catalog, Dataset<Row> interactions) {
    return evaluate(catalog, interactions, true);
  }

  /**
   * Runs the protocol; {@code publishedLists} false skips training the ranker for the published
   * lists' recall (experiments on the item vectors alone).
   */
  public List<MetricRow> evaluate(Dataset<Row> catalog, Dataset<Row> interactions, boolean publishedLists) {
    users.clear();
    long seed = config.seed();
    List<String> eligible = interactions.groupBy(Columns.ITEM_ID).agg(countDistinct(Columns.USER_ID).as("n"))
        .where(col("n").geq(params.minEvents()))
        .orderBy(xxhash64(col(Columns.ITEM_ID), lit(seed)), col(Columns.ITEM_ID))
        .select(Columns.ITEM_ID).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    int hiddenCount = (int) Math.max(1, Math.round(eligible.size() * params.share()));
    Set<String> hidden = new HashSet<>(eligible.subList(0, Math.min(hiddenCount, eligible.size())));
    Object[] hiddenIds = hidden.toArray();
    Dataset<Row> train = interactions.where(not(col(Columns.ITEM_ID).isin(hiddenIds))).cache();
    Dataset<Row> hiddenCatalog = catalog.withColumn(Columns.TAGS,
        when(col(Columns.ITEM_ID).isin(hiddenIds), lit(null).cast(DataTypes.createArrayType(DataTypes.StringType)))
            .otherwise(col(Columns.TAGS)));
    Dataset<Row> features =
        new ItemFeaturesTrainer(config.features(), config.ingest().numericColumns()).fit(hiddenCatalog)
            .transform(hiddenCatalog).select(Columns.ITEM_ID, Columns.FEATURES).cache();
    Dataset<Row> autoencoder = new ContentEncoderTrainer(config.encoder()).fit(features).embed(features).cache();
    Dataset<Row> catalogItems = catalog.select(Columns.ITEM_ID);
    PublishedRecommender published =
        new PublishedRecommender(config.ranker(), config.scoring(), config.diversity(), seed);
    HybridRanker hybrid = published.hybrid();
    CandidateSources sources = hybrid.fitSources(train, catalogItems);
    Dataset<Row> inputs = ItemVectors.inputs(features, autoencoder).cache();
    ItemVectors.Blends placed = new ItemVectors(config.collaborative()).place(sources, inputs, autoencoder).vectors().cache();
    LOG.info("item cold start: {} of {} items with at least {} users hidden", hidden.size(), eligible.size(),
        params.minEvents());

    // every way of placing items, as unit vectors over the catalog's items in one order
    String[] ids = catalogItems.distinct().orderBy(Columns.ITEM_ID).as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList().toArray(String[]::new);
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      position.put(ids[i], i);
    }
    Map<String, float[][]> spaces = new LinkedHashMap<>();
    spaces.put("random", randomVectors(ids.length, 16, seed));
    spaces.put("category", categoryVectors(catalog, position));
    spaces.put("tfidf", vectorsOf(features.select(Columns.ITEM_ID, Columns.FEATURES), position));
    int width = features.first().<Vector>getAs(1).size();
    Dataset<Row> svd = new PCA().setInputCol(Columns.FEATURES).setOutputCol("_svd").setK(Math.min(64, width))
        .fit(features).transform(features).select(Columns.ITEM_ID, "_svd");
    spaces.put("tfidf_svd64", vectorsOf(svd, position));
    spaces.put("autoencoder", vectorsOf(autoencoder, position));
    spaces.put(PUBLISHED, vectorsOf(placed.published(), position));

    // the truth: the full data's collaborative neighbours of each hidden item
    Map<Integer, int[]> itemUsers = new HashMap<>();
    Map<Integer, int[]> userItems = new HashMap<>();
    distinctPairs(interactions, position, itemUsers, userItems);
    int[] hiddenPositions = hidden.stream().mapToInt(position::get).sorted().toArray();
    Map<Integer, Set<Integer>> truth = new HashMap<>();
    for (int h : hiddenPositions) {
      truth.put(h, ColdStartMetrics.collaborativeNeighbours(h, itemUsers, userItems, params.neighbours()));
    }
    // the users judged: those with hidden-item events, and their training items
    Map<Integer, int[]> trainItems = new HashMap<>();
    Map<Integer, Set<Integer>> hiddenOf = new HashMap<>();
    Set<Integer> hiddenSet = new HashSet<>();
    Arrays.stream(hiddenPositions).forEach(hiddenSet::add);
    for (Map.Entry<Integer, int[]> u : userItems.entrySet()) {
      int[] seen = Arrays.stream(u.getValue()).filter(i -> !hiddenSet.contains(i)).toArray();
      Set<Integer> own = new HashSet<>();
      Arrays.stream(u.getValue()).filter(hiddenSet::contains).forEach(own::add);
      if (!own.isEmpty() && seen.length > 0) {
        trainItems.put(u.getKey(), seen);
        hiddenOf.put(u.getKey(), own);
      }
    }

    // neighbours are drawn where similar_items draws them: items with training events
    boolean[] withEvents = new boolean[ids.length];
    for (int i = 0; i < ids.length; i++) {
      withEvents[i] = sources.usersOf(ids[i]) > 0;
    }
    List<MetricRow> rows = new ArrayList<>();
    for (Map.Entry<String, float[][]> space : spaces.entrySet()) {
      float[][] v = space.getValue();
      rows.add(new MetricRow(space.getKey(), SEGMENT, "neighbour_precision", K,
          ColdStartMetrics.neighbourPrecision(v, hiddenPositions, truth, withEvents)));
      rows.add(new MetricRow(space.getKey(), SEGMENT, "user_auc", 0, ColdStartMetrics.userAuc(v, hiddenPositions, trainItems, hiddenOf)));
    }
    if (publishedLists) {
      rows.add(new MetricRow(PUBLISHED, SEGMENT, "hidden_recall", RECALL_K,
          hiddenRecall(published, hybrid, sources, placed, train, catalog, ids, hiddenOf)));
    }
    rows.add(new MetricRow(PUBLISHED, SEGMENT, "hidden_items", 0, hidden.size()));
    rows.add(new MetricRow(PUBLISHED, SEGMENT, "judged_users", 0, hiddenOf.size()));
    for (Dataset<Row> d : List.of(train, features, autoencoder, inputs)) {
      d.unpersist();
    }
    placed.unpersist();
    return rows;
  }

  /** The published model trained on {@code train} with the placed vectors; its top-20 recall of hidden pairs. */
  private double hiddenRecall(
      PublishedRecommender published, HybridRanker hybrid, CandidateSources sources, ItemVectors.Blends placed,
      Dataset<Row> train, Dataset<Row> catalog, String[] ids, Map<Integer, Set<Integer>> hiddenOf) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
    HybridRanker.Content content = ItemVectors.content(placed, sources, config.scoring());
    EmbeddingIndex index = content.index();
    Dataset<Row> catalogItems = catalog.select(Columns.ITEM_ID);
    PublishedRecommender.Fitted fitted = new PublishedRecommender.Fitted(
        hybrid.prepare(sources, content, jsc),
        hybrid.fit(hybrid.sample(train, catalogItems, content), HybridRanker.Variant.FULL));
    Map<Integer, String> userIds = new HashMap<>();
    this.users.forEach((id, p) -> userIds.put(p, id));
    List<String> users = hiddenOf.keySet().stream().map(userIds::get).sorted().toList();
    Dataset<Row> userRows = train.sparkSession().createDataset(users, org.apache.spark.sql.Encoders.STRING())
        .toDF(Columns.USER_ID);
    Map<String, Integer> itemPosition = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      itemPosition.put(ids[i], i);
    }
    long hits = 0;
    long pairs = hiddenOf.values().stream().mapToLong(Set::size).sum();
    for (Row r : published.lists(fitted, train, userRows, jsc.broadcast(index),
            catalog.select(Columns.ITEM_ID, Columns.CATEGORIES), ids.length, RECALL_K, true)
        .select(Columns.USER_ID, Columns.ITEM_ID).collectAsList()) {
      Set<Integer> own = hiddenOf.get(userIndex(r.getString(0)));
      Integer item = itemPosition.get(r.getString(1));
      if (own != null && item != null && own.contains(item)) {
        hits++;
      }
    }
    fitted.sources().release();
    return pairs == 0 ? 0.0 : hits / (double) pairs;
  }

  private int userIndex(String id) {
    return users.computeIfAbsent(id, k -> users.size());
  }

  private void distinctPairs(
      Dataset<Row> interactions, Map<String, Integer> position, Map<Integer, int[]> itemUsers,
      Map<Integer, int[]> userItems) {
    Map<Integer, List<Integer>> byItem = new HashMap<>();
    Map<Integer, List<Integer>> byUser = new HashMap<>();
    java.util.Iterator<Row> it =
        interactions.select(Columns.USER_ID, Columns.ITEM_ID).distinct().toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      Integer item = position.get(r.getString(1));
      if (item == null) {
        continue;
      }
      int user = userIndex(r.getString(0));
      byItem.computeIfAbsent(item, k -> new ArrayList<>()).add(user);
      byUser.computeIfAbsent(user, k -> new ArrayList<>()).add(item);
    }
    byItem.forEach((k, v) -> itemUsers.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    byUser.forEach((k, v) -> userItems.put(k, v.stream().mapToInt(Integer::intValue).sorted().toArray()));
  }

  private static float[][] randomVectors(int n, int dim, long seed) {
    Random random = new Random(seed);
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      for (int d = 0; d < dim; d++) {
        row[d] = (float) random.nextGaussian();
      }
      unit(row);
    }
    return v;
  }

  private static float[][] categoryVectors(Dataset<Row> catalog, Map<String, Integer> position) {
    List<Row> rows = catalog.select(Columns.ITEM_ID, Columns.CATEGORIES).collectAsList();
    Map<String, Integer> categories = new HashMap<>();
    for (Row r : rows) {
      if (!r.isNullAt(1)) {
        r.<String>getList(1).forEach(c -> categories.putIfAbsent(c, categories.size()));
      }
    }
    float[][] v = new float[position.size()][Math.max(1, categories.size())];
    for (Row r : rows) {
      Integer p = position.get(r.getString(0));
      if (p != null && !r.isNullAt(1)) {
        r.<String>getList(1).forEach(c -> v[p][categories.get(c)] = 1f);
        unit(v[p]);
      }
    }
    return v;
  }

  /** {@code (item_id, vector or array<float>)} rows as unit vectors by position; missing items are zero. */
  private static float[][] vectorsOf(Dataset<Row> rows, Map<String, Integer> position) {
    float[][] v = new float[position.size()][];
    int dim = 0;
    for (Row r : rows.collectAsList()) {
      Integer p = position.get(r.getString(0));
      if (p == null) {
        continue;
      }
      float[] x;
      Object value = r.get(1);
      if (value instanceof Vector vector) {
        double[] d = vector.toArray();
        x = new float[d.length];
        for (int i = 0; i < d.length; i++) {
          x[i] = (float) d[i];
        }
      } else {
        List<Float> list = r.getList(1);
        x = new float[list.size()];
        for (int i = 0; i < x.length; i++) {
          x[i] = list.get(i);
        }
      }
      unit(x);
      v[p] = x;
      dim = x.length;
    }
    for (int i = 0; i < v.length; i++) {
      if (v[i] == null) {
        v[i] = new float[dim];
      }
    }
    return v;
  }

  private static void unit(float[] x) {
    double n = Math.sqrt(ColdStartMetrics.dot(x, x));
    for (int i = 0; i < x.length && n > 0; i++) {
      x[i] = (float) (x[i] / n);
    }
  }
}

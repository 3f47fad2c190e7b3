package dev.recs.core.ranking;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import dev.recs.core.config.CollaborativeParams;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.model.CollaborativeMapModel;
import dev.recs.core.model.CollaborativeMapTrainer;
import dev.recs.core.model.ContentEncoderModel;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.EmbeddingIndex;
import dev.recs.core.scoring.SimilarItems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.Encoders;

/**
 * Every item's place in the collaborative space. An item with {@code n} distinct users in the
 * training history gets {@code w·c + (1−w)·p} with {@code w = n / (n + h)}, {@code c} its
 * implicit-ALS item factors and {@code p} the content → collaborative model's prediction from its
 * content, both unit length, and the sum again unit length: a brand-new item is placed by its
 * content alone, a popular one by its audience, and one in between moves from the first to the
 * second as its events arrive. Two blends are made ({@link Blends}): the published one ({@code
 * item_embeddings}, {@code similar_items} their exact cosine top-K), {@code h = blend-events}
 * (0: every item with events by its events alone), and the ranker's, {@code h =
 * ranker-blend-events}. Without ALS factors or with the model off, the autoencoder embedding is
 * both, as before the model existed.
 */
public final class ItemVectors {
  static final String INPUT = "_input";

  private final CollaborativeParams params;

  public ItemVectors(CollaborativeParams params) {
    this.params = params;
  }

  /** Whether vectors are blended (the model on and the sources with ALS factors). */
  public boolean collaborative(CandidateSources sources) {
    return params.enabled() && sources.alsRank > 0 && sources.alsItems != null;
  }

  /**
   * The model's input per item, {@code (item_id, _input)}: the MLlib feature vector followed by
   * the autoencoder embedding, from {@code (item_id, features)} and {@code (item_id, embedding)}.
   */
  public static Dataset<Row> inputs(Dataset<Row> itemFeatures, Dataset<Row> contentEmbeddings) {
    Dataset<Row> joined =
        itemFeatures.select(Columns.ITEM_ID, Columns.FEATURES)
            .join(contentEmbeddings.select(col(Columns.ITEM_ID),
                org.apache.spark.ml.functions.array_to_vector(col(Columns.EMBEDDING)).as("_embedding")), Columns.ITEM_ID);
    return new VectorAssembler().setInputCols(new String[] {Columns.FEATURES, "_embedding"}).setOutputCol(INPUT)
        .transform(joined).select(Columns.ITEM_ID, INPUT);
  }

  /**
   * Trains the model on the items with at least {@code min-events} users in {@code sources}
   * (at most {@code max-train-items}, a fixed hash sample), their ALS factors as targets.
   * Null when there are too few such items (under 20) to learn from.
   */
  public CollaborativeMapModel fit(CandidateSources sources, Dataset<Row> inputs) {
    List<Row> rows = new ArrayList<>(
        inputs.where(col(Columns.ITEM_ID).isin(eligible(sources).toArray()))
            .orderBy(xxhash64(col(Columns.ITEM_ID), lit(params.seed())))
            .limit(params.maxTrainItems())
            .collectAsList());
    if (rows.size() < 20) {
      return null;
    }
    rows.sort(Comparator.comparing(r -> r.getString(0)));
    List<Vector> x = new ArrayList<>(rows.size());
    float[][] y = new float[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      x.add(rows.get(i).getAs(1));
      y[i] = sources.alsFactorsOf(rows.get(i).getString(0));
    }
    return new CollaborativeMapTrainer(params).fit(x, y);
  }

  private List<String> eligible(CandidateSources sources) {
    List<String> ids = new ArrayList<>();
    for (int p = 0; p < sources.size(); p++) {
      if (sources.users[p] >= params.minEvents()) {
        ids.add(sources.ids[p]);
      }
    }
    return ids;
  }

  /**
   * Every item's vector twice, from one pass of the model: {@code published}, what {@code
   * item_embeddings} publishes and {@code similar_items} is the top-K of (blended at {@code
   * blend-events}), and {@code ranker}, what the hybrid's ranker reads (at {@code
   * ranker-blend-events}); both {@code (item_id, embedding)}.
   */
  public record Blends(Dataset<Row> published, Dataset<Row> ranker) {
    public Blends cache() {
      Dataset<Row> p = published.cache();
      return new Blends(p, ranker == published ? p : ranker.cache());
    }

    /** Whether both are one (the same half point, or no model): one top-K serves both. */
    public boolean same() {
      return ranker == published;
    }

    public void unpersist() {
      published.unpersist();
      ranker.unpersist();
    }
  }

  /** A training set's item vectors and the model that placed them (null: the autoencoder's embeddings). */
  public record Placed(CollaborativeMapModel model, Blends vectors) {}

  /** Trains the model on {@code sources} when {@link #collaborative} and places every item of {@code inputs}. */
  public Placed place(CandidateSources sources, Dataset<Row> inputs, Dataset<Row> contentEmbeddings) {
    CollaborativeMapModel model = collaborative(sources) ? fit(sources, inputs) : null;
    return new Placed(model, vectors(sources, model, inputs, contentEmbeddings));
  }

  /**
   * The items that may be another item's neighbour ({@code similar_items}): those with events in
   * the history {@code sources} were fitted on, where an audience is. An item without events is
   * placed by the content → collaborative model and gets its own neighbours, but predictions
   * from content lie closer to each other than learned vectors do: offered as neighbours, the
   * catalog's items nobody touched filled new items' lists (on movielens-dev 2,951 of 9,742
   * items; neighbour precision 0.027 against 0.172 without them). An item enters other lists
   * with its first event, the next night.
   */
  public static Dataset<Row> neighbourCandidates(CandidateSources sources, SparkSession spark) {
    return spark.createDataset(sources.itemsWithEvents(), Encoders.STRING()).toDF(Columns.ITEM_ID);
  }

  /**
   * The ranker's item vectors and their neighbours for a training set's {@code sources}: what the
   * hybrid's candidates read when it is evaluated on a split of its own (its vectors must come
   * from that split's events only).
   */
  public HybridRanker.Content content(
      CandidateSources sources, Dataset<Row> itemFeatures, Dataset<Row> contentEmbeddings, ScoringParams scoring) {
    Dataset<Row> inputs = inputs(itemFeatures, contentEmbeddings).cache();
    Blends vectors = place(sources, inputs, contentEmbeddings).vectors().cache();
    HybridRanker.Content content = content(vectors, sources, scoring);
    vectors.unpersist();
    inputs.unpersist();
    return content;
  }

  /**
   * The ranker's vectors of {@code vectors} with their exact neighbours (drawn as {@code
   * similar_items} draws them). The ranker's content candidates need neighbours by content: from
   * the published vectors, which place an item with events by its events alone, they duplicate
   * item-kNN (movielens-dev: hybrid NDCG@10 0.124 against 0.139).
   */
  public static HybridRanker.Content content(Blends vectors, CandidateSources sources, ScoringParams scoring) {
    return HybridRanker.Content.of(EmbeddingIndex.collect(vectors.ranker()),
        new SimilarItems(scoring).apply(vectors.ranker(), neighbourCandidates(sources, vectors.ranker().sparkSession())));
  }

  /**
   * Both blends ({@link Blends}) of every item of {@code inputs} as the class says when {@code
   * model} is given, else the items' rows of {@code contentEmbeddings} unchanged (twice).
   */
  public Blends vectors(
      CandidateSources sources, CollaborativeMapModel model, Dataset<Row> inputs, Dataset<Row> contentEmbeddings) {
    if (model == null) {
      Dataset<Row> same = contentEmbeddings.select(Columns.ITEM_ID, Columns.EMBEDDING);
      return new Blends(same, same);
    }
    java.util.Map<String, float[]> content = new java.util.HashMap<>();
    if (params.contentWeight() > 0) {
      for (Row r : contentEmbeddings.select(Columns.ITEM_ID, Columns.EMBEDDING).collectAsList()) {
        content.put(r.getString(0), floats(r.getList(1)));
      }
    }
    int contentDim = content.values().stream().mapToInt(v -> v.length).findFirst().orElse(0);
    boolean same = params.rankerBlendEvents() == params.blendEvents();
    List<Row> published = new ArrayList<>();
    List<Row> ranker = new ArrayList<>();
    for (Row r : model.predict(inputs).collectAsList()) {
      String id = r.getString(0);
      float[] predicted = floats(r.getList(1));
      float[] learned = sources.alsFactorsOf(id);
      int users = sources.usersOf(id);
      published.add(row(id, blend(predicted, learned, users, params.blendEvents()), content.get(id), contentDim));
      if (!same) {
        ranker.add(row(id, blend(predicted, learned, users, params.rankerBlendEvents()), content.get(id), contentDim));
      }
    }
    SparkSession spark = inputs.sparkSession();
    Dataset<Row> publishedRows = spark.createDataFrame(published, ContentEncoderModel.embeddingSchema());
    return same
        ? new Blends(publishedRows, publishedRows)
        : new Blends(publishedRows, spark.createDataFrame(ranker, ContentEncoderModel.embeddingSchema()));
  }

  private Row row(String id, float[] vector, float[] content, int contentDim) {
    return RowFactory.create(id, boxed(params.contentWeight() > 0 ? withContent(vector, content, contentDim) : vector));
  }

  /**
   * The blend of the class comment for an item with {@code users} users, half learned at {@code
   * halfPoint} users; {@code collaborative} may be null.
   */
  static float[] blend(float[] predicted, float[] collaborative, int users, double halfPoint) {
    double w = collaborative == null ? 0.0 : CollaborativeParams.collaborativeWeight(users, halfPoint);
    double pn = norm(predicted);
    double cn = collaborative == null ? 0.0 : norm(collaborative);
    float[] v = new float[predicted.length];
    for (int j = 0; j < v.length; j++) {
      double c = cn > 0 ? collaborative[j] / cn : 0.0;
      double p = pn > 0 ? predicted[j] / pn : 0.0;
      v[j] = (float) (w * c + (1 - w) * p);
    }
    double n = norm(v);
    for (int j = 0; j < v.length && n > 0; j++) {
      v[j] = (float) (v[j] / n);
    }
    return v;
  }

  /** {@code [v ; contentWeight · unit(content)]} scaled to unit length; zeros for a missing {@code content}. */
  float[] withContent(float[] v, float[] content, int dim) {
    float[] out = Arrays.copyOf(v, v.length + dim);
    double cn = content == null ? 0 : norm(content);
    for (int j = 0; j < dim && cn > 0; j++) {
      out[v.length + j] = (float) (params.contentWeight() * content[j] / cn);
    }
    double n = norm(out);
    for (int j = 0; j < out.length && n > 0; j++) {
      out[j] = (float) (out[j] / n);
    }
    return out;
  }

  private static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = values.get(j);
    }
    return out;
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  private static Float[] boxed(float[] values) {
    Float[] out = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}

package dev.recs.core.eval;

import dev.recs.core.config.DiversityParams;
import dev.recs.core.scoring.DiversityReranker;
import dev.recs.core.scoring.EmbeddingIndex;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A recommender re-ranked for diversity by {@link DiversityReranker} (MMR at one lambda, with
 * the configured category cap), as an evaluated model. Variants made by one {@link Family} share
 * the inner model's candidate lists: the inner recommender is fitted and asked for {@code
 * diversity.candidates} items per user once per training set, and each lambda only re-ranks
 * them, so a sweep of six lambdas costs six re-rankings, not six fits.
 */
public final class DiversityRecommender implements Recommender {
  /** Names of the sweep's models: {@code pipeline_mmr_<lambda>}, e.g. {@code pipeline_mmr_0.7}. */
  public static final String SWEEP_PREFIX = "pipeline_mmr_";

  private final String name;
  private final Family family;
  private final double lambda;

  private DiversityRecommender(String name, Family family, double lambda) {
    this.name = name;
    this.family = family;
    this.lambda = lambda;
  }

  /** {@code pipeline_mmr_<lambda>} ({@code Double.toString}: 1.0, 0.7, 0.35). */
  public static String sweepName(double lambda) {
    return SWEEP_PREFIX + lambda;
  }

  /** The lambda of a sweep model's name, or empty for any other model. */
  public static Optional<Double> sweepLambda(String model) {
    if (!model.startsWith(SWEEP_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Double.parseDouble(model.substring(SWEEP_PREFIX.length())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
    return new DiversityReranker(lambda, family.params.categoryCap(), k)
        .apply(family.candidates(train, users, k), family.items, family.index());
  }

  /** Makes re-ranked variants of one inner recommender that share its candidate lists. */
  public static final class Family {
    private final Recommender inner;
    private final DiversityParams params;
    private final Dataset<Row> items;
    private final EmbeddingIndex embeddings;
    private Broadcast<EmbeddingIndex> broadcast;
    /** The training set, users and list length the cached candidates were built for. */
    private Dataset<Row> candidatesFrom;
    private Dataset<Row> candidatesFor;
    private int candidatesLength;
    private Dataset<Row> candidates;

    /**
     * @param inner the model re-ranked; its lists should carry {@code score} (else relevance
     *     follows rank)
     * @param items {@code (item_id, categories)}, for the category cap
     * @param embeddings the item embeddings MMR measures redundancy with
     */
    public Family(Recommender inner, DiversityParams params, Dataset<Row> items, EmbeddingIndex embeddings) {
      this.inner = inner;
      this.params = params;
      this.items = items;
      this.embeddings = embeddings;
    }

    /** The inner model re-ranked at {@code lambda}, named {@code name}. */
    public Recommender variant(String name, double lambda) {
      return new DiversityRecommender(name, this, lambda);
    }

    /** One model per {@code sweep-lambdas} value, named {@link #sweepName}. */
    public List<Recommender> sweep() {
      return params.sweepLambdas().stream().map(l -> variant(sweepName(l), l)).toList();
    }

    synchronized Broadcast<EmbeddingIndex> index() {
      if (broadcast == null) {
        broadcast =
            JavaSparkContext.fromSparkContext(items.sparkSession().sparkContext()).broadcast(embeddings);
      }
      return broadcast;
    }

    synchronized Dataset<Row> candidates(Dataset<Row> train, Dataset<Row> users, int k) {
      int length = params.listLength(k);
      if (train != candidatesFrom || users != candidatesFor || length != candidatesLength) {
        if (candidates != null) {
          candidates.unpersist();
        }
        candidatesFrom = train;
        candidatesFor = users;
        candidatesLength = length;
        // cached: every lambda of the sweep re-ranks the same lists
        candidates = inner.recommend(train, users, length).cache();
      }
      return candidates;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "DiversityRecommender.Family(%s, %d candidates, cap %d)",
          inner.name(), params.candidates(), params.categoryCap());
    }
  }
}

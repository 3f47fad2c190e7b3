package dev.recs.core.eval;

import dev.recs.core.config.RankerParams;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.ranking.EaseModel;
import dev.recs.core.ranking.CandidateSources;
import dev.recs.core.ranking.HybridRanker;
import dev.recs.core.ranking.RankerModel;
import dev.recs.core.ranking.RankerTrainer;
import dev.recs.core.schema.Columns;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The hybrid recommender, or one of its ablations, as an evaluated model. Variants made by one
 * {@link Family} share the costly parts: the candidate sources, the labelled sample and each
 * trained ranker are built once per training set, not once per variant.
 */
public final class HybridRecommender implements Recommender {
  private final String name;
  private final Family family;
  private final HybridRanker.Variant variant;
  private final RankerParams slots;
  private final boolean coverage;

  private HybridRecommender(
      String name, Family family, HybridRanker.Variant variant, RankerParams slots, boolean coverage) {
    this.name = name;
    this.family = family;
    this.variant = variant;
    this.slots = slots;
    this.coverage = coverage;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k) {
    HybridRanker.Sources sources = family.sources(train);
    RankerModel model = variant == HybridRanker.Variant.CANDIDATES_ONLY ? null : family.model(train, variant);
    HybridRanker ranker = new HybridRanker(slots, family.scoring, family.seed);
    return (coverage
            ? ranker.rankForCoverage(sources, model, train, users, k, family.catalogSize())
            : ranker.rank(sources, model, train, users, k))
        .select(Columns.USER_ID, Columns.RANK, Columns.ITEM_ID, Columns.SCORE);
  }

  /** Makes variants that share their training. */
  public static final class Family implements AutoCloseable {
    private final RankerParams params;
    private final ScoringParams scoring;
    private final long seed;
    private final Dataset<Row> catalogItems;
    private final Function<CandidateSources, HybridRanker.Content> contentOf;
    private HybridRanker.Content content;
    /** The training set the sources, sample and models below were built from. */
    private Dataset<Row> fittedOn;
    private HybridRanker.Sources sources;
    private RankerTrainer.Sample sample;
    private final Map<HybridRanker.Variant, RankerModel> models = new EnumMap<>(HybridRanker.Variant.class);
    private long catalogSize = -1;

    /**
     * @param content the item embeddings and content neighbours the candidates are built with
     */
    public Family(
        RankerParams params, ScoringParams scoring, long seed, Dataset<Row> catalogItems, HybridRanker.Content content) {
      this(params, scoring, seed, catalogItems, sources -> content);
    }

    /**
     * @param contentOf the item vectors and their neighbours for a training set's fitted sources
     *     (the published vectors blend the sources' ALS factors, so each training set has its own)
     */
    public Family(
        RankerParams params, ScoringParams scoring, long seed, Dataset<Row> catalogItems,
        Function<CandidateSources, HybridRanker.Content> contentOf) {
      this.params = params;
      this.scoring = scoring;
      this.seed = seed;
      this.catalogItems = catalogItems;
      this.contentOf = contentOf;
    }

    /** A variant ranking with the configured exploration slots. */
    public Recommender variant(String name, HybridRanker.Variant variant) {
      return new HybridRecommender(name, this, variant, params, false);
    }

    /** The full ranker, its lists then re-ranked across users for catalog coverage. */
    public Recommender coverage(String name) {
      return new HybridRecommender(name, this, HybridRanker.Variant.FULL, params, true);
    }

    /** The full ranker with {@code newSlots} new-item and {@code tailSlots} long-tail slots. */
    public Recommender explore(String name, int newSlots, int tailSlots) {
      return new HybridRecommender(name, this, HybridRanker.Variant.FULL, params.withSlots(newSlots, tailSlots), false);
    }

    /** EASE as the hybrid's sources fitted it on {@code history}: the {@code ease} baseline shares it. */
    public EaseModel ease(Dataset<Row> history) {
      EaseModel ease = sources(history).fitted().ease();
      return ease != null ? ease : EaseModel.fit(history, params.ease());
    }

    synchronized long catalogSize() {
      if (catalogSize < 0) {
        catalogSize = catalogItems.count();
      }
      return catalogSize;
    }

    private HybridRanker ranker() {
      return new HybridRanker(params, scoring, seed);
    }

    private void fittedOn(Dataset<Row> history) {
      if (history != fittedOn) {
        close();
        fittedOn = history;
      }
    }

    synchronized HybridRanker.Sources sources(Dataset<Row> history) {
      fittedOn(history);
      if (sources == null) {
        CandidateSources fitted = ranker().fitSources(history, catalogItems);
        content = contentOf.apply(fitted);
        sources = ranker().prepare(fitted, content, JavaSparkContext.fromSparkContext(history.sparkSession().sparkContext()));
      }
      return sources;
    }

    synchronized RankerModel model(Dataset<Row> history, HybridRanker.Variant variant) {
      sources(history);
      if (sample == null && !models.containsKey(variant)) {
        sample = ranker().sample(history, catalogItems, content);
      }
      return models.computeIfAbsent(variant, v -> ranker().fit(sample, v));
    }

    /** Frees the sources' broadcast and forgets what was fitted. */
    @Override
    public synchronized void close() {
      if (sources != null) {
        sources.release();
      }
      sources = null;
      content = null;
      sample = null;
      models.clear();
    }
  }
}

package dev.recs.core.eval;

import dev.recs.core.config.RankerParams;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.ranking.EaseModel;
import dev.recs.core.ranking.HybridRanker;
import dev.recs.core.ranking.RankerModel;
import dev.recs.core.ranking.RankerTrainer;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.EmbeddingIndex;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The hybrid recommender, or one of its ablations, as an evaluated model. Variants made by one
 * {@link Family} share the costly parts: the labelled sample, each trained ranker and the
 * candidates of the evaluated users are built once per training set, not once per variant.
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
    RankerModel model = variant == HybridRanker.Variant.CANDIDATES_ONLY ? null : family.model(train, variant);
    HybridRanker ranker = new HybridRanker(slots, family.scoring, family.seed);
    Dataset<Row> candidates = family.candidates(train, users);
    return (coverage ? ranker.rankForCoverage(candidates, model, k, family.catalogSize()) : ranker.rank(candidates, model, k))
        .select(Columns.USER_ID, Columns.RANK, Columns.ITEM_ID, Columns.SCORE);
  }

  /** Makes variants that share their training and candidates. */
  public static final class Family {
    private final RankerParams params;
    private final ScoringParams scoring;
    private final long seed;
    private final Dataset<Row> catalogItems;
    private final EmbeddingIndex index;
    /** The training set the sample and models below were built from. */
    private Dataset<Row> sampledFrom;
    private RankerTrainer.Sample sample;
    private final Map<HybridRanker.Variant, RankerModel> models = new EnumMap<>(HybridRanker.Variant.class);
    /** The training set and users the cached candidates were built for. */
    private Dataset<Row> candidatesFrom;
    private Dataset<Row> candidatesFor;
    private Dataset<Row> candidates;
    private long catalogSize = -1;
    /** The training set the EASE model below was fitted on. */
    private Dataset<Row> easeFrom;
    private EaseModel ease;

    public Family(RankerParams params, ScoringParams scoring, long seed, Dataset<Row> catalogItems, EmbeddingIndex index) {
      this.params = params;
      this.scoring = scoring;
      this.seed = seed;
      this.catalogItems = catalogItems;
      this.index = index;
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

    /**
     * EASE fitted on {@code history}, fitted once per training set: the candidates and the {@code
     * ease} baseline share it (a second fit cost 15 s and another 280 MB of driver heap on
     * MovieLens).
     */
    public synchronized EaseModel ease(Dataset<Row> history) {
      if (history != easeFrom) {
        easeFrom = history;
        ease = EaseModel.fit(history, params.ease());
      }
      return ease;
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

    synchronized Dataset<Row> candidates(Dataset<Row> history, Dataset<Row> users) {
      if (history != candidatesFrom || users != candidatesFor) {
        if (candidates != null) {
          candidates.unpersist();
        }
        candidatesFrom = history;
        candidatesFor = users;
        candidates = ranker().candidates(history, users, catalogItems, index, params.ease().enabled() ? ease(history) : null)
            .cache();
      }
      return candidates;
    }

    synchronized RankerModel model(Dataset<Row> history, HybridRanker.Variant variant) {
      if (history != sampledFrom) {
        sampledFrom = history;
        sample = ranker().sample(history, catalogItems, index);
        models.clear();
      }
      return models.computeIfAbsent(variant, v -> ranker().fit(sample, v));
    }
  }
}

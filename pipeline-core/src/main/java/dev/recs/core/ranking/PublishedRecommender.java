package dev.recs.core.ranking;

import dev.recs.core.config.DiversityParams;
import dev.recs.core.config.RankerParams;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.scoring.DiversityReranker;
import dev.recs.core.scoring.EmbeddingIndex;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@code user_recommendations} publishes, defined once: the hybrid's lists ({@link
 * HybridRanker}: candidates, the MLP ranker, the reserved new-item and long-tail slots), the
 * cross-user coverage swaps when {@code ranker.coverage.enabled}, then MMR when {@code
 * diversity.enabled}. The night's score stage builds every user's list with it, the night's
 * evaluation the held-out users' lists from their earlier events, the refresh the lists of users
 * with new events, and {@code recs evaluate} the {@code pipeline} model: all through {@link
 * #lists}. Explanations are added on publishing, not here.
 */
public final class PublishedRecommender {
  /** A night's fitted hybrid: the candidate sources (broadcast) and the ranker. */
  public record Fitted(HybridRanker.Sources sources, RankerModel ranker) {}

  private final RankerParams ranker;
  private final ScoringParams scoring;
  private final DiversityParams diversity;
  private final long seed;

  public PublishedRecommender(RankerParams ranker, ScoringParams scoring, DiversityParams diversity, long seed) {
    this.ranker = ranker;
    this.scoring = scoring;
    this.diversity = diversity;
    this.seed = seed;
  }

  /** The hybrid this recommender ranks with. */
  public HybridRanker hybrid() {
    return new HybridRanker(ranker, scoring, seed);
  }

  /** Items per user the hybrid proposes: top-K, or the larger list MMR then cuts to top-K. */
  public int listLength(int topK) {
    return diversity.enabled() ? diversity.listLength(topK) : topK;
  }

  /**
   * The top {@code topK} of every user of {@code users} from their events in {@code
   * interactions}: {@code (user_id, rank, item_id, score, source, reason_item_id,
   * item_users)}.
   *
   * @param items {@code (item_id, categories)} for MMR's category cap
   * @param catalogSize the denominator of the coverage target
   * @param swaps whether the cross-user coverage swaps apply (with {@code
   *     ranker.coverage.enabled}); they need every user's list, so a refresh of a few users
   *     leaves them out and keeps only the coverage's new-item and long-tail slots
   */
  public Dataset<Row> lists(
      Fitted fitted, Dataset<Row> interactions, Dataset<Row> users, Broadcast<EmbeddingIndex> index,
      Dataset<Row> items, long catalogSize, int topK, boolean swaps) {
    HybridRanker hybrid = hybrid();
    int length = listLength(topK);
    Dataset<Row> lists =
        !ranker.coverage().enabled()
            ? hybrid.rank(fitted.sources(), fitted.ranker(), interactions, users, length)
            : swaps
                ? hybrid.rankForCoverage(fitted.sources(), fitted.ranker(), interactions, users, length, catalogSize)
                : hybrid.rank(fitted.sources(), fitted.ranker(), interactions, users, length, hybrid.coverageSlots());
    return diversity.enabled() ? DiversityReranker.of(diversity, topK).apply(lists, items, index) : lists;
  }
}

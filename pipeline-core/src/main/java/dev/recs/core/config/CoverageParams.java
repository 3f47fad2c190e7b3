package dev.recs.core.config;

/**
 * Catalog coverage raised across all users' lists at once: the cheapest swaps of a list's
 * widely recommended items for items no list has yet (see {@code CoverageReranker}).
 *
 * @param enabled whether the hybrid's published lists ({@code ranker.publish}) are re-ranked; the
 *     evaluation's {@code hybrid_coverage} model is re-ranked either way
 * @param target the share of the catalog the first {@code atK} positions of all lists together
 *     should reach; 0 = no swaps
 * @param atK the list prefix whose coverage is raised (the evaluation's headline K)
 * @param pool items per user the swaps may draw from, best-scored first
 * @param protect the first positions of every list, never swapped out
 * @param maxSwaps swaps per user, at most
 * @param newSlots in every ten positions of the lists swapped, how many (the last) go to the new
 *     item (few or no events) most similar in content to the user's latest items (as {@code
 *     ranker.new-slots}); never swapped out
 * @param tailSlots in every ten positions, how many (just before the new slots) go to the
 *     long-tail item chosen the same way (as {@code ranker.tail-slots}); never swapped out. The
 *     swaps only reach items the ranker scores, and it never scores an item nobody has touched
 *     high enough: these slots are how such items appear at all
 */
public record CoverageParams(
    boolean enabled, double target, int atK, int pool, int protect, int maxSwaps, int newSlots, int tailSlots)
    implements java.io.Serializable {

  public CoverageParams {
    Checks.inRange("ranker.coverage.target", target, 0, 1);
    Checks.positive("ranker.coverage.at-k", atK);
    Checks.inRange("ranker.coverage.pool", pool, atK, 100_000);
    Checks.inRange("ranker.coverage.protect", protect, 0, atK);
    Checks.inRange("ranker.coverage.max-swaps", maxSwaps, 0, atK);
    Checks.inRange("ranker.coverage.new-slots", newSlots, 0, 10);
    Checks.inRange("ranker.coverage.tail-slots", tailSlots, 0, 10 - newSlots);
  }

  public static CoverageParams defaults() {
    return PipelineConfig.defaults().ranker().coverage();
  }
}

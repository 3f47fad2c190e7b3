package dev.recs.core.publish;

/**
 * What an intraday refresh changed in the run it started from; in the manifest of a refreshed
 * partition ({@code refresh}), absent (null) in a nightly's.
 *
 * @param baseDate the {@code dt} of the published run the refresh started from
 * @param baseRunId that run's id
 * @param since the base run's newest clean event (ISO-8601): users with a later event were
 *     re-scored
 * @param newItems catalog items embedded by the refresh (they had no published embedding)
 * @param rescoredUsers users whose recommendations were recomputed
 * @param updatedSimilarItems old items whose {@code similar_items} list took in a new item
 */
public record RefreshInfo(
    String baseDate,
    String baseRunId,
    String since,
    long newItems,
    long rescoredUsers,
    long updatedSimilarItems) {}

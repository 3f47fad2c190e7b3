package dev.recs.core.scoring;

import dev.recs.core.config.ScoringParams;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code similar_items} table: for every item, its {@code similarK} nearest items by cosine
 * of their embeddings, never itself, ranks from 1. Exact, by {@link BlockedTopK}: no task holds
 * more than {@code groupBlocks + 1} blocks of {@code blockRows} embeddings.
 */
public final class SimilarItems {
  private final ScoringParams params;

  public SimilarItems(ScoringParams params) {
    this.params = params;
  }

  /** From {@code (item_id, embedding)} rows; the multiply runs now, the result is lazy. */
  public Dataset<Row> apply(Dataset<Row> embeddings) {
    return new BlockedTopK(params.similarK(), params.blockRows(), params.groupBlocks()).apply(embeddings);
  }
}

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
    return apply(embeddings, null);
  }

  /**
   * Like {@link #apply(Dataset)}, the neighbours drawn only from the items of {@code candidates}
   * ({@code item_id}; null: all): every item gets a list, but only candidates appear in lists.
   */
  public Dataset<Row> apply(Dataset<Row> embeddings, Dataset<Row> candidates) {
    return new BlockedTopK(params.similarK(), params.blockRows(), params.groupBlocks()).apply(embeddings, candidates);
  }
}

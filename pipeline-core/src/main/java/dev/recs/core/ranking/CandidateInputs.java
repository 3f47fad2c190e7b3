package dev.recs.core.ranking;

import dev.recs.core.scoring.EmbeddingIndex;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What every partition needs: the fitted sources, all embeddings, the new items' embeddings and
 * each item's content neighbours (positions in {@code items}, best first: the published
 * {@code similar_items}), so that no user pays a search over the whole catalog.
 */
record CandidateInputs(CandidateSources sources, EmbeddingIndex items, EmbeddingIndex newItems, int[][] contentNeighbours)
    implements Serializable {
  /**
   * New items: in the embeddings, with at most {@code newItemMaxEvents} users in the sources.
   *
   * @param contentNeighbours per position of {@code items}, its nearest items' positions
   */
  static CandidateInputs of(CandidateSources sources, EmbeddingIndex items, int newItemMaxEvents, int[][] contentNeighbours) {
    List<String> fresh = new ArrayList<>();
    for (int p = 0; p < items.size(); p++) {
      if (sources.usersOf(items.id(p)) <= newItemMaxEvents) {
        fresh.add(items.id(p));
      }
    }
    float[] vectors = new float[fresh.size() * items.dim()];
    for (int i = 0; i < fresh.size(); i++) {
      items.copyVectorTo(items.position(fresh.get(i)), vectors, i * items.dim());
    }
    return new CandidateInputs(
        sources, items, EmbeddingIndex.of(fresh.toArray(String[]::new), vectors, items.dim()), contentNeighbours);
  }
}

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
record CandidateInputs(
    CandidateSources sources, EmbeddingIndex items, EmbeddingIndex newItems, int[][] contentNeighbours, Positions positions)
    implements Serializable {
  /**
   * One item's positions in the three per-item tables, by position rather than by id: a
   * candidate knows its position in the table it came from, and looking the others up by id cost
   * a fifth of the list stage at 100k items (a string hash and a cache miss per lookup).
   *
   * @param itemOfSource per position of the sources, its position in {@code items} (-1: none)
   * @param sourceOfItem per position of {@code items}, its position in the sources (-1: none)
   * @param easeOfSource per position of the sources, its position in the EASE model (-1: none)
   * @param sourceOfEase per position of the EASE model, its position in the sources
   */
  record Positions(int[] itemOfSource, int[] sourceOfItem, int[] easeOfSource, int[] sourceOfEase)
      implements Serializable {
    static Positions of(CandidateSources sources, EmbeddingIndex items) {
      int[] itemOfSource = new int[sources.size()];
      int[] easeOfSource = new int[sources.size()];
      int[] sourceOfItem = new int[items.size()];
      java.util.Arrays.fill(sourceOfItem, -1);
      for (int q = 0; q < sources.size(); q++) {
        itemOfSource[q] = items.position(sources.id(q));
        if (itemOfSource[q] >= 0) {
          sourceOfItem[itemOfSource[q]] = q;
        }
        easeOfSource[q] = sources.ease == null ? -1 : sources.ease.position(sources.id(q));
      }
      int[] sourceOfEase = new int[sources.ease == null ? 0 : sources.ease.size()];
      for (int e = 0; e < sourceOfEase.length; e++) {
        sourceOfEase[e] = sources.position(sources.ease.id(e));
      }
      return new Positions(itemOfSource, sourceOfItem, easeOfSource, sourceOfEase);
    }
  }

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
    return new CandidateInputs(sources, items, EmbeddingIndex.of(fresh.toArray(String[]::new), vectors, items.dim()),
        contentNeighbours, Positions.of(sources, items));
  }
}

package dev.recs.core.ranking;

import java.io.Serializable;
import java.util.Map;

/**
 * Items by position: the id of each position of a model's per-item arrays and, built on first
 * use, the position of each id. What {@link CandidateSources} and {@link EaseModel} share.
 */
abstract class ItemPositions implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The item of every position. */
  final String[] ids;
  private transient Map<String, Integer> positions;

  ItemPositions(String[] ids) {
    this.ids = ids;
  }

  /** Items known. */
  public int size() {
    return ids.length;
  }

  public String id(int position) {
    return ids[position];
  }

  /** The item's position, or -1 for an item not known here (e.g. new since the fit). */
  public int position(String id) {
    if (positions == null) {
      positions = CandidateSources.positionsOf(ids);
    }
    return positions.getOrDefault(id, -1);
  }
}

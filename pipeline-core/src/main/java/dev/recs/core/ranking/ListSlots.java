package dev.recs.core.ranking;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

import dev.recs.core.config.RankerParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;

/**
 * Turns one user's scored candidates into their top-{@code k} list. Most positions take the
 * best-scored remaining candidate; in every ten positions the last {@code new-slots} take the
 * best-scored remaining item nobody has touched, else the new item (few events) most similar in
 * content to the user's latest items ({@code cos_recent}), and the {@code tail-slots} before
 * them the remaining long-tail item most similar in content. (An item with an event or two
 * already reaches lists as a candidate of the item-kNN and EASE sources; on movielens-dev a slot
 * for it found none of the held-out users' brand-new items, one for an untouched item two.) A
 * ranker trained on what users did next rightly puts items nobody has touched below every
 * popular one, and orders them poorly among themselves (it has seen almost no positives for
 * them); reserved slots filled by content are how they reach users at all. When no candidate of
 * the kind is left, the slot takes the best-scored remaining one. The new-item slots go only to
 * users with an appetite for the tail ({@code new-slot-tail-share}): elsewhere a slot costs a
 * list its tenth item and finds nothing (on movielens-dev the users below 10% long-tail items
 * hold 12% of the held-out events on items nobody had touched).
 */
final class ListSlots {
  private final RankerParams params;
  private final int k;

  ListSlots(RankerParams params, int k) {
    this.params = params;
    this.k = k;
  }

  /** What kind of item position {@code rank} (from 1) is reserved for. */
  enum Slot { ANY, TAIL, NEW }

  /** The first position, from 0 within each block of ten, reserved for a long-tail or new item. */
  private static int firstReserved(RankerParams params) {
    return 10 - params.newSlots() - params.tailSlots();
  }

  /** Whether the position in column {@code rank} is reserved for a new or long-tail item (see {@link #slot}). */
  static Column reserved(Column rank, RankerParams params) {
    return pmod(rank.minus(1), lit(10)).geq(firstReserved(params));
  }

  /**
   * Whether a row holds a slot's pick: a reserved position ({@link #reserved}) with a new or
   * long-tail item in column {@code itemUsers}. A list without slots (its user's long-tail share
   * is below {@code new-slot-tail-share}) has ordinary items there, which the coverage swaps may
   * replace.
   */
  static Column pinned(Column rank, Column itemUsers, RankerParams params) {
    return reserved(rank, params).and(itemUsers.leq(Math.max(params.newItemMaxEvents(), params.tailMaxEvents())));
  }

  Slot slot(int rank) {
    int inBlock = (rank - 1) % 10;
    if (inBlock >= 10 - params.newSlots()) {
      return Slot.NEW;
    }
    return inBlock >= firstReserved(params) ? Slot.TAIL : Slot.ANY;
  }

  /**
   * The list, best first: position {@code i} holds rank {@code i + 1}. The new-item slots are
   * kept only when {@code tailShare}, the share of the user's items that are long tail, is at
   * least {@code new-slot-tail-share}; otherwise those positions take the best-scored items.
   */
  List<Candidate> select(List<Candidate> scored, float tailShare) {
    boolean newSlots = tailShare >= params.newSlotTailShare();
    if (scored.isEmpty()) {
      return List.of();
    }
    Candidate[] byScore = byScore(scored);
    float[] content = new float[byScore.length];
    for (int i = 0; i < byScore.length; i++) {
      content[i] = byScore[i].cosRecent();
    }
    // by content, ties in score order
    int[] byContent = Order.descending(content);
    boolean[] used = new boolean[byScore.length];
    Cursor best = new Cursor(null, c -> true);
    Cursor untouched = new Cursor(null, c -> c.itemUsers == 0);
    Cursor newByContent = new Cursor(byContent, c -> c.itemUsers <= params.newItemMaxEvents());
    Cursor tailByContent = new Cursor(byContent, c -> c.itemUsers <= params.tailMaxEvents());
    List<Candidate> out = new ArrayList<>(k);
    for (int rank = 1; rank <= Math.min(k, byScore.length); rank++) {
      int c = switch (slot(rank)) {
        case NEW -> {
          if (!newSlots) {
            yield -1;
          }
          int fresh = untouched.next(byScore, used);
          yield fresh >= 0 ? fresh : newByContent.next(byScore, used);
        }
        case TAIL -> tailByContent.next(byScore, used);
        case ANY -> -1;
      };
      if (c < 0) {
        c = best.next(byScore, used);
      }
      used[c] = true;
      out.add(byScore[c]);
    }
    return out;
  }

  /**
   * The first unused candidate of one order that a test accepts. Candidates only ever become
   * used, and the test does not change, so the scan resumes where the last one stopped: a list
   * costs one pass per kind of slot, not one per position.
   */
  private static final class Cursor {
    private final int[] order;
    private final Predicate<Candidate> wanted;
    private int at;

    /** @param order positions in score order to walk (null: score order itself) */
    Cursor(int[] order, Predicate<Candidate> wanted) {
      this.order = order;
      this.wanted = wanted;
    }

    /** The position (in score order) of the next unused wanted candidate, or -1. */
    int next(Candidate[] byScore, boolean[] used) {
      for (; at < byScore.length; at++) {
        int c = order == null ? at : order[at];
        if (!used[c] && wanted.test(byScore[c])) {
          return c;
        }
      }
      return -1;
    }
  }

  /** Best score first, ties by item id. */
  private static Candidate[] byScore(List<Candidate> scored) {
    float[] scores = new float[scored.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = scored.get(i).score;
    }
    int[] order = Order.descending(scores);
    Candidate[] out = new Candidate[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = scored.get(order[i]);
    }
    // equal scores (rare): by item id, as the lists have always been
    for (int from = 0, to; from < out.length; from = to) {
      to = from + 1;
      while (to < out.length && Float.compare(out[to].score, out[from].score) == 0) {
        to++;
      }
      if (to - from > 1) {
        Arrays.sort(out, from, to, Comparator.comparing((Candidate c) -> c.item));
      }
    }
    return out;
  }
}

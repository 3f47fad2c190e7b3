package dev.recs.core.ranking;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

import dev.recs.core.config.RankerParams;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
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
    List<Candidate> candidates = new ArrayList<>(scored);
    candidates.sort(Comparator.<Candidate>comparingDouble(c -> -c.score).thenComparing(c -> c.item));
    List<Candidate> byContent = new ArrayList<>(candidates);
    byContent.sort(Comparator.comparingDouble(c -> -c.cosRecent()));
    Predicate<Candidate> isNew = c -> c.itemUsers <= params.newItemMaxEvents();
    Predicate<Candidate> isTail = c -> c.itemUsers <= params.tailMaxEvents();
    Set<Candidate> used = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Candidate> out = new ArrayList<>(k);
    for (int rank = 1; rank <= Math.min(k, candidates.size()); rank++) {
      Candidate c = switch (slot(rank)) {
        case NEW -> {
          if (!newSlots) {
            yield null;
          }
          Candidate untouched = first(candidates, used, x -> x.itemUsers == 0);
          yield untouched != null ? untouched : first(byContent, used, isNew);
        }
        case TAIL -> first(byContent, used, isTail);
        case ANY -> null;
      };
      if (c == null) {
        c = first(candidates, used, x -> true);
      }
      used.add(c);
      out.add(c);
    }
    return out;
  }

  private static Candidate first(
      List<Candidate> candidates, Set<Candidate> used,
      Predicate<Candidate> wanted) {
    for (Candidate c : candidates) {
      if (!used.contains(c) && wanted.test(c)) {
        return c;
      }
    }
    return null;
  }
}

package dev.recs.core.ranking;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

import dev.recs.core.config.RankerParams;
import dev.recs.core.schema.Columns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns one user's scored candidates into their top-{@code k} list. Most positions take the
 * best-scored remaining candidate; in every ten positions the last {@code new-slots} take the
 * remaining new item (few or no events) and the {@code tail-slots} before them the remaining
 * long-tail item most similar in content to the user's latest items ({@code cos_recent}). A
 * ranker trained on what users did next rightly puts items nobody has touched below every
 * popular one, and orders them poorly among themselves (it has seen almost no positives for
 * them); reserved slots filled by content are how they reach users at all. When no candidate of
 * the kind is left, the slot takes the best-scored remaining one.
 *
 * <p>Input: {@code (user_id, _c array<struct<candidate columns>>)}; output: the candidate
 * columns and {@code rank}.
 */
final class ListSlots implements FlatMapFunction<Row, Row> {
  static final String CANDIDATES = "_c";
  private static final int COS_RECENT = CandidateFeatures.SCALARS.indexOf("cos_recent");

  private final RankerParams params;
  private final int k;

  ListSlots(RankerParams params, int k) {
    this.params = params;
    this.k = k;
  }

  static StructType schema(StructType candidates) {
    return candidates.add(Columns.RANK, DataTypes.IntegerType);
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

  Slot slot(int rank) {
    int inBlock = (rank - 1) % 10;
    if (inBlock >= 10 - params.newSlots()) {
      return Slot.NEW;
    }
    return inBlock >= firstReserved(params) ? Slot.TAIL : Slot.ANY;
  }

  @Override
  public Iterator<Row> call(Row user) {
    List<Row> candidates = new ArrayList<>(user.<Row>getList(1));
    if (candidates.isEmpty()) {
      return List.<Row>of().iterator();
    }
    int score = candidates.get(0).fieldIndex(Columns.SCORE);
    int item = candidates.get(0).fieldIndex(Columns.ITEM_ID);
    int events = candidates.get(0).fieldIndex(CandidateFeatures.EVENTS);
    int features = candidates.get(0).fieldIndex(CandidateFeatures.FEATURES);
    candidates.sort(
        Comparator.<Row>comparingDouble(r -> -r.getFloat(score)).thenComparing(r -> r.getString(item)));
    List<Row> byContent = new ArrayList<>(candidates);
    byContent.sort(Comparator.<Row>comparingDouble(r -> -r.<Float>getList(features).get(COS_RECENT)));
    Predicate<Row> isNew = r -> r.getLong(events) <= params.newItemMaxEvents();
    Predicate<Row> isTail = r -> r.getLong(events) <= params.tailMaxEvents();
    java.util.Set<Row> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    List<Row> out = new ArrayList<>(k);
    for (int rank = 1; rank <= Math.min(k, candidates.size()); rank++) {
      Row r = switch (slot(rank)) {
        case NEW -> first(byContent, used, isNew);
        case TAIL -> first(byContent, used, isTail);
        case ANY -> null;
      };
      if (r == null) {
        r = first(candidates, used, x -> true);
      }
      used.add(r);
      Object[] values = new Object[r.size() + 1];
      for (int j = 0; j < r.size(); j++) {
        values[j] = r.get(j);
      }
      values[r.size()] = rank;
      out.add(RowFactory.create(values));
    }
    return out.iterator();
  }

  private static Row first(List<Row> candidates, java.util.Set<Row> used, Predicate<Row> wanted) {
    for (Row r : candidates) {
      if (!used.contains(r) && wanted.test(r)) {
        return r;
      }
    }
    return null;
  }
}

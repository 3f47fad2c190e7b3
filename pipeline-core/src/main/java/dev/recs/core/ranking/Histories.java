package dev.recs.core.ranking;

import java.util.Comparator;
import org.apache.spark.sql.Row;

/** Orders of a user's history rows shared by the models that weigh recent items more. */
public final class Histories {
  private Histories() {}

  /**
   * Latest first, ties by the larger item id: the exact reverse of the {@code (ts, item_id)} order,
   * so that recency weights are the same from run to run.
   */
  public static Comparator<Row> latestFirst(int tsField, int itemField) {
    return Comparator.<Row, java.sql.Timestamp>comparing(r -> r.getTimestamp(tsField))
        .thenComparing(r -> r.getString(itemField))
        .reversed();
  }
}

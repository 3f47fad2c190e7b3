package dev.recs.core.eval;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One measured figure: a row of the {@code metrics} table.
 *
 * @param k the cut-off, 0 for figures without one
 */
public record MetricRow(String model, String segment, String metric, int k, double value) {
  /** A row of the {@code metrics} table, its columns in schema order (others after them ignored). */
  public static MetricRow fromRow(Row r) {
    return new MetricRow(r.getString(0), r.getString(1), r.getString(2), r.getInt(3), r.getDouble(4));
  }

  public Row toRow() {
    return RowFactory.create(model, segment, metric, k, value);
  }
}

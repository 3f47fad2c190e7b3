package dev.recs.core.eval;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One measured figure: a row of the {@code metrics} table.
 *
 * @param k the cut-off, 0 for figures without one
 */
public record MetricRow(String model, String segment, String metric, int k, double value) {
  public Row toRow() {
    return RowFactory.create(model, segment, metric, k, value);
  }
}

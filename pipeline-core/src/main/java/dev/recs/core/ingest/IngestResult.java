package dev.recs.core.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.recs.core.schema.Columns;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One validated input: every raw row labelled clean, rejected (with reason and detail) or
 * duplicate. {@link #clean()} and {@link #rejects()} are lazy views of {@link #labelled()};
 * cache {@code labelled} before using both.
 *
 * @param input {@code catalog} or {@code interactions}
 * @param raw the rows as read, counted on their own so the accounting checks the labelling
 * @param labelled raw rows with {@value #STATUS}, {@code reason}, {@code detail}, {@code record}
 *     and the typed contract columns
 * @param cleanColumns the columns of a clean row, in table order
 */
public record IngestResult(
    String input, Dataset<Row> raw, Dataset<Row> labelled, Column[] cleanColumns) {
  static final String STATUS = "_status";

  /** Clean rows only, with the table's columns. */
  public Dataset<Row> clean() {
    return labelled.where(col(STATUS).equalTo(RowStatus.CLEAN.code())).select(cleanColumns);
  }

  /** Rejected rows in the {@code rejects} table's shape. */
  public Dataset<Row> rejects() {
    return labelled
        .where(col(STATUS).equalTo(RowStatus.REJECTED.code()))
        .select(
            lit(input).as(Columns.SOURCE),
            col(Columns.RECORD),
            col(Columns.REASON),
            col(Columns.DETAIL));
  }

  /** Counts input rows and rows per status (two Spark jobs). */
  public IngestCounts counts() {
    Map<RowStatus, Long> byStatus = new EnumMap<>(RowStatus.class);
    for (Row r : labelled.groupBy(STATUS).count().collectAsList()) {
      byStatus.put(RowStatus.valueOf(r.getString(0).toUpperCase(Locale.ROOT)), r.getLong(1));
    }
    long clean = byStatus.getOrDefault(RowStatus.CLEAN, 0L);
    long rejected = byStatus.getOrDefault(RowStatus.REJECTED, 0L);
    long duplicate = byStatus.getOrDefault(RowStatus.DUPLICATE, 0L);
    return new IngestCounts(input, raw.count(), clean, rejected, duplicate);
  }
}

package dev.recs.core.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

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
  /** Boolean column: the row's text was cut to the configured limit. */
  static final String TRUNCATED = "_truncated";

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
    long truncated = 0;
    for (Row r :
        labelled
            .groupBy(STATUS)
            .agg(count(lit(1)), sum(when(col(TRUNCATED), 1).otherwise(0)))
            .collectAsList()) {
      RowStatus status = RowStatus.valueOf(r.getString(0).toUpperCase(Locale.ROOT));
      byStatus.put(status, r.getLong(1));
      if (status == RowStatus.CLEAN) {
        truncated = r.getLong(2);
      }
    }
    return new IngestCounts(
        input,
        raw.count(),
        byStatus.getOrDefault(RowStatus.CLEAN, 0L),
        byStatus.getOrDefault(RowStatus.REJECTED, 0L),
        byStatus.getOrDefault(RowStatus.DUPLICATE, 0L),
        truncated,
        byStatus.getOrDefault(RowStatus.LATER, 0L),
        byStatus.getOrDefault(RowStatus.OLDER, 0L));
  }

  /** The {@code n} most frequent reject reasons with their counts, most frequent first. */
  public java.util.List<ReasonCount> topReasons(int n) {
    return labelled
        .where(col(STATUS).equalTo(RowStatus.REJECTED.code()))
        .groupBy(col(Columns.REASON))
        .count()
        .orderBy(col("count").desc(), col(Columns.REASON))
        .limit(n)
        .collectAsList()
        .stream()
        .map(r -> new ReasonCount(r.getString(0), r.getLong(1)))
        .toList();
  }

  /** How many rejected rows had one reason. */
  public record ReasonCount(String reason, long count) {
    @Override
    public String toString() {
      return reason + " " + count;
    }
  }
}

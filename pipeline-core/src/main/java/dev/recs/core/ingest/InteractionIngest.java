package dev.recs.core.ingest;

import static dev.recs.core.ingest.RawColumns.isBlank;
import static dev.recs.core.ingest.RawColumns.parseNumber;
import static dev.recs.core.ingest.RawColumns.parseTimestamp;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import dev.recs.core.config.IngestParams;
import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructField;

/**
 * Validates and deduplicates raw interactions against the clean catalog. Rejection rules, first
 * broken wins: malformed record or invalid UTF-8, missing {@code user_id}/{@code item_id}/{@code
 * ts}, unparseable {@code ts}, a {@code ts} after the wall clock (plus a tolerance: a broken clock
 * upstream), unparseable
 * {@code value}, an item absent from the clean catalog. Identical events (user,
 * item, type, ts) are kept once and the copies counted as duplicates. As of the run's date: events
 * after the end of that day (UTC) are neither used nor rejected but counted as {@code later}, so
 * a backfill of a past date sees the feed as it was that night. With {@code ingest.history-days},
 * events before the window are counted as {@code older}, likewise neither used nor rejected.
 */
public final class InteractionIngest {
  /** The event type given to rows that have none. */
  public static final String DEFAULT_EVENT_TYPE = "interaction";

  private static final String TS_RAW = "_ts_raw";
  private static final String VALUE_RAW = "_value_raw";
  private static final String MALFORMED = "_malformed";
  private static final String KNOWN = "_known_item";

  private final IngestParams params;
  private final Instant asOf;
  private final Instant latestAllowed;
  /** The start of the history window, or null for all history. */
  private final Instant historyStart;

  /** As of the end of {@code runDate}, against the wall clock now. */
  public InteractionIngest(IngestParams params, LocalDate runDate) {
    this(params, runDate, Instant.now());
  }

  /**
   * @param runDate events after the end of this day (UTC) are {@code later}
   * @param now events after this instant plus {@code futureToleranceHours} are rejected as
   *     {@code future_timestamp}
   */
  public InteractionIngest(IngestParams params, LocalDate runDate, Instant now) {
    this.params = params;
    this.asOf = runDate.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    this.latestAllowed = now.plusSeconds(Math.round(params.futureToleranceHours() * 3600));
    LocalDate first = params.historyStart(runDate);
    this.historyStart = first == null ? null : first.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Labels every raw row; {@code cleanCatalog} supplies the known item ids. Lazy. */
  public IngestResult apply(Dataset<Row> raw, InputSource source, Dataset<Row> cleanCatalog) {
    RawColumns in = new RawColumns(raw, params.interactionColumns(), source);
    in.requireColumns(List.of(Columns.USER_ID, Columns.ITEM_ID, Columns.TS));

    Dataset<Row> known =
        cleanCatalog.select(col(Columns.ITEM_ID)).distinct().withColumn(KNOWN, lit(true));
    Column eventType = in.text(Columns.EVENT_TYPE);
    Dataset<Row> typed =
        raw.select(
                in.recordText().as(Columns.RECORD),
                in.isMalformed().as(MALFORMED),
                in.rowOrder().as(RawInputReader.ROW),
                in.text(Columns.USER_ID).as(Columns.USER_ID),
                in.text(Columns.ITEM_ID).as(Columns.ITEM_ID),
                when(isBlank(eventType), lit(DEFAULT_EVENT_TYPE))
                    .otherwise(eventType)
                    .as(Columns.EVENT_TYPE),
                in.text(Columns.VALUE).as(VALUE_RAW),
                in.text(Columns.TS).as(TS_RAW))
            .withColumn(Columns.VALUE, parseNumber(col(VALUE_RAW)))
            .withColumn(Columns.TS, parseTimestamp(col(TS_RAW)))
            .join(known, Columns.ITEM_ID, "left")
            .withColumn(IngestResult.TRUNCATED, lit(false));

    RejectRules rules =
        new RejectRules()
            .add(col(MALFORMED), RejectReason.MALFORMED_RECORD, "unparseable " + source.format().sparkName() + " record")
            .add(RawColumns.hasInvalidEncoding(col(Columns.RECORD)), RejectReason.MALFORMED_RECORD, "invalid UTF-8 bytes")
            .add(isBlank(col(Columns.USER_ID)), RejectReason.MISSING_REQUIRED, Columns.USER_ID)
            .add(isBlank(col(Columns.ITEM_ID)), RejectReason.MISSING_REQUIRED, Columns.ITEM_ID)
            .add(RawColumns.isBadId(col(Columns.USER_ID)), RejectReason.BAD_ID,
                Columns.USER_ID + " holds bytes that are not UTF-8 or a control character")
            .add(RawColumns.isBadId(col(Columns.ITEM_ID)), RejectReason.BAD_ID,
                Columns.ITEM_ID + " holds bytes that are not UTF-8 or a control character")
            .add(isBlank(col(TS_RAW)), RejectReason.MISSING_REQUIRED, Columns.TS)
            .add(col(Columns.TS).isNull(), RejectReason.BAD_TIMESTAMP, concat(lit(Columns.TS + ": "), col(TS_RAW)))
            .add(
                col(Columns.TS).gt(lit(Timestamp.from(latestAllowed))),
                RejectReason.FUTURE_TIMESTAMP,
                concat(lit(Columns.TS + ": "), col(TS_RAW),
                    lit(" is after the wall clock plus " + params.futureToleranceHours() + " hours")))
            .add(
                col(VALUE_RAW).isNotNull().and(col(VALUE_RAW).notEqual("")).and(col(Columns.VALUE).isNull()),
                RejectReason.BAD_NUMBER,
                concat(lit(Columns.VALUE + ": "), col(VALUE_RAW)))
            .add(
                col(KNOWN).isNull(),
                RejectReason.UNKNOWN_ITEM,
                concat(lit(Columns.ITEM_ID + ": "), col(Columns.ITEM_ID)));

    Dataset<Row> labelled =
        rules.label(typed, col(Columns.TS).geq(lit(Timestamp.from(asOf))),
            historyStart == null ? lit(false) : col(Columns.TS).lt(lit(Timestamp.from(historyStart))),
            List.of(col(Columns.USER_ID), col(Columns.ITEM_ID), col(Columns.EVENT_TYPE), col(Columns.TS)),
            col(RawInputReader.ROW));
    List<Column> clean = new ArrayList<>();
    for (StructField f : Table.INTERACTIONS.sparkSchema().fields()) {
      clean.add(col(f.name()));
    }
    return new IngestResult(source.name(), raw, labelled, clean.toArray(Column[]::new));
  }

  /**
   * Every user with at least one clean (or duplicate) row: a user known only from rejected rows
   * (a garbled id, a broken record) gets no list, so no id that failed validation ever reaches a
   * published table; nor does one known only from events after the run date (a rerun of the date
   * must publish what the night did).
   */
  public static Dataset<Row> knownUsers(IngestResult interactions) {
    return interactions
        .labelled()
        .where(col(IngestResult.STATUS).isin(RowStatus.CLEAN.code(), RowStatus.DUPLICATE.code()))
        .select(col(Columns.USER_ID))
        .distinct();
  }
}

package dev.recs.core.ingest;

import static dev.recs.core.ingest.RawColumns.isBlank;
import static dev.recs.core.ingest.RawColumns.parseNumber;
import static dev.recs.core.ingest.RawColumns.parseTimestamp;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import dev.recs.core.config.IngestParams;
import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructField;

/**
 * Validates and deduplicates the raw catalog. A row is rejected for the first rule it breaks
 * (malformed record or invalid UTF-8, missing {@code item_id} or {@code title}, blank title,
 * unparseable {@code updated_at} or numeric column, text over the limit unless configured to
 * truncate it); among valid rows sharing an {@code item_id} the newest {@code
 * updated_at} wins, ties and missing timestamps going to the later input row, and the others
 * count as duplicates.
 */
public final class CatalogIngest {
  private static final String TITLE_RAW = "_title_raw";
  private static final String UPDATED_RAW = "_updated_at_raw";
  private static final String MALFORMED = "_malformed";
  private static final String NUMERIC_RAW = "_raw_";

  private final IngestParams params;

  public CatalogIngest(IngestParams params) {
    this.params = params;
  }

  /** Labels every raw row; lazy. */
  public IngestResult apply(Dataset<Row> raw, InputSource source) {
    RawColumns in = new RawColumns(raw, params.catalogColumns(), source);
    in.requireColumns(List.of(Columns.ITEM_ID, Columns.TITLE));

    List<Column> select = new ArrayList<>();
    select.add(in.recordText().as(Columns.RECORD));
    select.add(in.isMalformed().as(MALFORMED));
    select.add(in.rowOrder().as(RawInputReader.ROW));
    select.add(in.text(Columns.ITEM_ID).as(Columns.ITEM_ID));
    select.add(in.text(Columns.TITLE).as(TITLE_RAW));
    select.add(in.text(Columns.DESCRIPTION).as(Columns.DESCRIPTION));
    select.add(in.list(Columns.CATEGORIES, params.listSeparator()).as(Columns.CATEGORIES));
    select.add(in.list(Columns.TAGS, params.listSeparator()).as(Columns.TAGS));
    select.add(in.text(Columns.UPDATED_AT).as(UPDATED_RAW));
    for (String numeric : params.numericColumns()) {
      select.add(in.text(numeric).as(NUMERIC_RAW + numeric));
    }
    Dataset<Row> typed =
        raw.select(select.toArray(Column[]::new))
            .withColumn(
                Columns.DESCRIPTION,
                when(isBlank(col(Columns.DESCRIPTION)), lit(null)).otherwise(col(Columns.DESCRIPTION)))
            .withColumn(Columns.UPDATED_AT, parseTimestamp(col(UPDATED_RAW)));
    for (String numeric : params.numericColumns()) {
      typed = typed.withColumn(numeric, parseNumber(col(NUMERIC_RAW + numeric)));
    }
    int max = params.maxTextLength();
    Column tooLong = length(col(TITLE_RAW)).gt(max).or(length(col(Columns.DESCRIPTION)).gt(max));
    typed =
        typed
            .withColumn(IngestResult.TRUNCATED, lit(params.truncateLongText()).and(coalesce(tooLong, lit(false))))
            .withColumn(Columns.TITLE, params.truncateLongText() ? substring(col(TITLE_RAW), 1, max) : col(TITLE_RAW))
            .withColumn(
                Columns.DESCRIPTION,
                params.truncateLongText()
                    ? substring(col(Columns.DESCRIPTION), 1, max)
                    : col(Columns.DESCRIPTION));

    String format = source.format().sparkName();
    RejectRules rules =
        new RejectRules()
            .add(col(MALFORMED), RejectReason.MALFORMED_RECORD, "unparseable " + format + " record")
            .add(RawColumns.hasInvalidEncoding(col(Columns.RECORD)), RejectReason.MALFORMED_RECORD, "invalid UTF-8 bytes")
            .add(isBlank(col(Columns.ITEM_ID)), RejectReason.MISSING_REQUIRED, Columns.ITEM_ID)
            .add(RawColumns.isBadId(col(Columns.ITEM_ID)), RejectReason.BAD_ID,
                Columns.ITEM_ID + " holds bytes that are not UTF-8 or a control character")
            .add(col(TITLE_RAW).isNull(), RejectReason.MISSING_REQUIRED, Columns.TITLE)
            .add(isBlank(col(TITLE_RAW)), RejectReason.BLANK_TITLE, Columns.TITLE)
            .add(
                col(UPDATED_RAW).isNotNull().and(col(Columns.UPDATED_AT).isNull()),
                RejectReason.BAD_TIMESTAMP,
                concat(lit(Columns.UPDATED_AT + ": "), col(UPDATED_RAW)));
    for (String numeric : params.numericColumns()) {
      Column rawValue = col(NUMERIC_RAW + numeric);
      rules.add(
          rawValue.isNotNull().and(rawValue.notEqual("")).and(col(numeric).isNull()),
          RejectReason.BAD_NUMBER,
          concat(lit(numeric + ": "), rawValue));
    }
    if (!params.truncateLongText()) {
      rules.add(tooLong, RejectReason.TOO_LONG, "title or description over " + max + " characters");
    }

    Dataset<Row> labelled =
        rules.label(typed, List.of(col(Columns.ITEM_ID)),
            col(Columns.UPDATED_AT).desc_nulls_last(), col(RawInputReader.ROW).desc());
    return new IngestResult(source.name(), raw, labelled, cleanColumns());
  }

  /** The clean catalog's columns: the {@code catalog.avsc} fields, then the numeric extras. */
  Column[] cleanColumns() {
    List<Column> out = new ArrayList<>();
    for (StructField f : Table.CATALOG.sparkSchema().fields()) {
      out.add(col(f.name()));
    }
    for (String numeric : params.numericColumns()) {
      out.add(col(numeric));
    }
    return out.toArray(Column[]::new);
  }
}

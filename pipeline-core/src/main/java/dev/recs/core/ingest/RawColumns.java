package dev.recs.core.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.instr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.recs.core.api.PipelineException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Column expressions that turn a raw input's columns, looked up by contract name through the
 * configured renames, into typed values. Parsing yields null on failure so that validation can
 * tell "absent" (raw null) from "unparseable" (raw present, parsed null).
 */
final class RawColumns {
  private final Dataset<Row> raw;
  private final Map<String, String> renames;
  private final InputSource source;

  RawColumns(Dataset<Row> raw, Map<String, String> renames, InputSource source) {
    this.raw = raw;
    this.renames = renames;
    this.source = source;
  }

  /** Fails naming every absent required column and listing the columns that were found. */
  void requireColumns(List<String> contractNames) {
    List<String> found = new ArrayList<>(Arrays.asList(raw.columns()));
    found.remove(RawInputReader.CORRUPT);
    found.remove(RawInputReader.ROW);
    List<String> missing = new ArrayList<>();
    for (String name : contractNames) {
      if (!has(name)) {
        missing.add(inputName(name));
      }
    }
    if (!missing.isEmpty()) {
      throw PipelineException.badInput(
          "read " + source.name(),
          "required column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
              + " absent; found " + found,
          source.path());
    }
  }

  boolean has(String contractName) {
    return Arrays.asList(raw.columns()).contains(inputName(contractName));
  }

  /** The value as trimmed text, null when absent. */
  Column text(String contractName) {
    if (!has(contractName)) {
      return lit(null).cast(DataTypes.StringType);
    }
    Column c = col(quoted(inputName(contractName)));
    StructField field = raw.schema().apply(inputName(contractName));
    if (field.dataType() instanceof ArrayType || field.dataType() instanceof org.apache.spark.sql.types.StructType) {
      return to_json(c);
    }
    return trim(c.cast(DataTypes.StringType));
  }

  /** A list column: arrays kept (elements trimmed), strings split on {@code separator}. */
  Column list(String contractName, String separator) {
    if (!has(contractName)) {
      return lit(null).cast(DataTypes.createArrayType(DataTypes.StringType));
    }
    Column c = col(quoted(inputName(contractName)));
    Column items =
        raw.schema().apply(inputName(contractName)).dataType() instanceof ArrayType
            ? c
            : split(c.cast(DataTypes.StringType), Pattern.quote(separator));
    Column trimmed = transform(items, x -> trim(x.cast(DataTypes.StringType)));
    return filter(trimmed, x -> x.isNotNull().and(length(x).gt(0)));
  }

  /** The whole original record as JSON text, or the unparsed line for malformed records. */
  Column recordText() {
    List<Column> original = new ArrayList<>();
    for (String c : raw.columns()) {
      if (!c.equals(RawInputReader.CORRUPT) && !c.equals(RawInputReader.ROW)) {
        original.add(col(quoted(c)));
      }
    }
    Column json = to_json(struct(original.toArray(Column[]::new)));
    return hasCorruptColumn() ? when(corrupt().isNotNull(), corrupt()).otherwise(json) : json;
  }

  /** True for a record the format reader could not parse. */
  Column isMalformed() {
    return hasCorruptColumn() ? corrupt().isNotNull() : lit(false);
  }

  /**
   * True for a record with bytes that are not UTF-8: Spark's decoder turns them into U+FFFD,
   * which would otherwise reach the model as mojibake. Checked on the record's text.
   */
  static Column hasInvalidEncoding(Column recordText) {
    return instr(recordText, "\uFFFD").gt(0);
  }

  Column rowOrder() {
    return col(RawInputReader.ROW);
  }

  private boolean hasCorruptColumn() {
    return Arrays.asList(raw.columns()).contains(RawInputReader.CORRUPT);
  }

  private Column corrupt() {
    return col(RawInputReader.CORRUPT);
  }

  private String inputName(String contractName) {
    return renames.getOrDefault(contractName, contractName);
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** Epoch seconds (integer or decimal) or ISO-8601 text to a timestamp; null if neither. */
  static Column parseTimestamp(Column text) {
    return when(text.rlike("^-?[0-9]+(\\.[0-9]+)?$"), timestamp_seconds(text.cast("double")))
        .otherwise(text.cast(DataTypes.TimestampType));
  }

  /** Text to a finite double; null if it is not a number. */
  static Column parseNumber(Column text) {
    Column d = text.cast(DataTypes.DoubleType);
    return when(d.isNull().or(isnan(d)).or(d.isin(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)), lit(null).cast(DataTypes.DoubleType))
        .otherwise(d);
  }

  /**
   * An identifier that must never reach a published table: one holding the replacement character
   * (bytes that were not UTF-8) or a control character.
   */
  static Column isBadId(Column text) {
    return text.rlike("[\\uFFFD\\p{Cntrl}]");
  }

  static Column isBlank(Column text) {
    return text.isNull().or(length(trim(text)).equalTo(0));
  }

  static Column emptyList() {
    return array().cast(DataTypes.createArrayType(DataTypes.StringType));
  }
}

package dev.recs.core.ingest;

import static org.apache.spark.sql.functions.monotonically_increasing_id;

import dev.recs.core.api.PipelineException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads an {@link InputSource} as it is, every CSV and JSON value as a string, adding {@value
 * #CORRUPT} (the text of a line the format reader could not parse, else null) and {@value #ROW}
 * (input order, so "the last row wins" means something).
 *
 * <p>Strings everywhere rather than inferred types: an id column that happens to look numeric
 * must not lose leading zeros, and a bad value must reach validation as text so it can be
 * rejected with its reason instead of silently becoming null.
 */
public final class RawInputReader {
  /** Column holding the raw text of an unparseable record. */
  public static final String CORRUPT = "_corrupt_record";
  /** Column holding the input order of each record. */
  public static final String ROW = "_row";

  private static final String BOM = "\uFEFF";

  private final SparkSession spark;

  public RawInputReader(SparkSession spark) {
    this.spark = spark;
  }

  /** The raw rows of {@code source}; lazy apart from reading a CSV header. */
  public Dataset<Row> read(InputSource source) {
    try {
      Dataset<Row> raw =
          switch (source.format()) {
            case CSV -> readCsv(source);
            case JSON -> reader(source)
                .option("primitivesAsString", true)
                .option("columnNameOfCorruptRecord", CORRUPT)
                .json(files(source));
            case PARQUET -> reader(source).parquet(files(source));
            case TABLE -> source.readTable(spark);
          };
      return raw.withColumn(ROW, monotonically_increasing_id());
    } catch (PipelineException e) {
      throw e;
    } catch (Exception e) { // Spark rethrows its checked SparkException unchecked from Scala
      throw PipelineException.badInput(
          "read " + source.name(),
          "unreadable " + source.format().sparkName() + ": " + firstLine(rootCause(e).getMessage()),
          source.path(),
          e);
    }
  }

  private Dataset<Row> readCsv(InputSource source) {
    StructType header = reader(source).option("header", true).csv(files(source)).schema();
    List<StructField> fields = new ArrayList<>();
    for (StructField f : header.fields()) {
      String name = f.name().startsWith(BOM) ? f.name().substring(1) : f.name();
      fields.add(DataTypes.createStructField(name.trim(), DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField(CORRUPT, DataTypes.StringType, true));
    return reader(source)
        .schema(DataTypes.createStructType(fields))
        .option("header", true)
        .option("multiLine", true)
        .option("escape", "\"")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .csv(files(source));
  }

  /**
   * A folder is read as the files {@link InputSource} listed, with the folder as {@code basePath}:
   * Spark then adds the partition folders' columns ({@code dt}) and reads nothing else that lies
   * there; those columns are ignored unless the column mapping names them.
   */
  private DataFrameReader reader(InputSource source) {
    DataFrameReader reader = spark.read();
    return source.folder() ? reader.option("basePath", source.path()) : reader;
  }

  private static String[] files(InputSource source) {
    return source.files().toArray(String[]::new);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}

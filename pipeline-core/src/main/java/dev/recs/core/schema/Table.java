package dev.recs.core.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.spark.sql.avro.SchemaConverters;
import org.apache.spark.sql.types.StructType;

/**
 * Every table of the contract, each backed by its {@code schemas/<name>.avsc} on the classpath.
 * The Avro file is the only definition of a table's columns; {@link #sparkSchema()} converts it
 * with spark-avro's own converter rather than a second hand-written mapping.
 */
public enum Table {
  CATALOG("catalog"),
  INTERACTIONS("interactions"),
  ITEMS("items"),
  ITEM_EMBEDDINGS("item_embeddings"),
  SIMILAR_ITEMS("similar_items"),
  USER_RECOMMENDATIONS("user_recommendations"),
  POPULAR_ITEMS("popular_items"),
  REJECTS("rejects"),
  METRICS("metrics");

  private final String tableName;

  Table(String tableName) {
    this.tableName = tableName;
  }

  /** The table's name as used in output paths: {@code <output>/<name>/dt=<date>/}. */
  public String tableName() {
    return tableName;
  }

  /** The tables {@code publish} writes, in the order it writes them. */
  public static Table[] outputs() {
    return new Table[] {
      REJECTS, ITEMS, ITEM_EMBEDDINGS, SIMILAR_ITEMS, POPULAR_ITEMS, USER_RECOMMENDATIONS, METRICS
    };
  }

  /** The parsed Avro schema from {@code schemas/<name>.avsc}. */
  public Schema avroSchema() {
    String resource = "schemas/" + tableName + ".avsc";
    try (InputStream in = Table.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Cannot load schema: " + resource + " not on classpath");
      }
      return new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load schema: " + resource, e);
    }
  }

  /** The Spark schema; Avro {@code ["null", T]} unions become nullable fields. */
  public StructType sparkSchema() {
    return (StructType) SchemaConverters.toSqlType(avroSchema()).dataType();
  }
}

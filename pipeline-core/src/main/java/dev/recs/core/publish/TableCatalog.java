package dev.recs.core.publish;

import dev.recs.core.config.CatalogParams;
import dev.recs.core.schema.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the published tables findable by name: each output table becomes an external Parquet
 * table {@code <database>.<table>} of the session's catalog (the Hive metastore when the session
 * has Hive support), partitioned by {@code dt}, over {@code <output>/<table>}, and a view
 * {@code <database>.<table>_latest} selects its newest date, so that a dashboard needs neither
 * paths nor dates.
 *
 * <p>{@link #sync} brings the catalog in step with the folders: partitions a publish added are
 * added, those retention removed are dropped, the views follow the newest date (a backfill of an
 * older date does not move them). It is idempotent, so it runs after every publish and as
 * {@code recs catalog} on outputs published before. Dropping a registered table never touches
 * its files; a table whose columns no longer match its {@code .avsc} is re-registered.
 */
public final class TableCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(TableCatalog.class);
  /** Suffix of the view of each table's newest published date. */
  public static final String LATEST = "_latest";

  private final SparkSession spark;
  private final CatalogParams params;

  public TableCatalog(SparkSession spark, CatalogParams params) {
    this.spark = spark;
    this.params = params;
  }

  /** One table's registration: the dates it now has, the newest one the view selects. */
  public record Registered(String table, List<LocalDate> dates, int added, int dropped) {
    public LocalDate latest() {
      return dates.isEmpty() ? null : dates.get(dates.size() - 1);
    }
  }

  /**
   * Registers every output table with published partitions under {@code output}; tables without
   * any are left out (e.g. {@code rejects} before the first rejected row).
   */
  public List<Registered> sync(String output) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + params.database());
    List<Registered> out = new ArrayList<>();
    for (Table table : Table.outputs()) {
      Path dir = new Path(output, table.tableName());
      try {
        FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        Map<LocalDate, Path> folders = new LinkedHashMap<>();
        for (DatedFolders.Dated d : DatedFolders.list(fs, dir)) {
          folders.put(d.date(), fs.makeQualified(d.path()));
        }
        if (!folders.isEmpty()) {
          out.add(sync(table, fs.makeQualified(dir), folders));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot register " + table.tableName() + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private Registered sync(Table table, Path location, Map<LocalDate, Path> folders) {
    String name = qualified(table.tableName());
    StructType columns = table.sparkSchema().add("dt", DataTypes.DateType);
    if (spark.catalog().tableExists(name) && !shape(spark.table(name).schema()).equals(shape(columns))) {
      // columns changed since it was registered: the definition goes, the files stay
      spark.sql("DROP TABLE " + name);
    }
    spark.sql("CREATE TABLE IF NOT EXISTS " + name + " (" + columns.toDDL() + ")"
        + " USING parquet PARTITIONED BY (dt) LOCATION " + literal(location.toString()));
    Set<LocalDate> registered = new TreeSet<>();
    for (Row r : spark.sql("SHOW PARTITIONS " + name).collectAsList()) {
      registered.add(LocalDate.parse(r.getString(0).substring("dt=".length())));
    }
    int added = 0;
    for (Map.Entry<LocalDate, Path> f : folders.entrySet()) {
      if (!registered.contains(f.getKey())) {
        spark.sql("ALTER TABLE " + name + " ADD IF NOT EXISTS PARTITION (dt = DATE " + literal(f.getKey().toString())
            + ") LOCATION " + literal(f.getValue().toString()));
        added++;
      }
    }
    int dropped = 0;
    for (LocalDate gone : registered) {
      if (!folders.containsKey(gone)) {
        spark.sql("ALTER TABLE " + name + " DROP IF EXISTS PARTITION (dt = DATE " + literal(gone.toString()) + ")");
        dropped++;
      }
    }
    List<LocalDate> dates = List.copyOf(folders.keySet()); // DatedFolders lists oldest first
    LocalDate latest = dates.get(dates.size() - 1);
    spark.sql("CREATE OR REPLACE VIEW " + qualified(table.tableName() + LATEST) + " AS SELECT * FROM " + name
        + " WHERE dt = DATE " + literal(latest.toString()));
    spark.catalog().refreshTable(name);
    LOG.info("catalog: {} has {} dates ({} added, {} dropped), {}{} is {}",
        name, dates.size(), added, dropped, name, LATEST, latest);
    return new Registered(table.tableName(), dates, added, dropped);
  }

  /** Column names and types, nullability aside. */
  private static List<String> shape(StructType schema) {
    List<String> out = new ArrayList<>();
    for (StructField f : schema.fields()) {
      out.add(f.name() + " " + f.dataType().catalogString());
    }
    return out;
  }

  private String qualified(String table) {
    return params.database() + "." + table;
  }

  /** A SQL string literal. */
  private static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}

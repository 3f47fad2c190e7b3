package dev.recs.core.config;

/**
 * Registration of the published tables in the Spark session's catalog (the Hive metastore on a
 * cluster): see {@code dev.recs.core.publish.TableCatalog}.
 *
 * @param enabled register after every publish (off: the tables are only folders)
 * @param database the database the tables and their {@code _latest} views are created in
 */
public record CatalogParams(boolean enabled, String database) {
  public CatalogParams {
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "recs.publish.catalog.database must be a plain SQL identifier (letters, digits, _), got '" + database + "'");
    }
  }
}

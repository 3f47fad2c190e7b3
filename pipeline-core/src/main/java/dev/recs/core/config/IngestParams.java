package dev.recs.core.config;

import java.util.List;
import java.util.Map;

/**
 * How ingest reads and validates the two inputs.
 *
 * @param catalogColumns contract column name to the input's column name, for renamed exports
 * @param interactionColumns likewise for interactions
 * @param numericColumns extra catalog columns parsed as doubles and used as features
 * @param listSeparator separator of list columns (categories, tags) in CSV inputs
 */
public record IngestParams(
    Map<String, String> catalogColumns,
    Map<String, String> interactionColumns,
    List<String> numericColumns,
    String listSeparator) {

  public IngestParams {
    catalogColumns = Map.copyOf(catalogColumns);
    interactionColumns = Map.copyOf(interactionColumns);
    numericColumns = List.copyOf(numericColumns);
    if (listSeparator == null || listSeparator.isEmpty()) {
      throw new IllegalArgumentException("Invalid ingest.list-separator: empty");
    }
  }

  /** Contract column names, no numeric extras, {@code |} as list separator. */
  public static IngestParams defaults() {
    return new IngestParams(Map.of(), Map.of(), List.of(), "|");
  }

  public IngestParams withNumericColumns(List<String> columns) {
    return new IngestParams(catalogColumns, interactionColumns, columns, listSeparator);
  }
}

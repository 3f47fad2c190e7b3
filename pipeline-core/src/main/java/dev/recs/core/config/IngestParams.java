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
 * @param maxTextLength longest title or description kept, in characters
 * @param truncateLongText cut longer text to {@code maxTextLength} and count it (true), or
 *     reject the row as {@code too_long} (false)
 * @param futureToleranceHours events later than the end of the run date plus this many hours
 *     are rejected as {@code future_timestamp} (clock skew, unit mix-ups)
 * @param rejectCeiling largest fraction of an input's rows that may be rejected before the run
 *     stops without publishing
 * @param historyDays the events a night keeps: those of the run date and the {@code N-1} days
 *     before it (from 00:00 UTC of the first); older ones are counted as {@code older}, and
 *     partitions of a date-partitioned feed ({@code dt=}/{@code date=}) before the window are
 *     not read. 0 keeps all history.
 * @param catalogSnapshot {@code all}: every catalog row, the newest {@code updated_at} winning;
 *     {@code latest}: only the newest date partition at or before the run date (a catalog exported
 *     whole every day)
 */
public record IngestParams(
    Map<String, String> catalogColumns,
    Map<String, String> interactionColumns,
    List<String> numericColumns,
    String listSeparator,
    int maxTextLength,
    boolean truncateLongText,
    double futureToleranceHours,
    double rejectCeiling,
    int historyDays,
    String catalogSnapshot) {

  public IngestParams {
    // sorted, so that toString (hashed into the model version) is the same in every JVM
    catalogColumns = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(catalogColumns));
    // sorted, so that toString (hashed into the model version) is the same in every JVM
    interactionColumns = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(interactionColumns));
    numericColumns = List.copyOf(numericColumns);
    if (listSeparator == null || listSeparator.isEmpty()) {
      throw new IllegalArgumentException("Invalid ingest.list-separator: empty");
    }
    Checks.positive("ingest.max-text-length", maxTextLength);
    Checks.inRange("ingest.future-tolerance-hours", futureToleranceHours, 0, 1e6);
    Checks.inRange("ingest.reject-ceiling", rejectCeiling, 0, 1);
    Checks.inRange("ingest.history-days", historyDays, 0, 1_000_000);
    if (!List.of(ALL_SNAPSHOTS, LATEST_SNAPSHOT).contains(catalogSnapshot)) {
      throw dev.recs.core.api.PipelineException.badConfig(
          "use ingest.catalog-snapshot", "must be all or latest, got '" + catalogSnapshot + "'");
    }
  }

  public static final String ALL_SNAPSHOTS = "all";
  public static final String LATEST_SNAPSHOT = "latest";

  /** Whether the catalog is read from its newest date partition alone. */
  public boolean latestCatalogSnapshot() {
    return LATEST_SNAPSHOT.equals(catalogSnapshot);
  }

  /** Contract column names, no numeric extras, {@code |} as list separator. */
  public static IngestParams defaults() {
    return PipelineConfig.defaults().ingest();
  }

  public IngestParams withNumericColumns(List<String> columns) {
    return Records.copy(this, Map.of("numericColumns", columns));
  }

  public IngestParams withColumns(Map<String, String> catalog, Map<String, String> interactions) {
    return Records.copy(this, Map.of("catalogColumns", catalog, "interactionColumns", interactions));
  }

  public IngestParams withHistoryDays(int days) {
    return Records.copy(this, Map.of("historyDays", days));
  }

  /** The first day of the history window ending on {@code runDate}, or null for all history. */
  public java.time.LocalDate historyStart(java.time.LocalDate runDate) {
    return historyDays == 0 ? null : runDate.minusDays(historyDays - 1L);
  }

  public IngestParams withTextLimit(int maxLength, boolean truncate) {
    return Records.copy(this, Map.of("maxTextLength", maxLength, "truncateLongText", truncate));
  }
}

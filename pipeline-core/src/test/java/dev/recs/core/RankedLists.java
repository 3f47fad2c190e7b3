package dev.recs.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Ranked lists compared as "the same list" means when the two were computed by different float
 * paths (another batch, another BLAS kernel, a model applied to other rows): the scores at each
 * rank agree within a tolerance, an item in both lists has the same score in both within it, and
 * an item in only one list sits at its boundary (within the tolerance of the K-th score). So two
 * lists may differ only by swaps among scores closer than the tolerance, never by a real change
 * of rank. Where two paths must give the same rows, compare them exactly instead.
 */
public final class RankedLists {
  /** The tolerance used across the suite for scores of unit-vector cosines and model outputs. */
  public static final double TOLERANCE = 1e-5;

  private RankedLists() {}

  /** One entry of a ranked list, best first. */
  public record Entry(String id, double score) {
    @Override
    public String toString() {
      return id + " " + score;
    }
  }

  /** Entries from rows whose columns {@code idColumn} and {@code scoreColumn} hold them, in order. */
  public static List<Entry> of(List<Row> rows, String idColumn, String scoreColumn) {
    return rows.stream()
        .map(r -> new Entry(r.getString(r.fieldIndex(idColumn)), ((Number) r.get(r.fieldIndex(scoreColumn))).doubleValue()))
        .toList();
  }

  /** Asserts {@code actual} is {@code expected} up to swaps among scores within {@code tolerance}. */
  public static void assertSameUpToNearTies(String what, List<Entry> actual, List<Entry> expected, double tolerance) {
    assertThat(actual).as("%s: length", what).hasSameSizeAs(expected);
    for (int r = 0; r < actual.size(); r++) {
      assertThat(actual.get(r).score())
          .as("%s: score at rank %d (%s against %s)", what, r + 1, actual, expected)
          .isCloseTo(expected.get(r).score(), org.assertj.core.data.Offset.offset(tolerance));
    }
    checkMembers(what, actual, expected, tolerance);
    checkMembers(what, expected, actual, tolerance);
  }

  private static void checkMembers(String what, List<Entry> one, List<Entry> other, double tolerance) {
    Map<String, Double> scores = new HashMap<>();
    other.forEach(e -> scores.put(e.id(), e.score()));
    double last = other.isEmpty() ? 0 : other.get(other.size() - 1).score();
    for (Entry e : one) {
      Double there = scores.get(e.id());
      if (there == null) {
        assertThat(e.score())
            .as("%s: %s is in one list only, so must be at the other's boundary (%s against %s)", what, e, one, other)
            .isCloseTo(last, org.assertj.core.data.Offset.offset(tolerance));
      } else {
        assertThat(e.score())
            .as("%s: %s scores %s in the other list", what, e, there)
            .isCloseTo(there, org.assertj.core.data.Offset.offset(tolerance));
      }
    }
  }
}

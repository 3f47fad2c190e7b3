package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.recs.core.schema.Columns;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The published model's headline figures night by night, for the report's trend: {@link
 * #FIGURES} of segment {@code all} over the last {@link #NIGHTS} nights, tonight included.
 * Earlier nights come from the published {@code metrics} table, tonight's from the night's own
 * rows, so the trend shows tonight before (and whether or not) it is published. Reading is kept
 * apart from drawing ({@code TrendSection}): this class only turns rows into points.
 */
public final class MetricTrend {
  /** Nights the trend spans, tonight included: a month of nightly runs. */
  public static final int NIGHTS = 30;
  /** The figures drawn, each its own line: the published model's NDCG, coverage and cold-item recall at 10. */
  public static final List<MetricId> FIGURES =
      List.of(MetricId.PUBLISHED_NDCG, MetricId.PUBLISHED_COVERAGE, MetricId.PUBLISHED_COLD_ITEM_RECALL);
  /** The partition column of a {@code metrics} table read with its {@code dt=} folders. */
  public static final String DT = "dt";

  /** One figure of one night. */
  public record Point(LocalDate date, MetricId figure, double value) {}

  private MetricTrend() {}

  /**
   * The points of tonight ({@code tonightRows}, any models and segments) and of the newest
   * {@link #NIGHTS} − 1 nights of {@code published} before {@code tonight}, sorted by date then
   * by {@link #FIGURES} order. {@code published} is the {@code metrics} table with its {@link
   * #DT} partition column (a date or an ISO string); its partitions at or after {@code tonight}
   * (a rerun's) are ignored, tonight's rows replace them. A night lacking a figure (evaluation
   * off) has no point for it. Collects at most three rows per published night.
   */
  public static List<Point> of(LocalDate tonight, List<MetricRow> tonightRows, Dataset<Row> published) {
    List<Point> past = new ArrayList<>();
    for (Row r : published.where(col(DT).cast("string").lt(tonight.toString()).and(isFigure()))
        .select(col(DT).cast("string"), col(Columns.MODEL), col(Columns.METRIC), col(Columns.K), col(Columns.VALUE))
        .collectAsList()) {
      past.add(new Point(LocalDate.parse(r.getString(0)), new MetricId(r.getString(1), r.getString(2), r.getInt(3)),
          r.getDouble(4)));
    }
    return lastNights(past, tonight, tonightRows);
  }

  /** {@code past} before {@code tonight} trimmed to its newest {@link #NIGHTS} − 1 nights, with tonight's points, sorted. */
  static List<Point> lastNights(List<Point> past, LocalDate tonight, List<MetricRow> tonightRows) {
    List<Point> before = past.stream().filter(p -> p.date().isBefore(tonight)).toList();
    TreeSet<LocalDate> dates = new TreeSet<>(Comparator.reverseOrder());
    before.forEach(p -> dates.add(p.date()));
    Set<LocalDate> kept = new TreeSet<>(dates.stream().limit(NIGHTS - 1).toList());
    List<Point> out = new ArrayList<>(before.stream().filter(p -> kept.contains(p.date())).toList());
    for (MetricRow m : tonightRows) {
      MetricId id = new MetricId(m.model(), m.metric(), m.k());
      if (RankingEvaluation.ALL.equals(m.segment()) && FIGURES.contains(id)) {
        out.add(new Point(tonight, id, m.value()));
      }
    }
    out.sort(Comparator.comparing(Point::date).thenComparing(p -> FIGURES.indexOf(p.figure())));
    return out;
  }

  private static Column isFigure() {
    Column any = lit(false);
    for (MetricId id : FIGURES) {
      any = any.or(col(Columns.MODEL).equalTo(id.model()).and(col(Columns.METRIC).equalTo(id.metric()))
          .and(col(Columns.K).equalTo(id.k())));
    }
    return col(Columns.SEGMENT).equalTo(RankingEvaluation.ALL).and(any);
  }
}

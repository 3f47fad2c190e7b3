package dev.recs.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.style.CategoryStyler;

class ChartAxesTest {
  private static String tick(String pattern, double v) {
    return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
  }

  @Test
  void tickLabelsHaveALeadingZeroAndDecimalsForTheirRange() {
    assertThat(ChartAxes.decimalPattern(0, 0.1)).isEqualTo("0.00");
    assertThat(tick(ChartAxes.decimalPattern(0, 0.1), 0.08)).isEqualTo("0.08");
    assertThat(tick(ChartAxes.decimalPattern(0, 1), 0.2)).isEqualTo("0.2");
    assertThat(tick(ChartAxes.decimalPattern(0.07, 0.09), 0.075)).isEqualTo("0.075");
    assertThat(tick(ChartAxes.decimalPattern(0.5, 0.5), 0.5)).isEqualTo("0.50");
  }

  @Test
  void svgTickLabelsHaveALeadingZero() {
    assertThat(String.format(Locale.ROOT, EvaluationReport.tickFormat(new double[] {0, 0.1}), 0.08)).isEqualTo("0.080");
  }

  @Test
  void aSinglePointGetsARangeAroundIt() {
    assertThat(ChartAxes.paddedRange(0.08)).containsExactly(new double[] {0.07, 0.09}, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void longOrManyCategoryLabelsAreTurnedAndThinned() {
    CategoryStyler few = new CategoryStyler();
    ChartAxes.categoryLabels(few, List.of("1", "2", "3"));
    CategoryStyler deciles = new CategoryStyler();
    ChartAxes.categoryLabels(deciles, List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "no train event"));
    CategoryStyler dates = new CategoryStyler();
    ChartAxes.categoryLabels(dates, java.util.stream.IntStream.range(0, 30).mapToObj(i -> "2026-10-" + i).toList());

    assertThat(few.getXAxisLabelRotation()).isZero();
    assertThat(deciles.getXAxisLabelRotation()).isEqualTo(45);
    assertThat(dates.getXAxisLabelRotation()).isEqualTo(45);
    assertThat(dates.getXAxisMaxLabelCount()).isEqualTo(ChartAxes.MAX_CATEGORY_LABELS);
  }
}

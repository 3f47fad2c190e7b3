package dev.recs.core.eval;

import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.style.AxesChartStyler;

/**
 * Legible axes for the report's charts: tick labels with a leading zero ({@code 0.08}, never
 * XChart's default {@code .08}) and one fixed number of decimals per axis, chosen from the range
 * the axis spans; category labels turned and thinned when they would overlap; a flat range
 * widened so that a single point (the first night of a trend) still sits inside the plot.
 */
final class ChartAxes {
  /** Category labels drawn at most: beyond it XChart thins them (a month of dates reads at 15). */
  static final int MAX_CATEGORY_LABELS = 15;
  /** Pixels of the plot area of an 800-pixel chart with its legend beside it. */
  private static final int PLOT_PIXELS = 560;
  /** Pixels a character of a tick label takes, about (XChart's bold sans-serif). */
  private static final int CHAR_PIXELS = 8;

  private ChartAxes() {}

  /**
   * Decimals that tell apart ticks {@code step} apart: as many as the step's first significant
   * digit needs, from 1 to 6 (2 for a step that is zero or not finite).
   */
  static int decimals(double step) {
    if (!(step > 0) || !Double.isFinite(step)) {
      return 2;
    }
    return Math.max(1, Math.min(6, (int) Math.ceil(-Math.log10(step) - 1e-9)));
  }

  /**
   * A {@link java.text.DecimalFormat} pattern for an axis spanning {@code min..max}: a leading
   * zero and {@link #decimals} of a fifth of the span (XChart draws five to ten ticks), e.g.
   * {@code 0.00} for 0 to 0.1.
   */
  static String decimalPattern(double min, double max) {
    return "0." + "0".repeat(decimals((max - min) / 5));
  }

  /** {@code [min, max]} of the finite values, {@code [0, 1]} when there is none. */
  static double[] range(double... values) {
    double min = Arrays.stream(values).filter(Double::isFinite).min().orElse(0);
    double max = Arrays.stream(values).filter(Double::isFinite).max().orElse(1);
    return new double[] {min, max};
  }

  /** {@link #range} widened by 10% each way, or by ±0.01 when flat, so that points sit inside. */
  static double[] paddedRange(double... values) {
    double[] r = range(values);
    double pad = r[1] > r[0] ? (r[1] - r[0]) * 0.1 : 0.01;
    return new double[] {r[0] - pad, r[1] + pad};
  }

  /** Y tick labels for values spanning {@code min..max}, with a leading zero. */
  static void yTicks(AxesChartStyler styler, double min, double max) {
    styler.setYAxisDecimalPattern(decimalPattern(min, max));
  }

  /** Y axis of a bar chart (bars start at zero): tick labels for the range of {@code values} and zero. */
  static void barTicks(AxesChartStyler styler, double... values) {
    double[] r = range(values);
    yTicks(styler, Math.min(r[0], 0), Math.max(r[1], 0));
  }

  /**
   * Y axis fixed to the {@link #paddedRange} of {@code values}, labelled to match: XChart draws
   * nothing on a zero range, so a single point needs the padding.
   */
  static void paddedY(AxesChartStyler styler, double... values) {
    double[] r = paddedRange(values);
    styler.setYAxisMin(r[0]);
    styler.setYAxisMax(r[1]);
    yTicks(styler, r[0], r[1]);
  }

  /**
   * Turns category labels by 45 degrees when the longest would not fit flat in its category's
   * share of the plot's width, and draws at most {@link #MAX_CATEGORY_LABELS} of them.
   */
  static void categoryLabels(AxesChartStyler styler, List<String> labels) {
    int drawn = Math.max(1, Math.min(labels.size(), MAX_CATEGORY_LABELS));
    int longest = labels.stream().mapToInt(String::length).max().orElse(0);
    if ((longest + 1) * CHAR_PIXELS > PLOT_PIXELS / drawn) {
      styler.setXAxisLabelRotation(45);
    }
    styler.setXAxisMaxLabelCount(MAX_CATEGORY_LABELS);
  }
}

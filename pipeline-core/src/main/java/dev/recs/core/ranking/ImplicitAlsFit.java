package dev.recs.core.ranking;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Implicit ALS (Hu, Koren and Volinsky 2008) in MLlib's formulation, over the (user, item,
 * events) triples the candidate sources already hold on the driver: confidence {@code 1 + alpha
 * r}, preference 1, a row regularised by {@code lambda} times its number of entries, factors
 * initialised as random unit vectors, each iteration solving the items from the users and then
 * the users from the items.
 *
 * <p>Why not MLlib's {@code ALS}: at a million events on two cores it took 32-39 s, nearly all of
 * it Spark jobs (indexing the ids, shuffling factor blocks each half-step), for about a second of
 * arithmetic, and the night fits the sources twice (the published ones and the ranker's label
 * ones). The evaluation's ALS baseline still runs MLlib's.
 */
final class ImplicitAlsFit {
  private ImplicitAlsFit() {}

  /** The rows of one side: per row, its entries' columns and event counts (CSR). */
  record Rows(int[] offsets, int[] columns, float[] counts) {
    int size() {
      return offsets.length - 1;
    }

    /** The transpose, {@code columns} rows. */
    Rows transpose(int columnCount) {
      int[] t = new int[columnCount + 1];
      for (int c : columns) {
        t[c + 1]++;
      }
      for (int c = 0; c < columnCount; c++) {
        t[c + 1] += t[c];
      }
      int[] fill = Arrays.copyOf(t, columnCount);
      int[] rows = new int[columns.length];
      float[] values = new float[columns.length];
      for (int r = 0; r < size(); r++) {
        for (int e = offsets[r]; e < offsets[r + 1]; e++) {
          int at = fill[columns[e]]++;
          rows[at] = r;
          values[at] = counts[e];
        }
      }
      return new Rows(t, rows, values);
    }
  }

  /**
   * Item factors ({@code itemCount x rank}, row-major; zero for an item without events) after
   * {@code iterations} alternations over {@code users}' rows of (item, events).
   */
  static float[] itemFactors(Rows users, int itemCount, int rank, int iterations, double lambda, double alpha, long seed) {
    Rows items = users.transpose(itemCount);
    float[] userFactors = random(users, rank, seed);
    float[] itemFactors = random(items, rank, seed + 1);
    for (int it = 0; it < iterations; it++) {
      solveAll(items, userFactors, itemFactors, rank, lambda, alpha);
      solveAll(users, itemFactors, userFactors, rank, lambda, alpha);
    }
    return itemFactors;
  }

  /** Every row of {@code rows} solved against {@code fixed} into {@code out}, rows in parallel. */
  private static void solveAll(Rows rows, float[] fixed, float[] out, int rank, double lambda, double alpha) {
    double[] gram = gram(fixed, rank);
    IntStream.range(0, rows.size()).parallel().forEach(r -> {
      float[] x = rows.offsets()[r] == rows.offsets()[r + 1]
          ? null
          : solve(fixed, gram, rank, rows.columns(), rows.counts(), rows.offsets()[r], rows.offsets()[r + 1], lambda, alpha);
      for (int j = 0; j < rank; j++) {
        out[r * rank + j] = x == null ? 0f : x[j];
      }
    });
  }

  /** {@code Y'Y} of row-major {@code factors} ({@code rank} wide). */
  static double[] gram(float[] factors, int rank) {
    double[] g = new double[rank * rank];
    for (int i = 0; i < factors.length; i += rank) {
      for (int a = 0; a < rank; a++) {
        double ya = factors[i + a];
        if (ya != 0) {
          for (int b = 0; b < rank; b++) {
            g[a * rank + b] += ya * factors[i + b];
          }
        }
      }
    }
    return g;
  }

  /**
   * One row's factors against the fixed side {@code y}: {@code (Y'Y + sum c_e y_e y_e' + lambda n
   * I) x = sum (1 + c_e) y_e}, {@code c_e = alpha r_e}, over its entries {@code [from, to)} of
   * {@code columns} and {@code counts}. Null when the system is not positive definite.
   */
  static float[] solve(
      float[] y, double[] gram, int rank, int[] columns, float[] counts, int from, int to, double lambda, double alpha) {
    double[] a = gram.clone();
    double[] b = new double[rank];
    for (int e = from; e < to; e++) {
      double c1 = alpha * counts[e];
      int row = columns[e] * rank;
      for (int p = 0; p < rank; p++) {
        double yp = y[row + p];
        b[p] += (1 + c1) * yp;
        double cy = c1 * yp;
        for (int q = 0; q < rank; q++) {
          a[p * rank + q] += cy * y[row + q];
        }
      }
    }
    for (int p = 0; p < rank; p++) {
      a[p * rank + p] += lambda * (to - from);
    }
    double[] solution = Cholesky.solve(a, b, rank);
    if (solution == null) {
      return null;
    }
    float[] out = new float[rank];
    for (int p = 0; p < rank; p++) {
      out[p] = (float) solution[p];
    }
    return out;
  }

  /** A random unit vector per row with entries (zero for an empty row), each from its own seeded stream. */
  private static float[] random(Rows rows, int rank, long seed) {
    float[] f = new float[rows.size() * rank];
    for (int r = 0; r < rows.size(); r++) {
      if (rows.offsets()[r] == rows.offsets()[r + 1]) {
        continue;
      }
      SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + r);
      double norm = 0;
      for (int j = 0; j < rank; j++) {
        float v = (float) random.nextGaussian();
        f[r * rank + j] = v;
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < rank; j++) {
        f[r * rank + j] /= (float) norm;
      }
    }
    return f;
  }
}

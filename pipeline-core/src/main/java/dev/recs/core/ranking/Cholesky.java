package dev.recs.core.ranking;

/** Dense symmetric positive definite solves for the ALS fold-in (rank x rank, tiny). */
final class Cholesky {
  private Cholesky() {}

  /** Solves {@code a x = b} for symmetric positive definite {@code a} (row-major n x n); null when not SPD. */
  static double[] solve(double[] a, double[] b, int n) {
    double[] l = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i * n + j];
        for (int m = 0; m < j; m++) {
          s -= l[i * n + m] * l[j * n + m];
        }
        if (i == j) {
          if (s <= 0) {
            return null;
          }
          l[i * n + i] = Math.sqrt(s);
        } else {
          l[i * n + j] = s / l[j * n + j];
        }
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int m = 0; m < i; m++) {
        s -= l[i * n + m] * y[m];
      }
      y[i] = s / l[i * n + i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int m = i + 1; m < n; m++) {
        s -= l[m * n + i] * x[m];
      }
      x[i] = s / l[i * n + i];
    }
    return x;
  }
}

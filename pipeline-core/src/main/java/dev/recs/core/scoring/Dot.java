package dev.recs.core.scoring;

/**
 * The one definition of a published similarity or vector score: the dot product of two float
 * vectors summed in double, in index order, rounded once to float. Java fixes the result of that
 * sum bit for bit on every CPU, whatever BLAS kernel the machine picks; a BLAS {@code sgemm}
 * result does not (its order of summation, and whether it fuses multiply-adds, follow the CPU's
 * kernel and the shape of the block the pair sits in). So the top-K paths use the GEMM only to
 * screen, and every score they keep, compare against a threshold or publish is {@link #exact}:
 * the night's blocked {@code similar_items}, the refresh's new-item neighbours and the per-user
 * searches give the same score to the same pair, and exact ties break by the lower position (id
 * order) everywhere.
 */
public final class Dot {
  /** Unit roundoff of float. */
  private static final double FLOAT_EPS = 0x1p-24;

  private Dot() {}

  /** {@code a[ao, ao+dim) · b[bo, bo+dim)}, summed in double in index order, rounded to float. */
  public static float exact(float[] a, int ao, float[] b, int bo, int dim) {
    double sum = 0;
    for (int j = 0; j < dim; j++) {
      sum += (double) a[ao + j] * b[bo + j];
    }
    return (float) sum;
  }

  /** The Euclidean norm of {@code v[offset, offset+dim)}. */
  public static double norm(float[] v, int offset, int dim) {
    double sum = 0;
    for (int j = 0; j < dim; j++) {
      sum += (double) v[offset + j] * v[offset + j];
    }
    return Math.sqrt(sum);
  }

  /** The largest norm among the {@code rows} rows of {@code v} (row-major, {@code dim} wide). */
  public static double maxNorm(float[] v, int rows, int dim) {
    double max = 0;
    for (int r = 0; r < rows; r++) {
      max = Math.max(max, norm(v, r * dim, dim));
    }
    return max;
  }

  /**
   * A bound, with room to spare, on how far a float BLAS dot product of vectors with these norms
   * can lie from {@link #exact}: any order of summation, with or without fused multiply-adds,
   * errs by at most {@code dim · u · |a| · |b|} (u the unit roundoff); this is twice that plus
   * the final rounding. A screen that keeps every BLAS score within this margin of a threshold
   * loses no pair whose exact score reaches it.
   */
  public static float margin(int dim, double normA, double normB) {
    return (float) (2 * (dim + 2) * FLOAT_EPS * normA * normB) + Float.MIN_NORMAL;
  }
}

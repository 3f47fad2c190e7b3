package dev.recs.core.scoring;

import java.util.List;

/** Spark hands {@code array<float>} columns over as {@code List<Float>}; kernels want float[]. */
public final class FloatArrays {
  private FloatArrays() {}

  public static float[] of(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}

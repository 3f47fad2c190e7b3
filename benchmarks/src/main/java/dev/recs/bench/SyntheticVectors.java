package dev.recs.bench;

import java.util.Random;

/** Unit vectors scattered around {@code clusters} random centres: embeddings with structure. */
final class SyntheticVectors {
  private SyntheticVectors() {}

  static float[] clustered(int n, int dim, int clusters, Random random) {
    float[] centres = new float[clusters * dim];
    for (int i = 0; i < centres.length; i++) {
      centres[i] = (float) random.nextGaussian();
    }
    float[] out = new float[n * dim];
    for (int i = 0; i < n; i++) {
      int c = random.nextInt(clusters);
      double norm = 0;
      for (int j = 0; j < dim; j++) {
        float v = centres[c * dim + j] + 0.6f * (float) random.nextGaussian();
        out[i * dim + j] = v;
        norm += v * v;
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int j = 0; j < dim; j++) {
        out[i * dim + j] *= inv;
      }
    }
    return out;
  }
}

package dev.recs.core.model;

import java.util.List;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Copies MLlib feature vectors (mostly sparse TF-IDF) into a dense float ND4J matrix. */
final class FeatureRows {
  private FeatureRows() {}

  static INDArray toMatrix(List<Vector> vectors, int width) {
    float[] data = new float[vectors.size() * width];
    for (int i = 0; i < vectors.size(); i++) {
      SparseVector v = vectors.get(i).toSparse();
      int[] indices = v.indices();
      double[] values = v.values();
      int base = i * width;
      for (int j = 0; j < indices.length; j++) {
        data[base + indices[j]] = (float) values[j];
      }
    }
    return NdArrays.matrix(data, vectors.size(), width);
  }
}

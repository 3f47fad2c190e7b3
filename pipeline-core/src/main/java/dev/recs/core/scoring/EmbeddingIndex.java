package dev.recs.core.scoring;

import static org.apache.spark.sql.functions.col;

import dev.recs.core.schema.Columns;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Every item's embedding, L2-normalised so that a dot product is a cosine, in one row-major
 * float array ordered by {@code item_id}. This is the broadcast side of scoring: 100k items of
 * 64 floats are 25 MB, small next to an executor, and broadcasting it lets each partition score
 * its queries against all items with one matrix multiply per block and no shuffle.
 */
public final class EmbeddingIndex implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] ids;
  private final float[] unitVectors;
  private final int dim;
  private transient Map<String, Integer> positions;

  EmbeddingIndex(String[] ids, float[] unitVectors, int dim) {
    if (unitVectors.length != ids.length * dim) {
      throw new IllegalArgumentException("Invalid index: " + ids.length + " ids x " + dim + " dims");
    }
    this.ids = ids;
    this.unitVectors = unitVectors;
    this.dim = dim;
  }

  /** Collects {@code (item_id, embedding)} rows; the one driver collect scoring does. */
  public static EmbeddingIndex collect(Dataset<Row> embeddings) {
    List<Row> rows =
        embeddings
            .select(col(Columns.ITEM_ID), col(Columns.EMBEDDING))
            .orderBy(col(Columns.ITEM_ID))
            .collectAsList();
    String[] ids = new String[rows.size()];
    int dim = rows.isEmpty() ? 0 : rows.get(0).getList(1).size();
    float[] data = new float[rows.size() * dim];
    for (int i = 0; i < rows.size(); i++) {
      ids[i] = rows.get(i).getString(0);
      List<Float> e = rows.get(i).getList(1);
      for (int j = 0; j < dim; j++) {
        data[i * dim + j] = e.get(j);
      }
    }
    return of(ids, data, dim);
  }

  /**
   * An index of vectors kept as given (not normalised): dot products are then raw scores, as a
   * factor model (ALS) needs. Ids must be sorted and unique.
   */
  public static EmbeddingIndex unnormalised(String[] ids, float[] vectors, int dim) {
    return new EmbeddingIndex(ids, vectors.clone(), dim);
  }

  /** Builds an index from raw vectors (normalised here); ids must be sorted and unique. */
  public static EmbeddingIndex of(String[] ids, float[] vectors, int dim) {
    float[] unit = vectors.clone();
    for (int i = 0; i < ids.length; i++) {
      normalise(unit, i * dim, dim);
    }
    return new EmbeddingIndex(ids, unit, dim);
  }

  /** Scales {@code v[offset, offset+dim)} to unit length in place; zero vectors stay zero. */
  public static void normalise(float[] v, int offset, int dim) {
    double sum = 0;
    for (int j = 0; j < dim; j++) {
      sum += (double) v[offset + j] * v[offset + j];
    }
    if (sum > 0) {
      float inv = (float) (1.0 / Math.sqrt(sum));
      for (int j = 0; j < dim; j++) {
        v[offset + j] *= inv;
      }
    }
  }

  public int size() {
    return ids.length;
  }

  public int dim() {
    return dim;
  }

  public String id(int position) {
    return ids[position];
  }

  /** The position of {@code itemId}, or -1 if it has no embedding. */
  public int position(String itemId) {
    if (positions == null) {
      Map<String, Integer> map = new HashMap<>(ids.length * 2);
      for (int i = 0; i < ids.length; i++) {
        map.put(ids[i], i);
      }
      positions = map;
    }
    return positions.getOrDefault(itemId, -1);
  }

  /** The stored vectors, row-major; unit length unless built {@link #unnormalised}. */
  public float[] unitVectors() {
    return unitVectors;
  }

  /** {@link Dot#exact} of the vectors at two positions: their cosine, as every top-K path scores it. */
  public float cosine(int a, int b) {
    return Dot.exact(unitVectors, a * dim, unitVectors, b * dim, dim);
  }

  /** Copies the unit vector at {@code position} into {@code out} at {@code offset}. */
  public void copyVectorTo(int position, float[] out, int offset) {
    System.arraycopy(unitVectors, position * dim, out, offset, dim);
  }
}

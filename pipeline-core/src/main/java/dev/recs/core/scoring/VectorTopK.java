package dev.recs.core.scoring;

import dev.recs.core.model.BatchingIterator;
import dev.recs.core.schema.Columns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Top-K items by dot product with a per-user query vector, minus the items each user has seen:
 * the scoring step shared by every vector model (a factor model's user factors, a mean content
 * vector). Input {@code (user_id, query array<float>, seen array<string>)}; output {@code
 * (user_id, rank, item_id, score)}, ranks from 1. A null or zero query yields no rows.
 */
public final class VectorTopK {
  public static final String QUERY = "query";
  public static final String SEEN = "seen";

  private final int k;
  private final int block;

  public VectorTopK(int k, int block) {
    this.k = k;
    this.block = block;
  }

  public static StructType outputSchema() {
    return new StructType()
        .add(Columns.USER_ID, DataTypes.StringType, false)
        .add(Columns.RANK, DataTypes.IntegerType, false)
        .add(Columns.ITEM_ID, DataTypes.StringType, false)
        .add(Columns.SCORE, DataTypes.FloatType, false);
  }

  public Dataset<Row> apply(Dataset<Row> queries, Broadcast<EmbeddingIndex> index) {
    return queries
        .select(Columns.USER_ID, QUERY, SEEN)
        .mapPartitions(new Partition(index, k, block), Encoders.row(outputSchema()));
  }

  static final class Partition implements MapPartitionsFunction<Row, Row> {
    private final Broadcast<EmbeddingIndex> index;
    private final int k;
    private final int block;

    Partition(Broadcast<EmbeddingIndex> index, int k, int block) {
      this.index = index;
      this.k = k;
      this.block = block;
    }

    @Override
    public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
      EmbeddingIndex items = index.value();
      CosineTopK kernel = new CosineTopK(items);
      int dim = items.dim();
      return new BatchingIterator<>(
          rows,
          block,
          batch -> {
            List<Row> usable = new ArrayList<>();
            for (Row r : batch) {
              if (!r.isNullAt(1) && r.getList(1).size() == dim) {
                usable.add(r);
              }
            }
            float[] queries = new float[usable.size() * dim];
            int[][] seen = new int[usable.size()][];
            for (int u = 0; u < usable.size(); u++) {
              System.arraycopy(FloatArrays.of(usable.get(u).getList(1)), 0, queries, u * dim, dim);
              List<String> ids = usable.get(u).isNullAt(2) ? List.of() : usable.get(u).getList(2);
              seen[u] = ids.stream().mapToInt(items::position).filter(p -> p >= 0).sorted().distinct().toArray();
            }
            CosineTopK.Hits[] hits = kernel.search(queries, usable.size(), k, seen);
            List<Row> out = new ArrayList<>();
            for (int u = 0; u < usable.size(); u++) {
              for (int r = 0; r < hits[u].positions().length; r++) {
                out.add(RowFactory.create(usable.get(u).getString(0), r + 1,
                    items.id(hits[u].positions()[r]), hits[u].scores()[r]));
              }
            }
            return out;
          });
    }
  }
}

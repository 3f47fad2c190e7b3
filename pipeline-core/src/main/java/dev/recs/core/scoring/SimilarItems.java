package dev.recs.core.scoring;

import dev.recs.core.config.ScoringParams;
import dev.recs.core.model.BatchingIterator;
import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The {@code similar_items} table: for every item of the index, its {@code similarK} nearest
 * items by cosine of their embeddings, never itself, ranks from 1. Exact, computed in blocks of
 * {@code queryBlockSize} items per partition against the broadcast index.
 */
public final class SimilarItems {
  private final ScoringParams params;

  public SimilarItems(ScoringParams params) {
    this.params = params;
  }

  /** Lazy; {@code itemIds} has the {@code item_id}s to find neighbours for. */
  public Dataset<Row> apply(Dataset<Row> itemIds, Broadcast<EmbeddingIndex> index) {
    return itemIds
        .select(Columns.ITEM_ID)
        .mapPartitions(
            new NeighboursPartition(index, params.similarK(), params.queryBlockSize()),
            Encoders.row(Table.SIMILAR_ITEMS.sparkSchema()));
  }

  static final class NeighboursPartition implements MapPartitionsFunction<Row, Row> {
    private final Broadcast<EmbeddingIndex> index;
    private final int k;
    private final int block;

    NeighboursPartition(Broadcast<EmbeddingIndex> index, int k, int block) {
      this.index = index;
      this.k = k;
      this.block = block;
    }

    @Override
    public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
      EmbeddingIndex items = index.value();
      CosineTopK kernel = new CosineTopK(items);
      return new BatchingIterator<>(
          rows,
          block,
          batch -> {
            int dim = items.dim();
            List<Integer> positions = new ArrayList<>(batch.size());
            for (Row r : batch) {
              int p = items.position(r.getString(0));
              if (p >= 0) {
                positions.add(p);
              }
            }
            float[] queries = new float[positions.size() * dim];
            int[][] self = new int[positions.size()][];
            for (int i = 0; i < positions.size(); i++) {
              items.copyVectorTo(positions.get(i), queries, i * dim);
              self[i] = new int[] {positions.get(i)};
            }
            CosineTopK.Hits[] hits = kernel.search(queries, positions.size(), k, self);
            List<Row> out = new ArrayList<>(positions.size() * k);
            for (int i = 0; i < positions.size(); i++) {
              String itemId = items.id(positions.get(i));
              for (int rank = 0; rank < hits[i].positions().length; rank++) {
                out.add(
                    RowFactory.create(
                        itemId,
                        rank + 1,
                        items.id(hits[i].positions()[rank]),
                        hits[i].scores()[rank]));
              }
            }
            return out;
          });
    }
  }
}

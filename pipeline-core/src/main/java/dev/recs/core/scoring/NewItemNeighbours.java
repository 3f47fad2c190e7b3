package dev.recs.core.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;

import dev.recs.core.config.ScoringParams;
import dev.recs.core.model.BatchingIterator;
import dev.recs.core.model.NdArrays;
import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Brings a published {@code similar_items} table up to date with items added since, without
 * recomputing it: the new items × all items scores are computed once (one multiply per block of
 * {@code queryBlockSize} new items against the broadcast {@link EmbeddingIndex}) and serve both
 * directions.
 *
 * <ul>
 *   <li>Each new item gets its own exact top {@code similarK} among all items, old and new, or
 *       among the {@code offered} items (as {@link SimilarItems} with candidates: the items with
 *       events; a new item without any then enters no old item's list).
 *   <li>An old item's list can only change if a new item scores at least its current K-th
 *       neighbour's score (its best K among old ∪ new items is the best K of its published list
 *       and its best among the new items). Those pairs are the only ones kept from the
 *       multiply; each affected old item's list is re-ranked from its published rows plus its
 *       candidates; every other old item keeps its published rows as they are.
 * </ul>
 *
 * <p>Equal to {@link SimilarItems} over all items, row for row: both keep and publish {@link
 * Dot#exact} scores (the BLAS multiply only screens), and ties go to the smaller {@code
 * similar_item_id}, as there. Cost: new × all × dim multiply-adds, against
 * all² × dim for the full table. Items that left the catalog are not removed (a full night does
 * that).
 */
public final class NewItemNeighbours {
  private static final String CANDIDATE = "_candidate";

  private final ScoringParams params;

  public NewItemNeighbours(ScoringParams params) {
    this.params = params;
  }

  /**
   * The updated table and how many old items' lists changed.
   *
   * @param similarItems every row of the table: the published ones and the new items' lists
   * @param updatedItems old items whose list now holds at least one new item
   */
  public record Update(Dataset<Row> similarItems, long updatedItems) {}

  /**
   * @param published the published {@code similar_items} rows
   * @param newItems {@code (item_id)} of the items to add; each must be in {@code index}
   * @param index every item's embedding, old and new
   */
  public Update apply(Dataset<Row> published, Dataset<Row> newItems, Broadcast<EmbeddingIndex> index) {
    return apply(published, newItems, index, null);
  }

  /**
   * Like {@link #apply(Dataset, Dataset, Broadcast)}, neighbours drawn only from the items of
   * {@code offered} (ids; null: all items).
   */
  public Update apply(
      Dataset<Row> published, Dataset<Row> newItems, Broadcast<EmbeddingIndex> index, Collection<String> offered) {
    int k = params.similarK();
    EmbeddingIndex items = index.value();
    float[] thresholds = new float[items.size()];
    Arrays.fill(thresholds, Float.NEGATIVE_INFINITY);
    List<Row> kth =
        published
            .groupBy(col(Columns.ITEM_ID))
            .agg(count(col(Columns.RANK)).as("_n"), min(col(Columns.SCORE)).as("_kth"))
            .collectAsList();
    for (Row r : kth) {
      int position = items.position(r.getString(0));
      // a list shorter than K (fewer items than K + 1) takes any new item
      if (position >= 0 && r.getLong(1) >= k) {
        thresholds[position] = r.getFloat(2);
      }
    }
    List<String> newIds = newItems.select(col(Columns.ITEM_ID)).as(Encoders.STRING()).collectAsList();
    boolean[] isNew = new boolean[items.size()];
    for (String id : newIds) {
      int position = items.position(id);
      if (position < 0) {
        throw new IllegalArgumentException("Cannot score new item " + id + ": it has no embedding");
      }
      isNew[position] = true;
    }
    boolean[] candidate = new boolean[items.size()];
    if (offered == null) {
      Arrays.fill(candidate, true);
    } else {
      for (String id : offered) {
        int position = items.position(id);
        if (position >= 0) {
          candidate[position] = true;
        }
      }
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(published.sparkSession().sparkContext());
    int partitions = (int) Math.max(1, (newIds.size() + params.queryBlockSize() - 1) / params.queryBlockSize());
    StructType schema =
        Table.SIMILAR_ITEMS.sparkSchema().add(CANDIDATE, DataTypes.BooleanType, false);
    Dataset<Row> scored =
        published
            .sparkSession()
            .createDataset(newIds, Encoders.STRING())
            .toDF(Columns.ITEM_ID)
            .repartition(partitions)
            .mapPartitions(
                new ScorePartition(index, jsc.broadcast(thresholds), jsc.broadcast(isNew), jsc.broadcast(candidate), k,
                    params.queryBlockSize()),
                Encoders.row(schema))
            .cache();
    Dataset<Row> own = scored.where(col(CANDIDATE).equalTo(false)).drop(CANDIDATE);
    Dataset<Row> candidates = scored.where(col(CANDIDATE).equalTo(true)).drop(CANDIDATE);
    Dataset<Row> affected = candidates.select(col(Columns.ITEM_ID)).distinct().cache();
    long updated = affected.count();
    Dataset<Row> reranked =
        published
            .join(affected, Columns.ITEM_ID, "left_semi")
            .select(col(Columns.ITEM_ID), col(Columns.SIMILAR_ITEM_ID), col(Columns.SCORE))
            .unionByName(candidates.select(col(Columns.ITEM_ID), col(Columns.SIMILAR_ITEM_ID), col(Columns.SCORE)))
            .withColumn(
                Columns.RANK,
                row_number()
                    .over(
                        Window.partitionBy(col(Columns.ITEM_ID))
                            .orderBy(col(Columns.SCORE).desc(), col(Columns.SIMILAR_ITEM_ID))))
            .where(col(Columns.RANK).leq(k));
    Dataset<Row> kept = published.join(affected, Columns.ITEM_ID, "left_anti");
    String[] columns = Table.SIMILAR_ITEMS.sparkSchema().fieldNames();
    Dataset<Row> table =
        kept.selectExpr(columns)
            .unionByName(reranked.selectExpr(columns))
            .unionByName(own.selectExpr(columns));
    return new Update(table, updated);
  }

  /**
   * Scores a partition's new items, a block at a time, against every item: emits each new
   * item's top K ({@code _candidate = false}, ranks from 1) and every (old item, new item) pair
   * whose score reaches the old item's current K-th score ({@code _candidate = true}, rank 0).
   */
  static final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private final Broadcast<EmbeddingIndex> index;
    private final Broadcast<float[]> thresholds;
    private final Broadcast<boolean[]> isNew;
    private final Broadcast<boolean[]> candidate;
    private final int k;
    private final int block;

    ScorePartition(
        Broadcast<EmbeddingIndex> index,
        Broadcast<float[]> thresholds,
        Broadcast<boolean[]> isNew,
        Broadcast<boolean[]> candidate,
        int k,
        int block) {
      this.index = index;
      this.thresholds = thresholds;
      this.isNew = isNew;
      this.candidate = candidate;
      this.k = k;
      this.block = block;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      EmbeddingIndex items = index.value();
      INDArray all = NdArrays.matrix(items.unitVectors(), items.size(), items.dim());
      int[] allPositions = new int[items.size()];
      Arrays.setAll(allPositions, i -> i);
      BlockKernel kernel = new BlockKernel(items.dim());
      float[] kth = thresholds.value();
      boolean[] added = isNew.value();
      boolean[] offered = candidate.value();
      return new BatchingIterator<>(
          rows, block, batch -> score(batch, items, all, allPositions, kernel, kth, added, offered));
    }

    private List<Row> score(
        List<Row> batch,
        EmbeddingIndex items,
        INDArray all,
        int[] allPositions,
        BlockKernel kernel,
        float[] kth,
        boolean[] added,
        boolean[] offered) {
      int b = batch.size();
      int dim = items.dim();
      int n = items.size();
      double allNorm = Dot.maxNorm(items.unitVectors(), n, dim);
      int[] positions = new int[b];
      float[] queries = new float[b * dim];
      TopKAccumulator[] heaps = new TopKAccumulator[b];
      for (int r = 0; r < b; r++) {
        positions[r] = items.position(batch.get(r).getString(0));
        items.copyVectorTo(positions[r], queries, r * dim);
        heaps[r] = new TopKAccumulator(k);
      }
      INDArray queryMatrix = NdArrays.matrix(queries, b, dim);
      float[] s = kernel.multiply(queryMatrix, all);
      NdArrays.release(queryMatrix);
      // a new item's own list: offered items only (the scores of the others still serve the pairs below)
      float[] own = s.clone();
      for (int r = 0; r < b; r++) {
        for (int j = 0; j < n; j++) {
          if (!offered[j]) {
            own[r * n + j] = Float.NEGATIVE_INFINITY;
          }
        }
      }
      kernel.select(own, queries, positions, items.unitVectors(), allPositions, heaps);
      List<Row> out = new ArrayList<>();
      for (int r = 0; r < b; r++) {
        String id = items.id(positions[r]);
        int[] best = heaps[r].sortedIndices();
        float[] scores = heaps[r].sortedScores();
        for (int rank = 0; rank < best.length && scores[rank] > Float.NEGATIVE_INFINITY; rank++) {
          out.add(RowFactory.create(id, rank + 1, items.id(best[rank]), scores[rank], false));
        }
        if (!offered[positions[r]]) {
          continue;
        }
        int base = r * n;
        // screened on the BLAS score, kept and emitted on the exact one: the published K-th
        // scores are exact, and the pair must score here as the night's similar_items would
        float margin = Dot.margin(dim, Dot.norm(queries, r * dim, dim), allNorm);
        for (int j = 0; j < n; j++) {
          if (s[base + j] >= kth[j] - margin && !added[j]) {
            float exact = Dot.exact(queries, r * dim, items.unitVectors(), j * dim, dim);
            if (exact >= kth[j]) {
              out.add(RowFactory.create(items.id(j), 0, id, exact, true));
            }
          }
        }
      }
      return out;
    }
  }
}

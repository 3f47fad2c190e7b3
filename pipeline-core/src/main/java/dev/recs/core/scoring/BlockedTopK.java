package dev.recs.core.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.recs.core.model.NdArrays;
import dev.recs.core.schema.Columns;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Exact top-K cosine neighbours of every item among all items, by blocks, without ever holding
 * all embeddings in one place or materialising N² rows: items are numbered in id order and cut
 * into blocks of {@code blockRows}, and consecutive blocks into groups of {@code groupBlocks}.
 * Every (left block, right group) pair is one task that multiplies the left block with each
 * block of the group with a real BLAS, keeping one bounded heap per left row across the group
 * ({@link BlockKernel}); each item's partial lists (one per group) are then merged into its
 * top K. Shuffle volume is N × groups × K pairs; the multiply is N² × dim, done at GEMM speed.
 *
 * <p>Why groups: with one task per block pair, 100k items made 49 partial lists per item, and
 * deserialising those 4.9M lists in the merge cost minutes, several times the multiplies.
 *
 * <p>Scores are {@link Dot#exact} (the GEMM only screens) and ties prefer the item earlier in id
 * order, so the result depends neither on partitioning nor on the CPU's BLAS kernel.
 */
public final class BlockedTopK implements Serializable {
  private static final String CANDIDATE = "_candidate";
  private final int k;
  private final int blockRows;
  private final int groupBlocks;

  /**
   * @param k neighbours per item
   * @param blockRows items per block: one {@code blockRows × blockRows} multiply at a time
   * @param groupBlocks right-hand blocks per task: a task holds this many blocks' embeddings
   */
  public BlockedTopK(int k, int blockRows, int groupBlocks) {
    this.k = k;
    this.blockRows = blockRows;
    this.groupBlocks = groupBlocks;
  }

  /** Rows of one block: global numbers (id order), ids and unit vectors, row-major. */
  record Block(int number, int[] positions, String[] ids, float[] vectors, int dim) implements Serializable {}

  /** One item's best neighbours found in part of the catalog: global positions and cosines. */
  record Partial(int[] positions, float[] scores) implements Serializable {}

  /**
   * {@code similar_items} rows {@code (item_id, rank, similar_item_id, score)} for every item
   * of {@code embeddings (item_id, embedding)}. The blocks are built and cached now; the
   * multiplies run when the returned Dataset is read.
   */
  public Dataset<Row> apply(Dataset<Row> embeddings) {
    return apply(embeddings, null);
  }

  /**
   * Like {@link #apply(Dataset)}, every item's neighbours drawn only from the items of {@code
   * candidates} ({@code item_id}; null: all items).
   */
  public Dataset<Row> apply(Dataset<Row> embeddings, Dataset<Row> candidates) {
    SparkSession spark = embeddings.sparkSession();
    Dataset<Row> items = embeddings.select(Columns.ITEM_ID, Columns.EMBEDDING);
    Dataset<Row> flagged = candidates == null
        ? items.withColumn(CANDIDATE, lit(true))
        : items.join(candidates.select(Columns.ITEM_ID).distinct().withColumn(CANDIDATE, lit(true)),
                TopKPerUser.columns(Columns.ITEM_ID), "left")
            .na().fill(false, new String[] {CANDIDATE});
    JavaPairRDD<Row, Long> numbered = flagged.orderBy(Columns.ITEM_ID).javaRDD().zipWithIndex().cache();
    int blockRows = this.blockRows;
    JavaRDD<Block> blocks = blocks(numbered, blockRows).cache();
    long count = blocks.count();
    JavaRDD<Block> spread = blocks.repartition((int) Math.max(1, count));
    int groupBlocks = this.groupBlocks;
    JavaRDD<Block> right = candidates == null ? blocks : blocks(numbered.filter(t -> t._1().getBoolean(2)), blockRows);
    JavaRDD<List<Block>> groups =
        right
            .mapToPair(b -> new Tuple2<>(b.number() / groupBlocks, b))
            .groupByKey()
            .map(BlockedTopK::inOrder)
            .repartition((int) Math.max(1, (count + groupBlocks - 1) / groupBlocks));
    int k = this.k;
    JavaPairRDD<Integer, Partial> partials =
        spread.cartesian(groups).mapPartitionsToPair(pairs -> multiplyPairs(pairs, k));
    JavaRDD<Row> merged =
        partials
            .reduceByKey((a, b) -> merge(a, b, k))
            .flatMap(t -> rows(t._1(), t._2()));
    StructType positional =
        new StructType()
            .add("_pos", DataTypes.IntegerType, false)
            .add(Columns.RANK, DataTypes.IntegerType, false)
            .add("_neighbour", DataTypes.IntegerType, false)
            .add(Columns.SCORE, DataTypes.FloatType, false);
    Dataset<Row> ids =
        spark.createDataFrame(
            numbered.map(t -> RowFactory.create((int) (long) t._2(), t._1().getString(0))),
            new StructType().add("_pos", DataTypes.IntegerType, false).add(Columns.ITEM_ID, DataTypes.StringType, false));
    Dataset<Row> byPosition = spark.createDataFrame(merged, positional);
    return byPosition
        .join(ids, "_pos")
        .join(ids.withColumnRenamed("_pos", "_neighbour").withColumnRenamed(Columns.ITEM_ID, "similar_item_id"), "_neighbour")
        .select(col(Columns.ITEM_ID), col(Columns.RANK), col("similar_item_id"), col(Columns.SCORE));
  }

  private static JavaRDD<Block> blocks(JavaPairRDD<Row, Long> numbered, int blockRows) {
    return numbered
        .mapToPair(t -> new Tuple2<>((int) (t._2() / blockRows), t))
        .groupByKey()
        .map(b -> block(b._1(), b._2()));
  }

  private static Block block(int number, Iterable<Tuple2<Row, Long>> rows) {
    List<Tuple2<Row, Long>> list = new ArrayList<>();
    rows.forEach(list::add);
    list.sort((a, b) -> Long.compare(a._2(), b._2()));
    int dim = list.get(0)._1().getList(1).size();
    int[] positions = new int[list.size()];
    String[] ids = new String[list.size()];
    float[] vectors = new float[list.size() * dim];
    for (int i = 0; i < list.size(); i++) {
      positions[i] = (int) (long) list.get(i)._2();
      ids[i] = list.get(i)._1().getString(0);
      List<Float> v = list.get(i)._1().getList(1);
      for (int j = 0; j < dim; j++) {
        vectors[i * dim + j] = v.get(j);
      }
      EmbeddingIndex.normalise(vectors, i * dim, dim);
    }
    return new Block(number, positions, ids, vectors, dim);
  }

  private static List<Block> inOrder(Tuple2<Integer, Iterable<Block>> group) {
    List<Block> list = new ArrayList<>();
    group._2().forEach(list::add);
    list.sort((a, b) -> Integer.compare(a.number(), b.number()));
    return list;
  }

  private static Iterator<Tuple2<Integer, Partial>> multiplyPairs(
      Iterator<Tuple2<Block, List<Block>>> pairs, int k) {
    List<Tuple2<Integer, Partial>> out = new ArrayList<>();
    BlockKernel kernel = null;
    while (pairs.hasNext()) {
      Tuple2<Block, List<Block>> pair = pairs.next();
      Block left = pair._1();
      if (kernel == null) {
        kernel = new BlockKernel(left.dim());
      }
      TopKAccumulator[] heaps = new TopKAccumulator[left.positions().length];
      for (int i = 0; i < heaps.length; i++) {
        heaps[i] = new TopKAccumulator(k);
      }
      var leftMatrix = NdArrays.matrix(left.vectors(), left.positions().length, left.dim());
      for (Block right : pair._2()) {
        var rightMatrix = NdArrays.matrix(right.vectors(), right.positions().length, right.dim());
        kernel.topK(leftMatrix, left.vectors(), left.positions(), rightMatrix, right.vectors(), right.positions(), heaps);
        NdArrays.release(rightMatrix);
      }
      NdArrays.release(leftMatrix);
      for (int i = 0; i < heaps.length; i++) {
        out.add(new Tuple2<>(left.positions()[i], new Partial(heaps[i].sortedIndices(), heaps[i].sortedScores())));
      }
    }
    if (kernel != null) {
      kernel.close();
    }
    return out.iterator();
  }

  /** The best {@code k} of two partial lists (ties: lower position). */
  static Partial merge(Partial a, Partial b, int k) {
    TopKAccumulator heap = new TopKAccumulator(k);
    for (int i = 0; i < a.positions().length; i++) {
      heap.offer(a.positions()[i], a.scores()[i]);
    }
    for (int i = 0; i < b.positions().length; i++) {
      heap.offer(b.positions()[i], b.scores()[i]);
    }
    return new Partial(heap.sortedIndices(), heap.sortedScores());
  }

  private static Iterator<Row> rows(int position, Partial p) {
    List<Row> out = new ArrayList<>(p.positions().length);
    for (int r = 0; r < p.positions().length; r++) {
      out.add(RowFactory.create(position, r + 1, p.positions()[r], p.scores()[r]));
    }
    return out.iterator();
  }
}

package dev.recs.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.schema.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class BlockedTopKTest {
  @Test
  void blocksAndMergingGiveExactlyTheBruteForceNeighboursWhateverTheBlockAndGroupSize() {
    int n = 230;
    int dim = 8;
    int k = 5;
    Random random = new Random(3);
    float[] vectors = new float[n * dim];
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Float[] v = new Float[dim];
      for (int j = 0; j < dim; j++) {
        v[j] = (float) random.nextGaussian();
        vectors[i * dim + j] = v[j];
      }
      rows.add(RowFactory.create(String.format("i%03d", i), v));
    }
    Dataset<Row> embeddings =
        SharedSpark.session().createDataFrame(rows, new StructType()
            .add(Columns.ITEM_ID, DataTypes.StringType)
            .add(Columns.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType)));
    EmbeddingIndex index = EmbeddingIndex.of(
        rows.stream().map(r -> r.getString(0)).toArray(String[]::new), vectors, dim);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TopKAccumulator top = new TopKAccumulator(k);
      for (int j = 0; j < n; j++) {
        if (j != i) {
          top.offer(j, index.cosine(i, j));
        }
      }
      int rank = 1;
      for (int j : top.sortedIndices()) {
        expected.add(index.id(i) + " " + rank++ + " " + index.id(j));
      }
    }

    int[][] blocksAndGroups = {{n, 1}, {64, 1}, {50, 2}, {50, 64}};
    for (int[] shape : blocksAndGroups) {
      List<String> actual = new ArrayList<>();
      for (Row r : new BlockedTopK(k, shape[0], shape[1]).apply(embeddings).orderBy("item_id", "rank").collectAsList()) {
        actual.add(r.getString(0) + " " + r.getInt(1) + " " + r.getString(2));
      }
      assertThat(actual).as("blocks of %d, %d per group", shape[0], shape[1]).isEqualTo(expected);
    }
  }
}

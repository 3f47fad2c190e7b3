package dev.recs.bench;

import dev.recs.core.model.NdArrays;
import dev.recs.core.scoring.BlockKernel;
import dev.recs.core.scoring.TopKAccumulator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The similarity block kernel (GEMM + a bounded heap per row) against the plain SGEMM of the
 * same shape: {@code rows × dim} by {@code (rows × dim)ᵀ}. The kernel's extra cost is the
 * selection; the target is that it keeps at least half of SGEMM's throughput.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class BlockKernelBenchmark {
  @Param({"2048"})
  public int rows;

  @Param({"64"})
  public int dim;

  @Param({"20"})
  public int k;

  private BlockKernel kernel;
  private INDArray left;
  private INDArray right;
  private float[] leftVectors;
  private float[] rightVectors;
  private int[] leftIds;
  private int[] rightIds;
  private TopKAccumulator[] heaps;
  private float[] scores;

  @Setup
  public void setUp() {
    Random random = new Random(7);
    leftVectors = SyntheticVectors.clustered(rows, dim, 50, random);
    rightVectors = SyntheticVectors.clustered(rows, dim, 50, random);
    left = NdArrays.matrix(leftVectors, rows, dim);
    right = NdArrays.matrix(rightVectors, rows, dim);
    leftIds = new int[rows];
    rightIds = new int[rows];
    for (int i = 0; i < rows; i++) {
      leftIds[i] = i;
      rightIds[i] = rows + i;
    }
    kernel = new BlockKernel(dim);
    scores = new BlockKernel(dim).multiply(left, right).clone();
    heaps = new TopKAccumulator[rows];
    for (int i = 0; i < rows; i++) {
      heaps[i] = new TopKAccumulator(k);
    }
  }

  /** SGEMM alone, into the kernel's reused buffer. */
  @Benchmark
  public float[] sgemm() {
    return kernel.multiply(left, right);
  }

  /** The per-row top-K selection alone, over one block's scores. */
  @Benchmark
  public TopKAccumulator[] selectOnly() {
    for (TopKAccumulator heap : heaps) {
      heap.clear();
    }
    kernel.select(scores, leftVectors, leftIds, rightVectors, rightIds, heaps);
    return heaps;
  }

  /** SGEMM and the per-row top-K selection: what the similarity stage runs per block pair. */
  @Benchmark
  public TopKAccumulator[] blockTopK() {
    for (TopKAccumulator heap : heaps) {
      heap.clear();
    }
    kernel.topK(left, leftVectors, leftIds, right, rightVectors, rightIds, heaps);
    return heaps;
  }
}

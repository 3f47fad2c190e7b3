package dev.recs.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link BlockKernelBenchmark} with JMH and prints both in GFLOP/s (2·rows²·dim floating
 * point operations per call) and the kernel's share of SGEMM, from the one run.
 */
public final class KernelReport {
  private KernelReport() {}

  public static void main(String[] args) throws Exception {
    Options options = new OptionsBuilder().include(BlockKernelBenchmark.class.getSimpleName()).build();
    Collection<RunResult> results = new Runner(options).run();
    double sgemm = Double.NaN;
    double kernel = Double.NaN;
    double selectMs = Double.NaN;
    int rows = 0;
    int dim = 0;
    for (RunResult r : results) {
      rows = Integer.parseInt(r.getParams().getParam("rows"));
      dim = Integer.parseInt(r.getParams().getParam("dim"));
      double ms = r.getPrimaryResult().getScore();
      double gflops = 2.0 * rows * rows * dim / (ms / 1e3) / 1e9;
      if (r.getParams().getBenchmark().endsWith("sgemm")) {
        sgemm = gflops;
      } else if (r.getParams().getBenchmark().endsWith("blockTopK")) {
        kernel = gflops;
      } else {
        selectMs = ms;
      }
    }
    System.out.printf("%nblock kernel, %d x %d by (%d x %d)^T, top-20 per row, one JMH run:%n", rows, dim, rows, dim);
    System.out.printf("  sgemm alone        %6.1f GFLOP/s%n", sgemm);
    System.out.printf("  sgemm + top-K      %6.1f GFLOP/s%n", kernel);
    System.out.printf("  kernel / sgemm     %6.0f %%   (target >= 50 %%)%n", 100 * kernel / sgemm);
    System.out.printf("  selection alone    %6.2f ms per block (%.2f ns per score)%n", selectMs,
        selectMs * 1e6 / ((double) rows * rows));
  }
}

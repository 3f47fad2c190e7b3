package dev.recs.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.recs.core.SharedSpark;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.evaluation.RankingMetrics;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class ListMetricsTest {
  @Test
  void averagesAsMllibRankingMetricsOnRandomListsShortAndLong() {
    Random random = new Random(3);
    List<Tuple2<List<String>, List<String>>> lists = new ArrayList<>();
    for (int u = 0; u < 300; u++) {
      List<String> preds = new ArrayList<>();
      int n = random.nextInt(25);
      while (preds.size() < n) {
        String item = "i" + random.nextInt(60);
        if (!preds.contains(item)) {
          preds.add(item);
        }
      }
      Set<String> relevant = new HashSet<>();
      int m = 1 + random.nextInt(15);
      while (relevant.size() < m) {
        relevant.add("i" + random.nextInt(60));
      }
      lists.add(new Tuple2<>(preds, new ArrayList<>(relevant)));
    }
    RankingMetrics<String> mllib = RankingMetrics.of(
        JavaSparkContext.fromSparkContext(SharedSpark.session().sparkContext()).parallelize(lists, 2));
    for (int k : List.of(1, 5, 10, 20)) {
      assertThat(mean(lists, k, ListMetrics::ndcg)).isCloseTo(mllib.ndcgAt(k), within(1e-12));
      assertThat(mean(lists, k, ListMetrics::precision)).isCloseTo(mllib.precisionAt(k), within(1e-12));
      assertThat(mean(lists, k, ListMetrics::recall)).isCloseTo(mllib.recallAt(k), within(1e-12));
      assertThat(mean(lists, k, ListMetrics::averagePrecision)).isCloseTo(mllib.meanAveragePrecisionAt(k), within(1e-12));
    }
  }

  @Test
  void hitRateIsWhetherAnyOfTheFirstKIsRelevant() {
    assertThat(ListMetrics.hitRate(List.of("a", "b", "c"), Set.of("c"), 2)).isZero();
    assertThat(ListMetrics.hitRate(List.of("a", "b", "c"), Set.of("c"), 3)).isEqualTo(1.0);
    assertThat(ListMetrics.hitRate(List.of(), Set.of("c"), 3)).isZero();
  }

  private interface Metric {
    double of(List<String> preds, Set<String> relevant, int k);
  }

  private static double mean(List<Tuple2<List<String>, List<String>>> lists, int k, Metric metric) {
    double sum = 0;
    for (Tuple2<List<String>, List<String>> l : lists) {
      sum += metric.of(l._1(), new HashSet<>(l._2()), k);
    }
    return sum / lists.size();
  }
}

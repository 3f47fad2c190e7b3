package dev.recs.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class TopKAccumulatorTest {
  @Test
  void keepsTheKBestScoresBestFirstWhateverTheArrivalOrder() {
    float[] scores = new float[200];
    Random rng = new Random(1);
    for (int i = 0; i < scores.length; i++) {
      scores[i] = rng.nextFloat();
    }
    int[] expected =
        IntStream.range(0, scores.length).boxed()
            .sorted((a, b) -> Float.compare(scores[b], scores[a]))
            .limit(10).mapToInt(Integer::intValue).toArray();

    TopKAccumulator top = new TopKAccumulator(10);
    for (int i = scores.length - 1; i >= 0; i--) {
      top.offer(i, scores[i]);
    }

    assertThat(top.sortedIndices()).containsExactly(expected);
    assertThat(top.sortedScores()[0]).isEqualTo(scores[expected[0]]);
  }

  @Test
  void equalScoresPreferTheLowerIndex() {
    TopKAccumulator top = new TopKAccumulator(2);
    top.offer(5, 1f);
    top.offer(3, 1f);
    top.offer(9, 1f);
    top.offer(1, 1f);
    assertThat(top.sortedIndices()).containsExactly(1, 3);
  }
}

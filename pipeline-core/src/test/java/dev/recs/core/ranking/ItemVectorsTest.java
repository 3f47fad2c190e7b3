package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.recs.core.config.CollaborativeParams;
import org.junit.jupiter.api.Test;

class ItemVectorsTest {
  private final ItemVectors vectors = new ItemVectors(CollaborativeParams.defaults());
  private final float[] predicted = {0, 3, 0};
  private final float[] learned = {2, 0, 0};

  @Test
  void anItemWithoutEventsIsPlacedByItsContentAlone() {
    assertThat(vectors.blend(predicted, null, 0)).containsExactly(0f, 1f, 0f);
    assertThat(vectors.blend(predicted, learned, 0)).containsExactly(0f, 1f, 0f);
  }

  @Test
  void eventsMoveAnItemFromItsPredictedPlaceToItsLearnedOne() {
    // blend-events = 20: at 20 users half and half, at 2,000 nearly all learned
    float[] half = vectors.blend(predicted, learned, 20);
    assertThat(half[0]).isCloseTo(half[1], within(1e-6f));
    float[] popular = vectors.blend(predicted, learned, 2_000);
    assertThat(popular[0]).isGreaterThan(0.99f);
    for (float[] v : new float[][] {half, popular}) {
      assertThat(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).isCloseTo(1f, within(1e-5f));
    }
  }
}

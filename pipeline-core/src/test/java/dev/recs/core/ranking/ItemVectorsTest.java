package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class ItemVectorsTest {
  private final float[] predicted = {0, 3, 0};
  private final float[] learned = {2, 0, 0};

  @Test
  void anItemWithoutEventsIsPlacedByItsContentAlone() {
    assertThat(ItemVectors.blend(predicted, null, 0, 20)).containsExactly(0f, 1f, 0f);
    assertThat(ItemVectors.blend(predicted, learned, 0, 20)).containsExactly(0f, 1f, 0f);
  }

  @Test
  void eventsMoveAnItemFromItsPredictedPlaceToItsLearnedOne() {
    // half point 20: at 20 users half and half, at 2,000 nearly all learned
    float[] half = ItemVectors.blend(predicted, learned, 20, 20);
    assertThat(half[0]).isCloseTo(half[1], within(1e-6f));
    float[] popular = ItemVectors.blend(predicted, learned, 2_000, 20);
    assertThat(popular[0]).isGreaterThan(0.99f);
    for (float[] v : new float[][] {half, popular}) {
      assertThat(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).isCloseTo(1f, within(1e-5f));
    }
  }

  @Test
  void atHalfPointZeroAnItemWithEventsIsPlacedByThemAlone() {
    assertThat(ItemVectors.blend(predicted, learned, 1, 0)).containsExactly(1f, 0f, 0f);
    assertThat(ItemVectors.blend(predicted, learned, 0, 0)).containsExactly(0f, 1f, 0f);
  }
}

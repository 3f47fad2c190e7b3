package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class HybridListsTest {
  @Test
  void aCandidatesScoreIsTheRankersOutputPlusTheWeightedEaseScoreRelativeToTheUsersBest() {
    float[] features = new float[CandidateFeatures.width()];
    features[CandidateFeatures.SCALARS.indexOf("ease_rel")] = 0.5f;
    features[CandidateFeatures.SCALARS.indexOf("ease_score")] = 7f;

    assertThat(HybridLists.fused(0.2f, features, 0.1)).isCloseTo(0.25f, within(1e-6f));
    assertThat(HybridLists.fused(0.2f, features, 0)).isEqualTo(0.2f);
  }
}

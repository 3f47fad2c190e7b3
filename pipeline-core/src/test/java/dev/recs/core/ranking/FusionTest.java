package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FusionTest {
  private static float[] candidate(float easeRel, float knnRel) {
    float[] f = new float[CandidateFeatures.width()];
    f[CandidateFeatures.SCALARS.indexOf("ease_rel")] = easeRel;
    f[CandidateFeatures.SCALARS.indexOf("knn_rel")] = knnRel;
    f[CandidateFeatures.SCALARS.indexOf("ease_score")] = 7f;
    return f;
  }

  @Test
  void aFusedScoreIsTheRankersOutputPlusTheWeightedSourceAndASourceAloneIgnoresTheRanker() {
    float[] f = candidate(0.5f, 0.25f);
    assertThat(Fusion.fixed(0.1).score(0.2f, f)).isCloseTo(0.25f, within(1e-6f));
    assertThat(new Fusion("knn_rel", 0, true, Double.NaN, null, "").score(0.2f, f)).isEqualTo(0.25f);
  }

  @Test
  void theConfiguredFusionIsKeptUnlessASourceAloneIsBetterAndEveryOptionIsMeasured() {
    // one user, three candidates: the positive is EASE's best and the ranker's worst, by a little
    float[][] features = {candidate(1f, 0f), candidate(0.5f, 0f), candidate(0f, 0f)};
    float[] ranker = {0.1f, 0.2f, 0.3f};
    Fusion f = Fusion.choose(ranker, features, new float[] {1, 0, 0}, new int[] {0}, 1, 1.0);

    assertThat(f.label()).isEqualTo("ease_rel × 1.0");
    assertThat(f.validationNdcg()).isEqualTo(1.0);
    assertThat(f.note()).contains("ease_rel × 1.0 kept");
    assertThat(f.options()).containsEntry("ranker alone", 0.0).containsEntry("ease_rel × 0.3", 1.0)
        .containsEntry("ease_rel alone", 1.0);
  }

  @Test
  void aSourceAloneIsChosenOnlyWhenItBeatsEveryFusionAndTheNoteSaysSo() {
    // two users; kNN alone orders both right, the ranker's large outputs keep any fusion wrong on one
    float[][] features = {candidate(0f, 1f), candidate(1f, 0f), candidate(0f, 1f), candidate(1f, 0f)};
    float[] ranker = {0f, 100f, 100f, 0f};
    Fusion f = Fusion.choose(ranker, features, new float[] {1, 0, 1, 0}, new int[] {0, 2}, 1, 0.1);

    assertThat(f.alone()).isTrue();
    assertThat(f.source()).isEqualTo("knn_rel");
    assertThat(f.note()).contains("lost to knn_rel alone").contains("publishing knn_rel's order");
  }

  @Test
  void aConstantScoreEarnsNothingFromTheOrderOfTheRows() {
    // the positive comes first in the rows; every score ties
    float[][] features = {candidate(0f, 0f), candidate(0f, 0f)};
    Fusion f = Fusion.choose(new float[] {0f, 0f}, features, new float[] {1, 0}, new int[] {0}, 1, 0.1);

    assertThat(f.validationNdcg()).isZero();
  }

  @Test
  void onATieWithASourceAloneTheConfiguredFusionIsKept() {
    float[][] features = {candidate(1f, 1f), candidate(0f, 0f)};
    Fusion f = Fusion.choose(new float[] {1f, 0f}, features, new float[] {1, 0}, new int[] {0}, 1, 0.1);

    assertThat(f.label()).isEqualTo("ease_rel × 0.1");
    assertThat(f.alone()).isFalse();
  }

  @Test
  void onUsersTheRankerNeverSawTheBestOptionIsLearnedEvenAWeightOtherThanTheConfiguredOne() {
    // user 1: the ranker orders right with little margin; user 2: the ranker is wrong, kNN right.
    // Only a small kNN weight beside the ranker gets both right.
    float[][] features = {candidate(0f, 0f), candidate(0f, 1f), candidate(0f, 1f), candidate(0f, 0f)};
    float[] ranker = {0.5f, 0f, 0f, 0.2f};
    Fusion f = Fusion.learn(ranker, features, new float[] {1, 0, 1, 0}, new int[] {0, 2}, 1, 0.1);

    assertThat(f.source()).isEqualTo("knn_rel");
    assertThat(f.alone()).isFalse();
    assertThat(f.weight()).isEqualTo(0.3);
    assertThat(f.validationNdcg()).isEqualTo(1.0);
    assertThat(f.note()).startsWith("knn_rel × 0.3 learned on 2 lists of users the ranker never saw");
  }

  @Test
  void learningKeepsTheConfiguredFusionOnATieAndASourceAloneWhenItIsBest() {
    float[][] tie = {candidate(1f, 1f), candidate(0f, 0f)};
    assertThat(Fusion.learn(new float[] {1f, 0f}, tie, new float[] {1, 0}, new int[] {0}, 1, 0.1).label())
        .isEqualTo("ease_rel × 0.1");

    float[][] features = {candidate(0f, 1f), candidate(1f, 0f), candidate(0f, 1f), candidate(1f, 0f)};
    Fusion f = Fusion.learn(new float[] {0f, 100f, 100f, 0f}, features, new float[] {1, 0, 1, 0}, new int[] {0, 2}, 1, 0.1);
    assertThat(f.label()).isEqualTo("knn_rel alone");
  }
}

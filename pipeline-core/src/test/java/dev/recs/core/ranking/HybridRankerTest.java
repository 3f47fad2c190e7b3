package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recs.core.config.PipelineConfig;
import dev.recs.core.config.RankerParams;
import dev.recs.core.config.RankerObjective;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What {@link HybridRanker#fit} lets the ranker read, by objective and configuration. */
class HybridRankerTest {
  private static RankerModel fit(UnaryOperator<RankerParams> change) {
    RankerParams params = change.apply(RankerParams.defaults().withTraining(List.of(0.2), 2));
    PipelineConfig defaults = PipelineConfig.defaults();
    return new HybridRanker(params, defaults.scoring(), 7).fit(RankerModelTest.sample(3), HybridRanker.Variant.FULL);
  }

  /** A feature the ranker cannot read: its standardisation scale is 0, so every value scores alike. */
  private static boolean reads(RankerModel ranker, String feature) {
    return ranker.scale()[CandidateFeatures.SCALARS.indexOf(feature)] != 0f;
  }

  @Test
  void theTasteObjectiveDropsTheTimeFeaturesAndNextKeepsThem() {
    RankerModel next = fit(p -> p);
    RankerModel taste = fit(p -> p.withObjective(RankerObjective.TASTE));

    for (String time : List.of("log_trend", "log_age_days", "years_since_item_mean", "years_since_item_first")) {
      assertThat(reads(next, time)).as(time).isTrue();
      assertThat(reads(taste, time)).as(time).isFalse();
    }
    assertThat(reads(taste, "knn_score")).isTrue();
  }

  @Test
  void dropFeaturesZeroesTheNamedFeaturesAndAnUnknownNameIsRefusedNamingTheKnownOnes() {
    assertThat(reads(fit(p -> p.withDropFeatures(List.of("als_score"))), "als_score")).isFalse();
    assertThatThrownBy(() -> fit(p -> p.withDropFeatures(List.of("als"))))
        .hasMessageContaining("ranker.drop-features: no feature 'als'")
        .hasMessageContaining("als_score");
  }
}

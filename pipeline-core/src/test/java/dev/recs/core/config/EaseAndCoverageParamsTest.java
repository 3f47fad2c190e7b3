package dev.recs.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class EaseAndCoverageParamsTest {
  @Test
  void referenceConfDefaultsMatchTheRecordsDefaults() {
    RankerParams fromReference = PipelineConfig.from(ConfigFactory.defaultReference()).ranker();

    assertThat(fromReference.ease()).isEqualTo(EaseParams.defaults());
    assertThat(fromReference.coverage()).isEqualTo(CoverageParams.defaults());
    assertThat(fromReference.coverage().enabled()).isTrue();
  }

  @Test
  void recentHistoryItemsWeighMoreAndLambdaZeroTurnsEaseOff() {
    EaseParams ease = new EaseParams(100, 6000, 100, 2, 10, 0);

    assertThat(ease.weight(0)).isEqualTo(3.0);
    assertThat(ease.weight(10)).isCloseTo(1 + 2 / Math.E, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(new EaseParams(0, 6000, 100, 2, 10, 0).enabled()).isFalse();
  }

  @Test
  void rejectsAProtectedHeadLongerThanTheCoveredPrefixNamingTheKey() {
    assertThatThrownBy(() -> new CoverageParams(true, 0.15, 10, 100, 11, 5, 1, 1))
        .hasMessage("Cannot use ranker.coverage.protect: must be in [0.0, 10.0], got 11.0");
    assertThatThrownBy(() -> new CoverageParams(true, 0.15, 10, 5, 3, 5, 1, 1))
        .hasMessage("Cannot use ranker.coverage.pool: must be in [10.0, 100000.0], got 5.0");
    assertThatThrownBy(() -> new CoverageParams(true, 0.15, 10, 100, 3, 5, 2, 9))
        .hasMessage("Cannot use ranker.coverage.tail-slots: must be in [0.0, 8.0], got 9.0");
  }
}

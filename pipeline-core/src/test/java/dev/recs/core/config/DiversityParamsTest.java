package dev.recs.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.recs.core.api.PipelineException;
import dev.recs.core.api.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiversityParamsTest {
  @Test
  void referenceConfDefaultsMatchTheRecordsDefaults() {
    PipelineConfig fromReference = PipelineConfig.from(ConfigFactory.defaultReference());

    assertThat(fromReference.diversity()).isEqualTo(DiversityParams.defaults());
    assertThat(fromReference.diversity().enabled()).isFalse();
  }

  @Test
  void rejectsALambdaOutsideZeroToOneNamingTheKey() {
    assertThatThrownBy(() -> new DiversityParams(true, 1.5, 0, 60, List.of()))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot use diversity.lambda: must be in [0.0, 1.0], got 1.5")
        .extracting(e -> ((PipelineException) e).reason()).isEqualTo(Reason.BAD_CONFIG);
    assertThatThrownBy(() -> new DiversityParams(true, 0.5, 0, 60, List.of(0.9, -0.1)))
        .hasMessage("Cannot use diversity.sweep-lambdas: must be in [0.0, 1.0], got -0.1");
  }

  @Test
  void asksTheRecommenderForAtLeastTopKItems() {
    DiversityParams p = new DiversityParams(true, 0.8, 0, 10, List.of());

    assertThat(p.listLength(20)).isEqualTo(20);
    assertThat(p.listLength(5)).isEqualTo(10);
  }
}

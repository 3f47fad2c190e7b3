package dev.recs.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recs.core.api.PipelineException;
import dev.recs.core.config.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @Test
  void withoutAFileOrFlagsTheConfigIsTheReferenceDefaults() {
    assertThat(ConfigLoader.load(null, null).pipeline()).isEqualTo(PipelineConfig.defaults());
  }

  @Test
  void theSeedFlagOverridesTheFileWhichOverridesTheReference(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("recs.conf");
    Files.writeString(file, "recs { seed = 7, scoring.top-k = 5, scoring.event-weights { purchase = 3 } }");
    ConfigLoader.Loaded loaded = ConfigLoader.load(file.toString(), 11L);
    assertThat(loaded.pipeline().seed()).isEqualTo(11L);
    assertThat(loaded.pipeline().encoder().seed()).isEqualTo(11L);
    assertThat(loaded.pipeline().scoring().topK()).isEqualTo(5);
    assertThat(loaded.pipeline().scoring().weightOf("purchase")).isEqualTo(3.0);
    assertThat(loaded.pipeline().ranker()).isEqualTo(PipelineConfig.defaults().ranker());
    assertThat(loaded.asMap()).containsEntry("seed", 11L);
  }

  @Test
  void anUnknownKeyFailsNamingTheNearestKnownOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("recs.conf");
    Files.writeString(file, "recs.scoring.top-kk = 5");
    assertThatThrownBy(() -> ConfigLoader.load(file.toString(), null))
        .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("recs.scoring.top-kk").hasMessageContaining("did you mean recs.scoring.top-k?");
  }

  @Test
  void aMissingOrUnparseableFileFailsAsBadConfig(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("absent.conf").toString(), null))
        .hasMessageContaining("no such file");
    Path broken = dir.resolve("broken.conf");
    Files.writeString(broken, "recs { seed = ");
    assertThatThrownBy(() -> ConfigLoader.load(broken.toString(), null))
        .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.exitCode()).isEqualTo(2));
  }

  @Test
  void aConfigIsReadFromAHadoopPathAsFromALocalOne(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("recs.conf"), "recs.scoring.top-k = 7");
    assertThat(ConfigLoader.load(file.toUri().toString(), null).pipeline().scoring().topK()).isEqualTo(7);
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("absent.conf").toUri().toString(), null))
        .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("absent.conf").hasMessageContaining("no such file");
  }

  @Test
  void aBareNameNotOnThisDiskIsTheFileOfThatNameShippedWithFiles(@TempDir Path dir) throws Exception {
    Path shipped = Files.writeString(dir.resolve("night.conf"), "recs.scoring.top-k = 9");
    java.util.Map<String, String> spark = java.util.Map.of(
        "spark.files", dir.resolve("other.txt").toUri() + "," + shipped.toUri());
    assertThat(ConfigSource.read("night.conf", spark)).isEqualTo("recs.scoring.top-k = 9");
    assertThatThrownBy(() -> ConfigSource.read("elsewhere.conf", spark))
        .hasMessageContaining("elsewhere.conf").hasMessageContaining("--files");
  }

  @Test
  void theHadoopSettingsOfTheSubmitReachTheConfigsFileSystem() {
    assertThat(ConfigSource.hadoop(java.util.Map.of("spark.hadoop.fs.s3a.endpoint", "http://minio:9000", "spark.executor.cores", "2"))
        .get("fs.s3a.endpoint")).isEqualTo("http://minio:9000");
  }

  @Test
  void levenshteinCountsEdits() {
    assertThat(ConfigLoader.levenshtein("top-k", "top-kk")).isEqualTo(1);
    assertThat(ConfigLoader.levenshtein("kitten", "sitting")).isEqualTo(3);
  }
}

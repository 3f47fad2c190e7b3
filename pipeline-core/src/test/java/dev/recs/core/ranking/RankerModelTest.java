package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recs.core.api.PipelineException;
import dev.recs.core.config.RankerParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RankerTrainer} learns what the labels follow; {@link RankerModel} saves, loads and refuses. */
@Tag("scores")
class RankerModelTest {
  private static final int WIDTH = CandidateFeatures.width();
  private static final int KNN = CandidateFeatures.SCALARS.indexOf("knn_score");

  /** 40 users of 20 candidates each: the relevant ones (label 1) have a high knn_score, plus noise. */
  static RankerTrainer.Sample sample(long seed) {
    Random rng = new Random(seed);
    List<float[]> rows = new ArrayList<>();
    List<Float> labels = new ArrayList<>();
    for (int u = 0; u < 40; u++) {
      for (int c = 0; c < 20; c++) {
        boolean relevant = c < 3;
        float[] f = new float[WIDTH];
        for (int j = 0; j < WIDTH; j++) {
          f[j] = (float) rng.nextGaussian();
        }
        f[KNN] = (relevant ? 2f : 0f) + (float) rng.nextGaussian() * 0.5f;
        rows.add(f);
        labels.add(relevant ? 1f : 0f);
      }
    }
    int half = 20 * 20;
    float[][] x = rows.subList(0, half).toArray(float[][]::new);
    float[][] vx = rows.subList(half, rows.size()).toArray(float[][]::new);
    float[] y = new float[half];
    float[] vy = new float[half];
    for (int i = 0; i < half; i++) {
      y[i] = labels.get(i);
      vy[i] = labels.get(half + i);
    }
    int[] validStarts = new int[20];
    Arrays.setAll(validStarts, u -> u * 20);
    return new RankerTrainer.Sample(x, y, vx, vy, validStarts);
  }

  private static RankerModel trained() {
    float[] mask = new float[WIDTH];
    Arrays.fill(mask, 1f);
    return new RankerTrainer(RankerParams.defaults(), 7).fit(sample(3), mask);
  }

  @Test
  void trainedRankerScoresWhatTheLabelsFollowHigher() {
    RankerModel model = trained();
    float[] relevant = new float[WIDTH];
    float[] other = new float[WIDTH];
    relevant[KNN] = 2f;
    float[] scores = model.score(new float[][] {relevant, other});
    assertThat(scores[0]).isGreaterThan(scores[1]);
  }

  @Test
  void savedRankerLoadsAndScoresTheSame(@TempDir Path dir) {
    RankerModel model = trained();
    model.save(dir.toString(), new Configuration());
    float[][] rows = sample(5).validFeatures();
    assertThat(RankerModel.load(dir.toString(), new Configuration()).score(rows)).containsExactly(model.score(rows));
    assertThat(dir.resolve("metadata.json")).content().contains("\"knn_score\"").contains("\"formatVersion\" : 2");
  }

  @Test
  void aSavedRankerWhoseFeaturesDifferFromTonightsIsRefusedNamingTheDifference(@TempDir Path dir) throws Exception {
    trained().save(dir.toString(), new Configuration());
    Path meta = dir.resolve("metadata.json");
    Files.writeString(meta, Files.readString(meta).replace("\"ease_rel\"", "\"ease_rank\""));
    Files.deleteIfExists(dir.resolve(".metadata.json.crc"));
    assertThatThrownBy(() -> RankerModel.load(dir.toString(), new Configuration()))
        .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("trained on other features than tonight's")
        .hasMessageContaining("tonight's [ease_rel] missing from it")
        .hasMessageContaining("its [ease_rank] no longer computed");
  }

  @Test
  void featureDifferenceNamesAReorderedList() {
    assertThat(RankerModel.featureDifference(List.of("a", "b"), List.of("a", "b"))).isNull();
    assertThat(RankerModel.featureDifference(List.of("b", "a"), List.of("a", "b"))).contains("another order");
  }
}

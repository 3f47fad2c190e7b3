package dev.recs.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.CollaborativeParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("scores")
class CollaborativeMapTrainerTest {
  private static final CollaborativeParams PARAMS = CollaborativeParams.defaults();

  /** Content of 4 kinds (each its own 5 of 20 features) whose audiences point 4 different ways. */
  private static final float[][] AUDIENCES = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {-1, -1, 0}};

  private static Vector content(int kind, Random rng) {
    double[] v = new double[20];
    for (int j = 0; j < 3; j++) {
      v[kind * 5 + rng.nextInt(5)] = 1.0;
    }
    return Vectors.dense(v).compressed();
  }

  private static CollaborativeMapModel trained(List<Vector> x, Random rng) {
    List<float[]> y = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int kind = i % 4;
      x.add(content(kind, rng));
      float[] target = AUDIENCES[kind].clone();
      target[0] += (float) (0.1 * rng.nextGaussian());
      y.add(target);
    }
    return new CollaborativeMapTrainer(PARAMS).fit(x, y.toArray(float[][]::new));
  }

  @Test
  void placesUnseenContentNearTheAudienceOfItsKind() {
    Random rng = new Random(5);
    CollaborativeMapModel model = trained(new ArrayList<>(), rng);
    List<Vector> unseen = new ArrayList<>();
    for (int kind = 0; kind < 4; kind++) {
      unseen.add(content(kind, rng));
    }
    float[][] predicted = model.predict(unseen);
    for (int kind = 0; kind < 4; kind++) {
      int best = 0;
      for (int other = 1; other < 4; other++) {
        if (ContentEncoderTrainerTest.cosine(predicted[kind], AUDIENCES[other]) > ContentEncoderTrainerTest.cosine(predicted[kind], AUDIENCES[best])) {
          best = other;
        }
      }
      assertThat(best).as("kind %d", kind).isEqualTo(kind);
    }
    assertThat(model.outputWidth()).isEqualTo(3);
    assertThat(model.training().validationItems()).isEqualTo(20);
  }

  @Test
  void savedModelLoadsAndPredictsTheSame(@TempDir Path dir) {
    SharedSpark.session();
    Random rng = new Random(9);
    List<Vector> x = new ArrayList<>();
    CollaborativeMapModel model = trained(x, rng);
    String path = dir.resolve("collaborative").toString();
    model.save(path, new org.apache.hadoop.conf.Configuration());
    CollaborativeMapModel loaded = CollaborativeMapModel.load(path, new org.apache.hadoop.conf.Configuration());
    assertThat(loaded.predict(x.subList(0, 5))).isDeepEqualTo(model.predict(x.subList(0, 5)));
    assertThat(loaded.inputWidth()).isEqualTo(20);
    assertThatThrownBy(() -> ContentEncoderModel.load(path, new org.apache.hadoop.conf.Configuration()))
        .hasMessageContaining("holds " + CollaborativeMapModel.class.getName());
  }
}

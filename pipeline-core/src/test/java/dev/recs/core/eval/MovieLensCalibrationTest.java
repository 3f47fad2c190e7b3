package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.EvalParams;
import dev.recs.core.scoring.EmbeddingIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The evaluate stage against figures computed independently with SQL on movielens-dev (its
 * README protocol): popularity NDCG@10 0.0800, item-kNN about 0.110. Skipped without the data.
 */
@EnabledIf("movieLensPresent")
class MovieLensCalibrationTest {
  static final Path MOVIELENS = Path.of("../../shared/data/movielens-dev");
  private static EvaluationResult result;

  static boolean movieLensPresent() {
    return Files.isRegularFile(MOVIELENS.resolve("ratings.csv"));
  }

  @BeforeAll
  static void evaluateBaselines() {
    Dataset<Row> ratings =
        SharedSpark.session().read().option("header", true).csv(MOVIELENS.resolve("ratings.csv").toString())
            .select(
                col("userId").as("user_id"),
                col("movieId").as("item_id"),
                lit("rating").as("event_type"),
                col("rating").cast("double").as("value"),
                timestamp_seconds(col("timestamp").cast("long")).as("ts"));
    EvalParams params = EvalParams.defaults();
    result =
        new RankingEvaluation(params)
            .evaluate(ratings, List.of(new PopularityRecommender(), new ItemKnnRecommender(50)), 9742,
                EmbeddingIndex.of(new String[0], new float[0], 0));
  }

  @Test
  void popularityMatchesTheIndependentFigure() {
    assertThat(result.value("popularity", "ndcg", 10)).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.0800, within(0.0005)));
    assertThat(result.value("popularity", "precision", 10)).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.0679, within(0.0005)));
    assertThat(result.value("popularity", "hit_rate", 10)).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.380, within(0.002)));
    assertThat(result.testUsers()).isEqualTo(305);
  }

  @Test
  void itemKnnMatchesTheIndependentFigure() {
    assertThat(result.value("item_knn", "ndcg", 10)).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.110, within(0.003)));
    assertThat(result.value("item_knn", "coverage", 10)).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.042, within(0.003)));
  }
}

package dev.recs.core.eval;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A model the evaluate stage compares: fitted on train interactions only. */
public interface Recommender {
  /** Its name in the {@code metrics} table and the report. */
  String name();

  /**
   * The top {@code k} items per user of {@code users} ({@code user_id}), never an item the user
   * has in {@code train}: {@code (user_id, rank, item_id)}, ranks from 1, optionally followed
   * by the model's {@code score} (what {@link DiversityRecommender} re-ranks by).
   */
  Dataset<Row> recommend(Dataset<Row> train, Dataset<Row> users, int k);
}

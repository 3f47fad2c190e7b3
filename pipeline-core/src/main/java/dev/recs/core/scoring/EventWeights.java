package dev.recs.core.scoring;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;

import dev.recs.core.config.ScoringParams;
import dev.recs.core.schema.Columns;
import java.util.Map;
import org.apache.spark.sql.Column;

/** Column expressions weighing an interaction by its type, value and age. */
public final class EventWeights {
  private static final double SECONDS_PER_DAY = 86_400.0;

  private EventWeights() {}

  /** Type weight from config, times {@code value} when {@code use-value} is on. */
  public static Column of(ScoringParams params) {
    Column weight = lit(params.defaultEventWeight());
    for (Map.Entry<String, Double> e : params.eventWeights().entrySet()) {
      weight = when(col(Columns.EVENT_TYPE).equalTo(e.getKey()), lit(e.getValue())).otherwise(weight);
    }
    return params.useValue() ? weight.multiply(coalesce(col(Columns.VALUE), lit(1.0))) : weight;
  }

  /** {@code 0.5^(age / halfLife)} for an event at {@code ts} seen from {@code now}. */
  static Column decay(Column ts, Column now, double halfLifeDays) {
    Column ageDays =
        unix_timestamp(now).minus(unix_timestamp(ts)).divide(SECONDS_PER_DAY);
    return pow(lit(0.5), ageDays.divide(halfLifeDays));
  }
}

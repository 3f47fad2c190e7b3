package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import dev.recs.core.config.EvalParams;
import dev.recs.core.ranking.TimeSplit;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.TopKPerUser;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The night's own hold-out, inside its data: a fixed hashed sample of users ({@code
 * eval.nightly-share} of them, at most {@code eval.max-test-users}) gives up its latest {@code
 * eval.test-fraction} of events (at least one each; with {@code ranker.objective = taste}, a
 * seeded random share of them instead). Every model of the night is trained once,
 * on the rest; those users' lists, built from their earlier events exactly as the night builds
 * everyone's, are measured against what they did next. Their published lists use their whole
 * history. The sample depends on the user id and the seed only, so two nights measure the same
 * users.
 */
public final class NightlyHoldout {
  private final EvalParams params;
  private final long seed;
  private final dev.recs.core.config.RankerObjective objective;

  /**
   * @param objective {@code next}: the held-out users' latest events are test; {@code taste}: a
   *     seeded random share of their events (the random protocol's question, per user)
   */
  public NightlyHoldout(EvalParams params, long seed, dev.recs.core.config.RankerObjective objective) {
    this.params = params;
    this.seed = seed;
    this.objective = objective;
  }

  /** Train (every event but the held-out ones) and test (the held-out users' latest events); lazy. */
  public TemporalSplit.Split apply(Dataset<Row> interactions) {
    Dataset<Row> users =
        interactions.select(Columns.USER_ID).distinct()
            .where(pmod(xxhash64(col(Columns.USER_ID), lit(seed + 2)), lit(10_000)).lt(params.nightlyShare() * 10_000))
            .orderBy(xxhash64(col(Columns.USER_ID), lit(seed + 3)), col(Columns.USER_ID))
            .limit(params.maxTestUsers());
    TimeSplit.Parts parts =
        TimeSplit.of(objective, params.testFraction(), seed + 5).apply(interactions.join(users, Columns.USER_ID));
    Dataset<Row> others = interactions.join(users, TopKPerUser.columns(Columns.USER_ID), "left_anti");
    return new TemporalSplit.Split(others.unionByName(parts.earlier()), parts.later());
  }
}

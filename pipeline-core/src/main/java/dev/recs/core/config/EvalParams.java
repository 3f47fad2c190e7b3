package dev.recs.core.config;

import java.util.List;
import java.util.Map;

/**
 * The evaluate stage: a temporal hold-out, the baselines and the metrics.
 *
 * @param enabled whether {@code nightly} evaluates (it always publishes the run's own figures)
 * @param testFraction per user, the latest share of events held out as test (at least one)
 * @param cutoff optional ISO-8601 instant: when set, events at or after it are test for every
 *     user instead of the per-user split
 * @param ks the cut-offs every ranking metric is reported at
 * @param knnNeighbours neighbours kept per item by the item-kNN baseline
 * @param alsRank factors of the ALS baseline
 * @param alsIterations ALS iterations
 * @param alsRegParam ALS regularisation
 * @param alsAlpha ALS implicit-feedback confidence
 * @param historySegments upper bounds (exclusive) of the history-length segments, ascending
 * @param maxTestUsers test users evaluated, at most: a fixed hash sample beyond it, so that the
 *     evaluation's cost stops growing with the user base (5,000 users put NDCG@10 within about
 *     ±0.005)
 * @param nightlyShare share of users (a fixed hash sample, at most {@code maxTestUsers}) whose
 *     latest events the night holds out to measure itself ({@code NightlyHoldout})
 * @param models the models compared, by name: {@link #MODELS}, or {@code hybrid_explore_N} (N in
 *     1..10: the hybrid with N exploration slots in every ten, see {@link #EXPLORE_MODEL})
 * @param itemColdStart the item cold-start protocol of {@code recs evaluate}
 * @param protocols the hold-outs {@code recs evaluate} measures every model on, side by side:
 *     {@link #TEMPORAL} ("what will they do next?") and {@link #RANDOM} ("what else would they
 *     like?": per item a seeded random {@code 1 - randomTestShare} of its users train, the rest test)
 * @param randomTestShare per item, the share of its (user, item) pairs the random protocol tests on
 */
public record EvalParams(
    boolean enabled,
    double testFraction,
    String cutoff,
    List<Integer> ks,
    int knnNeighbours,
    int alsRank,
    int alsIterations,
    double alsRegParam,
    double alsAlpha,
    List<Integer> historySegments,
    int maxTestUsers,
    double nightlyShare,
    List<String> models,
    ItemColdStartParams itemColdStart,
    List<String> protocols,
    double randomTestShare) {
  /** The protocol of a per-user time split: each user's latest events are test. */
  public static final String TEMPORAL = "temporal";
  /** The protocol of a per-item random split, as the public benchmark tables use. */
  public static final String RANDOM = "random";

  public EvalParams {
    Checks.inRange("eval.test-fraction", testFraction, 0.01, 0.9);
    ks = List.copyOf(ks);
    if (ks.isEmpty()) {
      throw dev.recs.core.api.PipelineException.badConfig("use eval.ks", "must list at least one cut-off");
    }
    ks.forEach(k -> Checks.positive("eval.ks", k));
    Checks.positive("eval.knn-neighbours", knnNeighbours);
    Checks.positive("eval.als-rank", alsRank);
    Checks.positive("eval.als-iterations", alsIterations);
    historySegments = List.copyOf(historySegments);
    Checks.positive("eval.max-test-users", maxTestUsers);
    Checks.inRange("eval.nightly-share", nightlyShare, 0.001, 1.0);
    models = List.copyOf(models);
    for (String m : models) {
      if (!MODELS.contains(m) && !EXPLORE_MODEL.matcher(m).matches()) {
        throw dev.recs.core.api.PipelineException.badConfig(
            "use eval.models", "unknown model " + m + "; known: " + MODELS + " and hybrid_explore_1 .. hybrid_explore_10");
      }
    }
    cutoff = cutoff == null || cutoff.isBlank() ? null : cutoff;
    protocols = List.copyOf(protocols);
    if (protocols.isEmpty() || !List.of(TEMPORAL, RANDOM).containsAll(protocols)) {
      throw dev.recs.core.api.PipelineException.badConfig(
          "use eval.protocols", protocols + " is not a non-empty list of " + TEMPORAL + " and " + RANDOM);
    }
    Checks.inRange("eval.random-test-share", randomTestShare, 0.01, 0.9);
  }

  /** Every model the evaluate stage knows. */
  public static final List<String> MODELS =
      List.of("pipeline", "hybrid", "hybrid_coverage", "candidates", "ranker_no_content", "popularity", "item_knn", "als",
          "ease", "content", "content_profile");

  /** {@code hybrid_explore_N}: one new-item slot and N−1 long-tail slots in every ten. */
  public static final java.util.regex.Pattern EXPLORE_MODEL =
      java.util.regex.Pattern.compile("hybrid_explore_([1-9]|10)");

  public static EvalParams defaults() {
    return PipelineConfig.defaults().eval();
  }

  /** A copy with the evaluation on or off. */
  public EvalParams withEnabled(boolean on) {
    return Records.copy(this, Map.of("enabled", on));
  }

  /** A copy holding out another share of users at night. */
  public EvalParams withNightlyShare(double share) {
    return Records.copy(this, Map.of("nightlyShare", share));
  }

  public EvalParams withModels(List<String> names) {
    return Records.copy(this, Map.of("models", names));
  }

  /** The largest cut-off: every model recommends this many items per user. */
  public int maxK() {
    return ks.stream().mapToInt(Integer::intValue).max().orElseThrow();
  }
}

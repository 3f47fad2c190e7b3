package dev.recs.core.ranking;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a candidate's published score is made from the ranker's output and one candidate source's
 * score: {@code ranker + weight × source}, or the source alone. Checked each night ({@link
 * #choose}) on the ranker's validation users, so that the published order is never below the
 * best of its own sources on them: when the fused lists lose to EASE, item-kNN or ALS alone, that
 * source's order is published, and {@link #note} says so.
 *
 * @param source the feature fused: {@code ease_rel}, {@code knn_rel} or {@code als_score}
 * @param weight its weight beside the ranker's output (ignored when {@code alone})
 * @param alone the source's score alone, without the ranker
 * @param validationNdcg the chosen fusion's NDCG@k on the validation users (NaN when not learned)
 * @param options every fusion tried, label → validation NDCG@k, in the order tried
 * @param note why this one, in a sentence for the log and the manifest
 */
public record Fusion(
    String source, double weight, boolean alone, double validationNdcg, Map<String, Double> options, String note)
    implements Serializable {
  /** The sources a fusion may lean on, by feature. */
  public static final List<String> SOURCES = List.of("ease_rel", "knn_rel", "als_score");
  /** The weights tried for each source. */
  static final double[] WEIGHTS = {0.01, 0.03, 0.1, 0.3, 1, 3, 10};
  /** The cut-off a fusion is judged at unless {@code ranker.validation-k} names one: a list's top ten. */
  public static final int DEFAULT_K = 10;
  /** The cut-off a fusion of {@code params}' ranker is judged at: {@code validation-k}, else {@link #DEFAULT_K}. */
  public static int cutOff(dev.recs.core.config.RankerParams params) {
    return params.validationK() == 0 ? DEFAULT_K : params.validationK();
  }

  /** The label of the ranker alone among the options. */
  public static final String RANKER_ALONE = "ranker alone";

  public Fusion {
    options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** The configured fusion ({@code ranker.ease.score-weight}), when nothing was learned. */
  public static Fusion fixed(double easeWeight) {
    return new Fusion("ease_rel", easeWeight, false, Double.NaN, Map.of(), "configured ranker.ease.score-weight");
  }

  /** The published score of a candidate whose ranker output is {@code ranker}. */
  public float score(float ranker, float[] features) {
    float s = features[CandidateFeatures.SCALARS.indexOf(source)];
    return alone ? s : (float) (ranker + weight * s);
  }

  /** {@code ease_rel × 0.1}, {@code knn_rel alone}. */
  public String label() {
    return label(source, weight, alone);
  }

  private static String label(String source, double weight, boolean alone) {
    return alone ? source + " alone" : weight == 0 ? RANKER_ALONE : String.format(Locale.ROOT, "%s × %s", source, weight);
  }

  /**
   * The published fusion, checked on the validation users' candidate lists ({@code features},
   * {@code labels}, one list per {@code starts} entry, the ranker's outputs {@code ranker}) at
   * NDCG@{@code k}: the configured one ({@code ease_rel × configuredWeight}) unless a source alone
   * (EASE, item-kNN, ALS) is strictly better on them, then that source's order. Every option is
   * measured and kept in {@link #options} for the record: the ranker alone, each source at each of
   * {@link #WEIGHTS}, each source alone.
   *
   * <p>Why not the best weight: the validation users are the ranker's early-stopping users, so
   * the ranker looks better on them than on users it never saw. On movielens-dev the weight that
   * maximised their NDCG (item-kNN × 0.03) took the published temporal NDCG@10 from 0.1216 to
   * 0.1155; the configured EASE weight holds it. The guard against a source alone does not
   * suffer from that optimism: it can only move away from the ranker. {@link #learn} is the
   * choice for users the ranker never saw.
   */
  public static Fusion choose(float[] ranker, float[][] features, float[] labels, int[] starts, int k, double configuredWeight) {
    Fusion configured = new Fusion("ease_rel", configuredWeight, false, Double.NaN, null, null);
    Map<String, Double> options = measure(configured, ranker, features, labels, starts, k);
    double kept = options.get(configured.label());
    Fusion best = configured;
    double bestNdcg = kept;
    for (Fusion f : tried(configured)) {
      if (f.alone() && options.get(f.label()) > bestNdcg) {
        best = f;
        bestNdcg = options.get(f.label());
      }
    }
    double bestAlone = bestAlone(options);
    String note = best.alone()
        ? String.format(Locale.ROOT, "the fused lists (%s) lost to %s on the validation users (NDCG@%d %.4f against %.4f):"
            + " publishing %s's order", configured.label(), best.label(), k, kept, bestNdcg, best.source())
        : String.format(Locale.ROOT, "%s kept: NDCG@%d %.4f on the validation users, the best source alone %.4f",
            configured.label(), k, kept, bestAlone);
    return new Fusion(best.source(), best.weight(), best.alone(), bestNdcg, options, note);
  }

  /**
   * The fusion learned on the lists of users the ranker was neither trained nor early-stopped on
   * (the fusion users, {@code ranker.fusion-users}): of every option, the one with the best
   * NDCG@{@code k} on them, the configured one on a tie. A source alone is among the options, so
   * the published order is never below the best source on those users.
   */
  public static Fusion learn(float[] ranker, float[][] features, float[] labels, int[] starts, int k, double configuredWeight) {
    Fusion configured = new Fusion("ease_rel", configuredWeight, false, Double.NaN, null, null);
    Map<String, Double> options = measure(configured, ranker, features, labels, starts, k);
    Fusion best = configured;
    double bestNdcg = options.get(configured.label());
    for (Fusion f : tried(configured)) {
      if (options.get(f.label()) > bestNdcg) {
        best = f;
        bestNdcg = options.get(f.label());
      }
    }
    String note = String.format(Locale.ROOT,
        "%s learned on %d lists of users the ranker never saw: NDCG@%d %.4f (configured %s %.4f, ranker alone %.4f,"
            + " best source alone %.4f)",
        best.label(), starts.length, k, bestNdcg, configured.label(), options.get(configured.label()),
        options.get(RANKER_ALONE), bestAlone(options));
    return new Fusion(best.source(), best.weight(), best.alone(), bestNdcg, options, note);
  }

  /** The configured fusion, the ranker alone, each source at each weight, each source alone. */
  private static List<Fusion> tried(Fusion configured) {
    List<Fusion> tried = new ArrayList<>();
    tried.add(configured);
    tried.add(new Fusion("ease_rel", 0, false, Double.NaN, null, null));
    for (String source : SOURCES) {
      for (double w : WEIGHTS) {
        tried.add(new Fusion(source, w, false, Double.NaN, null, null));
      }
    }
    for (String source : SOURCES) {
      tried.add(new Fusion(source, 0, true, Double.NaN, null, null));
    }
    return tried;
  }

  /** Every option's NDCG@{@code k} on the lists, label → NDCG, in the order tried. */
  private static Map<String, Double> measure(
      Fusion configured, float[] ranker, float[][] features, float[] labels, int[] starts, int k) {
    Map<String, Double> options = new LinkedHashMap<>();
    for (Fusion f : tried(configured)) {
      float[] scores = new float[ranker.length];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = f.score(ranker[i], features[i]);
      }
      options.putIfAbsent(f.label(), Ndcg.mean(scores, labels, starts, k));
    }
    return options;
  }

  private static double bestAlone(Map<String, Double> options) {
    return SOURCES.stream().mapToDouble(s -> options.get(label(s, 0, true))).max().orElse(Double.NaN);
  }
}

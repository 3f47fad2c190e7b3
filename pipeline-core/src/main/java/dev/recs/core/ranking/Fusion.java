package dev.recs.core.ranking;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a candidate's published score is made from the ranker's output and one candidate source's
 * score: {@code ranker + weight × source}, or the source alone. Learned each night ({@link
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
   * The fusion with the best mean NDCG@{@code k} over the validation users' candidate lists
   * ({@code features}, {@code labels}, one list per {@code starts} entry, the ranker's outputs
   * {@code ranker}): the ranker alone, each source at each of {@link #WEIGHTS}, and each source
   * alone. A tie keeps the earlier option, so a source alone wins only when it is strictly better
   * than every fusion with the ranker.
   */
  public static Fusion choose(float[] ranker, float[][] features, float[] labels, int[] starts, int k) {
    Map<String, Double> options = new LinkedHashMap<>();
    List<Fusion> tried = new ArrayList<>();
    tried.add(new Fusion("ease_rel", 0, false, Double.NaN, null, null));
    for (String source : SOURCES) {
      for (double w : WEIGHTS) {
        tried.add(new Fusion(source, w, false, Double.NaN, null, null));
      }
    }
    for (String source : SOURCES) {
      tried.add(new Fusion(source, 0, true, Double.NaN, null, null));
    }
    Fusion best = null;
    double bestNdcg = Double.NEGATIVE_INFINITY;
    double bestFused = Double.NEGATIVE_INFINITY;
    for (Fusion f : tried) {
      float[] scores = new float[ranker.length];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = f.score(ranker[i], features[i]);
      }
      double ndcg = Ndcg.mean(scores, labels, starts, k);
      options.put(f.label(), ndcg);
      if (!f.alone()) {
        bestFused = Math.max(bestFused, ndcg);
      }
      if (ndcg > bestNdcg) {
        bestNdcg = ndcg;
        best = f;
      }
    }
    String note = best.alone()
        ? String.format(Locale.ROOT, "the fused lists lost to %s on the validation users (NDCG@%d %.4f against %.4f):"
            + " publishing %s's order", best.label(), k, bestFused, bestNdcg, best.source())
        : String.format(Locale.ROOT, "%s: the best fusion on the validation users (NDCG@%d %.4f; the best source alone %.4f)",
            best.label(), k, bestNdcg, options.entrySet().stream().filter(e -> e.getKey().endsWith(" alone")
                && !e.getKey().equals(RANKER_ALONE)).mapToDouble(Map.Entry::getValue).max().orElse(Double.NaN));
    return new Fusion(best.source(), best.weight(), best.alone(), bestNdcg, options, note);
  }
}

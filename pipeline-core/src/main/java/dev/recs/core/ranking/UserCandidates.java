package dev.recs.core.ranking;

import dev.recs.core.config.RankerParams;
import dev.recs.core.scoring.CosineTopK;
import dev.recs.core.scoring.EmbeddingIndex;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One user's candidates and their features, from their history alone against the fitted {@link
 * CandidateSources} and the item embeddings: co-occurrence neighbours of the whole history and of
 * the latest items (item-kNN), the best items by EASE, content neighbours of the latest items,
 * new items near the content profile, and the most popular items; seen items never. Pure Java,
 * one instance per partition (it reuses scratch arrays), so the candidate stage costs one pass
 * over the users instead of a Spark job per feature.
 */
final class UserCandidates {
  /** A user's latest items whose co-occurrence neighbours feed {@code knn_recent}. */
  static final int RECENT_FOR_KNN = 10;
  private static final double YEAR = 365.25 * 86_400;

  /** A user's history: per distinct item its profile weight, latest event (epoch seconds) and events. */
  record History(String[] items, float[] weights, double[] lastSeconds, float[] events) {
    int size() {
      return items.length;
    }
  }

  private final CandidateInputs shared;
  private final RankerParams params;
  private final CosineTopK fresh;
  /** Per source position, scratch for the co-occurrence sums (reset after each user). */
  private final double[] knnScore;
  private final double[] knnMax;
  private final int[] knnCount;
  private final double[] knnRecent;
  private final int[] knnReason;
  private final float[] knnReasonSim;
  /** Per source position, whether the current user has the item (set and cleared per user). */
  private final boolean[] seenSource;

  UserCandidates(CandidateInputs shared, RankerParams params) {
    this.shared = shared;
    this.params = params;
    this.fresh = shared.newItems().size() == 0 ? null : new CosineTopK(shared.newItems());
    int n = shared.sources().size();
    knnScore = new double[n];
    knnMax = new double[n];
    knnCount = new int[n];
    knnRecent = new double[n];
    knnReason = new int[n];
    knnReasonSim = new float[n];
    seenSource = new boolean[n];
  }

  /** A user's history with what every generator reads from it: profile, latest items, seen items. */
  static final class User {
    final History history;
    /** Per history item, its position in the sources (-1: unknown there). */
    final int[] sources;
    final Set<String> seen;
    final float[] profile;
    final Integer[] byRecency;
    final List<Integer> recent;
    /** New items closest to the profile (positions in {@code newItems}), set by {@link #findNew}. */
    int[] freshHits = new int[0];

    private User(
        History history, int[] sources, Set<String> seen, float[] profile, Integer[] byRecency, List<Integer> recent) {
      this.history = history;
      this.sources = sources;
      this.seen = seen;
      this.profile = profile;
      this.byRecency = byRecency;
      this.recent = recent;
    }
  }

  /**
   * The share of the user's distinct items that are long tail (at most {@code tail-max-events}
   * users): their appetite for what few others took, which decides whether their list has a
   * new-item slot ({@link ListSlots}).
   */
  float tailShare(History history) {
    CandidateSources s = shared.sources();
    int tail = 0;
    for (String item : history.items()) {
      int p = s.position(item);
      tail += p >= 0 && s.users[p] <= params.tailMaxEvents() ? 1 : 0;
    }
    return history.size() == 0 ? 0f : tail / (float) history.size();
  }

  /** Every candidate of a user with {@code history} (possibly empty: popular items only). */
  List<Candidate> build(History history) {
    return build(List.of(history)).get(0);
  }

  /** The candidates of several users; the new-item search runs for all of them in one multiply. */
  List<List<Candidate>> build(List<History> histories) {
    List<User> users = histories.stream().map(this::user).toList();
    findNew(users);
    return users.stream().map(this::candidates).toList();
  }

  private User user(History history) {
    EmbeddingIndex index = shared.items();
    int dim = index.dim();
    int n = history.size();
    Set<String> seen = new HashSet<>(Arrays.asList(history.items()));
    float[] profile = new float[dim];
    CandidateInputs.Positions positions = shared.positions();
    int[] sources = new int[n];
    int[] items = new int[n];
    for (int h = 0; h < n; h++) {
      sources[h] = shared.sources().position(history.items()[h]);
      items[h] = sources[h] >= 0 ? positions.itemOfSource()[sources[h]] : index.position(history.items()[h]);
    }
    for (int h = 0; h < n; h++) {
      int p = items[h];
      if (p >= 0) {
        for (int j = 0; j < dim; j++) {
          profile[j] += history.weights()[h] * index.unitVectors()[p * dim + j];
        }
      }
    }
    EmbeddingIndex.normalise(profile, 0, dim);
    // latest first, ties by the larger id (the reverse of the (ts, item_id) order)
    Integer[] byRecency = order(history, (a, b) -> history.lastSeconds()[a] != history.lastSeconds()[b]
        ? Double.compare(history.lastSeconds()[b], history.lastSeconds()[a]) : history.items()[b].compareTo(history.items()[a]));
    List<Integer> recent = new ArrayList<>();
    for (int h : byRecency) {
      int p = items[h];
      if (p >= 0 && recent.size() < params.recentItems()) {
        recent.add(p);
      }
    }
    return new User(history, sources, seen, profile, byRecency, recent);
  }

  /** The new items closest to each profile, for users with a recent item, in one batched search. */
  private void findNew(List<User> users) {
    if (fresh == null) {
      return;
    }
    List<User> searched = users.stream().filter(u -> !u.recent.isEmpty()).toList();
    if (searched.isEmpty()) {
      return;
    }
    int dim = shared.items().dim();
    float[] queries = new float[searched.size() * dim];
    int[][] excluded = new int[searched.size()][];
    for (int i = 0; i < searched.size(); i++) {
      User u = searched.get(i);
      System.arraycopy(u.profile, 0, queries, i * dim, dim);
      excluded[i] = u.seen.stream().mapToInt(shared.newItems()::position).filter(p -> p >= 0).sorted().toArray();
    }
    CosineTopK.Hits[] hits = fresh.search(queries, searched.size(), params.newCandidates(), excluded);
    for (int i = 0; i < searched.size(); i++) {
      searched.get(i).freshHits = hits[i].positions();
    }
  }

  private List<Candidate> candidates(User user) {
    CandidateSources s = shared.sources();
    CandidateInputs.Positions positions = shared.positions();
    EmbeddingIndex index = shared.items();
    History history = user.history;
    Set<String> seen = user.seen;
    Integer[] byRecency = user.byRecency;
    markSeen(user, true);
    Map<String, Candidate> candidates = new LinkedHashMap<>();
    knn(user, candidates);
    // content neighbours of the latest items, from the published similar_items lists
    for (int q : user.recent) {
      int taken = 0;
      for (int p : shared.contentNeighbours()[q]) {
        if (taken >= params.contentCandidates()) {
          break;
        }
        int source = positions.sourceOfItem()[p];
        if (source >= 0 ? seenSource[source] : seen.contains(index.id(p))) {
          continue;
        }
        taken++;
        Candidate c = candidates.computeIfAbsent(index.id(p), Candidate::new);
        c.itemPosition = p;
        c.sourcePosition = source;
        c.content = true;
        if (c.reason == null) {
          c.reason = index.id(q);
        }
      }
    }
    for (int p : user.freshHits) {
      candidates.computeIfAbsent(shared.newItems().id(p), Candidate::new).fresh = true;
    }
    float[] easeScores = null;
    float easeBest = 0;
    if (s.ease != null && s.ease.size() > 0) {
      int[] latestFirst = new int[byRecency.length];
      for (int r = 0; r < byRecency.length; r++) {
        int q = user.sources[byRecency[r]];
        latestFirst[r] = q >= 0 ? positions.easeOfSource()[q] : -1;
      }
      easeScores = s.ease.scoreLatestFirst(latestFirst, params.ease());
      if (easeScores != null) {
        int[] sourceOfEase = positions.sourceOfEase();
        for (int j : s.ease.bestUnseen(easeScores, e -> seenSource[sourceOfEase[e]], history.size(), params.ease().candidates())) {
          Candidate c = candidates.computeIfAbsent(s.ease.id(j), Candidate::new);
          c.easePosition = j;
          c.sourcePosition = sourceOfEase[j];
          c.ease = true;
          easeBest = Math.max(easeBest, easeScores[j]);
        }
      }
    }
    int popular = 0;
    for (int p : s.popularOrder) {
      if (popular >= params.popularCandidates()) {
        break;
      }
      if (!seenSource[p]) {
        Candidate c = candidates.computeIfAbsent(s.id(p), Candidate::new);
        c.sourcePosition = p;
        c.popular = true;
        popular++;
      }
    }
    markSeen(user, false);
    features(user, candidates.values(), easeScores, easeBest);
    return new ArrayList<>(candidates.values());
  }

  /** Sets (or clears) the scratch flags of the user's items that the sources know. */
  private void markSeen(User user, boolean seen) {
    for (int q : user.sources) {
      if (q >= 0) {
        seenSource[q] = seen;
      }
    }
  }

  /**
   * Co-occurrence candidates: the sums of neighbour similarities over the whole history ({@code
   * knn_score}) and over its latest {@link #RECENT_FOR_KNN} items ({@code knn_recent}); the best
   * {@code knn-candidates} by the first and a quarter as many by the second.
   */
  private void knn(User user, Map<String, Candidate> candidates) {
    CandidateSources s = shared.sources();
    History history = user.history;
    // latest first, ties by the smaller id
    Integer[] latest = order(history, (a, b) -> history.lastSeconds()[a] != history.lastSeconds()[b]
        ? Double.compare(history.lastSeconds()[b], history.lastSeconds()[a]) : history.items()[a].compareTo(history.items()[b]));
    boolean[] isRecent = new boolean[history.size()];
    for (int i = 0; i < Math.min(RECENT_FOR_KNN, latest.length); i++) {
      isRecent[latest[i]] = true;
    }
    List<Integer> touched = new ArrayList<>();
    for (int h = 0; h < history.size(); h++) {
      int p = user.sources[h];
      if (p < 0) {
        continue;
      }
      int[] nb = s.neighbours[p];
      float[] sim = s.similarities[p];
      for (int t = 0; t < nb.length; t++) {
        int j = nb[t];
        if (knnCount[j] == 0) {
          touched.add(j);
          knnReasonSim[j] = Float.NEGATIVE_INFINITY;
        }
        knnCount[j]++;
        knnScore[j] += sim[t];
        knnMax[j] = Math.max(knnMax[j], sim[t]);
        if (isRecent[h]) {
          knnRecent[j] += sim[t];
        }
        // the reason is the most similar history item; a tie goes to the smaller item id, not to
        // the history's order (which follows the partitioning: a cluster's and a laptop's differ)
        if (sim[t] > knnReasonSim[j]
            || (sim[t] == knnReasonSim[j] && history.items()[h].compareTo(history.items()[knnReason[j]]) < 0)) {
          knnReasonSim[j] = sim[t];
          knnReason[j] = h;
        }
      }
    }
    int[] unseen = touched.stream().mapToInt(Integer::intValue).filter(j -> !seenSource[j]).sorted().toArray();
    float[] byScore = new float[unseen.length];
    float[] byRecent = new float[unseen.length];
    for (int u = 0; u < unseen.length; u++) {
      byScore[u] = (float) knnScore[unseen[u]];
      byRecent[u] = (float) knnRecent[unseen[u]];
    }
    // ties to the smaller position: unseen is in position order
    Set<Integer> kept = new java.util.LinkedHashSet<>();
    int[] order = Order.descending(byScore);
    for (int u = 0; u < Math.min(params.knnCandidates(), order.length); u++) {
      kept.add(unseen[order[u]]);
    }
    order = Order.descending(byRecent);
    for (int u = 0; u < Math.min(params.knnCandidates() / 4, order.length); u++) {
      kept.add(unseen[order[u]]);
    }
    for (int j : kept) {
      Candidate c = candidates.computeIfAbsent(s.id(j), Candidate::new);
      c.sourcePosition = j;
      c.knn = true;
      c.knnScore = knnScore[j];
      c.knnMax = knnMax[j];
      c.knnCount = knnCount[j];
      c.knnRecent = knnRecent[j];
      c.reason = history.items()[knnReason[j]];
    }
    for (int j : touched) {
      knnScore[j] = 0;
      knnMax[j] = 0;
      knnCount[j] = 0;
      knnRecent[j] = 0;
    }
  }

  private void features(User user, java.util.Collection<Candidate> candidates, float[] easeScores, float easeBest) {
    CandidateSources s = shared.sources();
    CandidateInputs.Positions positions = shared.positions();
    EmbeddingIndex index = shared.items();
    History history = user.history;
    float[] profile = user.profile;
    List<Integer> recent = user.recent;
    int dim = index.dim();
    double userLast = Double.NaN;
    double popularitySum = 0;
    int known = 0;
    List<Integer> alsItems = new ArrayList<>();
    List<Float> alsCounts = new ArrayList<>();
    for (int h = 0; h < history.size(); h++) {
      userLast = Double.isNaN(userLast) ? history.lastSeconds()[h] : Math.max(userLast, history.lastSeconds()[h]);
      int p = user.sources[h];
      if (p >= 0) {
        popularitySum += Math.log1p(s.users[p]);
        known++;
        alsItems.add(p);
        alsCounts.add(history.events()[h]);
      }
    }
    float[] als = s.foldIn(alsItems.stream().mapToInt(Integer::intValue).toArray(), floats(alsCounts));
    double maxKnn = 0;
    double maxRecent = 0;
    for (Candidate c : candidates) {
      maxKnn = Math.max(maxKnn, c.knnScore);
      maxRecent = Math.max(maxRecent, c.knnRecent);
    }
    float logHistory = (float) Math.log1p(history.size());
    float userMeanPopularity = known == 0 ? 0f : (float) (popularitySum / known);
    for (Candidate c : candidates) {
      resolve(c, positions);
      int p = c.itemPosition;
      float cosProfile = 0;
      float cosRecent = 0;
      if (p >= 0) {
        for (int j = 0; j < dim; j++) {
          cosProfile += index.unitVectors()[p * dim + j] * profile[j];
        }
        cosRecent = -1;
        for (int q : recent) {
          float cos = index.cosine(p, q);
          if (cos > cosRecent) {
            cosRecent = cos;
            if (c.reason == null || !c.knn) {
              c.reason = c.content || c.fresh ? index.id(q) : c.reason;
            }
          }
        }
        if (recent.isEmpty()) {
          cosRecent = 0;
        }
      }
      int q = c.sourcePosition;
      int users = q < 0 ? 0 : s.users[q];
      double first = q < 0 ? Double.NaN : s.firstSeconds[q];
      double mean = q < 0 ? Double.NaN : s.meanSeconds[q];
      int e = easeScores == null ? -1 : c.easePosition;
      float easeScore = e < 0 ? 0f : easeScores[e];
      float logPopularity = (float) Math.log1p(users);
      c.itemUsers = users;
      c.features = new float[] {
        (float) c.knnScore,
        (float) c.knnMax,
        (float) Math.log1p(c.knnCount),
        (float) c.knnRecent,
        maxKnn > 0 && c.knn ? (float) (c.knnScore / maxKnn) : 0f,
        c.knn ? (float) (c.knnRecent / Math.max(maxRecent, 1e-9)) : 0f,
        logPopularity,
        q < 0 ? 0f : (float) Math.log1p(s.trend[q]),
        Double.isNaN(first) ? 0f : (float) Math.log1p((s.newest - first) / 86_400.0),
        logHistory,
        finite((userLast - mean) / YEAR),
        finite((userLast - first) / YEAR),
        userMeanPopularity,
        q < 0 ? 0f : finite(s.meanValue[q]),
        als == null || q < 0 ? 0f : s.alsScore(als, q),
        easeScore,
        easeBest > 0 ? easeScore / easeBest : 0f,
        cosProfile,
        cosRecent,
        flag(c.knn), flag(c.content), flag(c.popular), flag(c.fresh), flag(c.ease)
      };
      c.heuristic = (float) (c.knnScore + logPopularity * 1e-3);
      List<String> sources = new ArrayList<>();
      if (c.knn) {
        sources.add("knn");
      }
      if (c.ease) {
        sources.add("ease");
      }
      if (c.content) {
        sources.add("content");
      }
      if (c.fresh) {
        sources.add("new");
      }
      if (c.popular) {
        sources.add("popular");
      }
      c.source = String.join("+", sources);
    }
  }

  /**
   * Fills in the candidate's positions from the one its generator knew (by the id only for a new
   * item, which came from the new items' own index).
   */
  private void resolve(Candidate c, CandidateInputs.Positions positions) {
    if (c.sourcePosition < 0 && c.itemPosition < 0) {
      c.sourcePosition = shared.sources().position(c.item);
      c.itemPosition = c.sourcePosition >= 0 ? positions.itemOfSource()[c.sourcePosition] : shared.items().position(c.item);
    } else if (c.itemPosition < 0) {
      c.itemPosition = positions.itemOfSource()[c.sourcePosition];
    } else if (c.sourcePosition < 0) {
      c.sourcePosition = positions.sourceOfItem()[c.itemPosition];
    }
    if (c.easePosition < 0 && c.sourcePosition >= 0) {
      c.easePosition = positions.easeOfSource()[c.sourcePosition];
    }
  }

  private static Integer[] order(History history, java.util.Comparator<Integer> comparator) {
    Integer[] order = new Integer[history.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, comparator);
    return order;
  }

  private static float finite(double v) {
    return Double.isFinite(v) ? (float) v : 0f;
  }

  private static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static float flag(boolean b) {
    return b ? 1f : 0f;
  }
}

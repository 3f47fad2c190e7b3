package dev.recs.core.ranking;

import dev.recs.core.config.RankerParams;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.CosineTopK;
import dev.recs.core.scoring.EmbeddingIndex;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Per user: merges the item-kNN candidates with content neighbours of the latest items, new
 * items near the profile and popular items, and computes the content features of every
 * candidate against the broadcast embeddings. Input {@code (user_id, _history, _knn)}.
 */
final class ContentCandidates implements MapPartitionsFunction<Row, Row> {
  static final String PRODUCT = "_product";

  /** What every partition needs: all embeddings, the new items' embeddings, popular ids. */
  record Shared(EmbeddingIndex items, EmbeddingIndex newItems, String[] popular, EaseModel ease)
      implements Serializable {}

  private final Broadcast<Shared> shared;
  private final RankerParams params;

  ContentCandidates(Broadcast<Shared> shared, RankerParams params) {
    this.shared = shared;
    this.params = params;
  }

  static StructType schema(int dim) {
    return new StructType()
        .add(Columns.USER_ID, DataTypes.StringType)
        .add(Columns.ITEM_ID, DataTypes.StringType)
        .add("knn_score", DataTypes.DoubleType)
        .add("knn_max", DataTypes.DoubleType)
        .add("knn_count", DataTypes.FloatType)
        .add("knn_recent", DataTypes.DoubleType)
        .add("knn_rel", DataTypes.DoubleType)
        .add("knn_recent_rel", DataTypes.DoubleType)
        .add("ease_score", DataTypes.FloatType)
        .add("ease_rel", DataTypes.FloatType)
        .add("cos_profile", DataTypes.FloatType)
        .add("cos_recent", DataTypes.FloatType)
        .add("is_knn", DataTypes.FloatType)
        .add("is_content", DataTypes.FloatType)
        .add("is_popular", DataTypes.FloatType)
        .add("is_new", DataTypes.FloatType)
        .add("is_ease", DataTypes.FloatType)
        .add(Columns.SOURCE, DataTypes.StringType)
        .add(Columns.REASON_ITEM_ID, DataTypes.StringType)
        .add(PRODUCT, DataTypes.createArrayType(DataTypes.FloatType));
  }

  /** One candidate being assembled. */
  private static final class Candidate {
    double knnScore;
    double knnMax;
    float knnCount;
    double knnRecent;
    double knnRel;
    double knnRecentRel;
    boolean knn;
    boolean content;
    boolean popular;
    boolean fresh;
    boolean ease;
    String reason;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Shared s = shared.value();
    CosineTopK items = new CosineTopK(s.items());
    CosineTopK fresh = s.newItems().size() == 0 ? null : new CosineTopK(s.newItems());
    int dim = s.items().dim();
    List<Row> out = new ArrayList<>();
    return new dev.recs.core.model.BatchingIterator<Row, Row>(rows, 1, batch -> {
      out.clear();
      for (Row r : batch) {
        user(r, s, items, fresh, dim, out);
      }
      return new ArrayList<>(out);
    });
  }

  private void user(Row r, Shared s, CosineTopK items, CosineTopK fresh, int dim, List<Row> out) {
    String user = r.getString(0);
    List<Row> history = r.isNullAt(1) ? List.of() : r.getList(1);
    EmbeddingIndex index = s.items();
    Set<String> seen = new HashSet<>();
    float[] profile = new float[dim];
    List<Row> byRecency = new ArrayList<>(history);
    byRecency.sort(Histories.latestFirst(2, 0));
    for (Row h : history) {
      seen.add(h.getString(0));
      int p = index.position(h.getString(0));
      if (p >= 0) {
        float w = (float) h.getDouble(1);
        for (int j = 0; j < dim; j++) {
          profile[j] += w * index.unitVectors()[p * dim + j];
        }
      }
    }
    EmbeddingIndex.normalise(profile, 0, dim);
    List<Integer> recent = new ArrayList<>();
    for (Row h : byRecency) {
      int p = index.position(h.getString(0));
      if (p >= 0 && recent.size() < params.recentItems()) {
        recent.add(p);
      }
    }
    int[] seenPositions = seen.stream().mapToInt(index::position).filter(p -> p >= 0).sorted().toArray();

    Map<String, Candidate> candidates = new LinkedHashMap<>();
    if (!r.isNullAt(2)) {
      for (Row k : r.<Row>getList(2)) {
        Candidate c = candidates.computeIfAbsent(k.getString(0), id -> new Candidate());
        c.knn = true;
        c.knnScore = k.getDouble(1);
        c.knnMax = k.getDouble(2);
        c.knnCount = (float) Math.log1p(k.getLong(3));
        c.reason = k.getString(4);
        c.knnRecent = k.getDouble(5);
        c.knnRel = k.getDouble(6);
        c.knnRecentRel = k.getDouble(7);
      }
    }
    if (!recent.isEmpty()) {
      float[] queries = new float[recent.size() * dim];
      int[][] excluded = new int[recent.size()][];
      for (int i = 0; i < recent.size(); i++) {
        index.copyVectorTo(recent.get(i), queries, i * dim);
        excluded[i] = seenPositions;
      }
      CosineTopK.Hits[] hits = items.search(queries, recent.size(), params.contentCandidates(), excluded);
      for (int i = 0; i < hits.length; i++) {
        for (int p : hits[i].positions()) {
          Candidate c = candidates.computeIfAbsent(index.id(p), id -> new Candidate());
          c.content = true;
          if (c.reason == null) {
            c.reason = index.id(recent.get(i));
          }
        }
      }
    }
    if (fresh != null && !recent.isEmpty()) {
      int[] seenNew = seen.stream().mapToInt(s.newItems()::position).filter(p -> p >= 0).sorted().toArray();
      CosineTopK.Hits[] hits = fresh.search(profile, 1, params.newCandidates(), new int[][] {seenNew});
      for (int p : hits[0].positions()) {
        Candidate c = candidates.computeIfAbsent(s.newItems().id(p), id -> new Candidate());
        c.fresh = true;
      }
    }
    float[] easeScores = s.ease() == null ? null : easeCandidates(s.ease(), byRecency, seen, candidates);
    float easeBest = 0;
    if (easeScores != null) {
      for (Map.Entry<String, Candidate> e : candidates.entrySet()) {
        if (e.getValue().ease) {
          easeBest = Math.max(easeBest, easeScores[s.ease().position(e.getKey())]);
        }
      }
    }
    int popular = 0;
    for (String id : s.popular()) {
      if (popular >= params.popularCandidates()) {
        break;
      }
      if (!seen.contains(id)) {
        candidates.computeIfAbsent(id, x -> new Candidate()).popular = true;
        popular++;
      }
    }

    for (Map.Entry<String, Candidate> e : candidates.entrySet()) {
      Candidate c = e.getValue();
      int p = index.position(e.getKey());
      float cosProfile = 0;
      float cosRecent = 0;
      Float[] product = new Float[dim];
      Arrays.fill(product, 0f);
      if (p >= 0) {
        float[] v = index.unitVectors();
        for (int j = 0; j < dim; j++) {
          float x = v[p * dim + j] * profile[j];
          product[j] = x;
          cosProfile += x;
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
      int q = easeScores == null ? -1 : s.ease().position(e.getKey());
      float easeScore = q < 0 ? 0f : easeScores[q];
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
      out.add(RowFactory.create(
          user, e.getKey(), c.knnScore, c.knnMax, c.knnCount, c.knnRecent, c.knnRel, c.knnRecentRel,
          easeScore, easeBest > 0 ? easeScore / easeBest : 0f,
          cosProfile, cosRecent,
          flag(c.knn), flag(c.content), flag(c.popular), flag(c.fresh), flag(c.ease),
          String.join("+", sources), c.reason, product));
    }
  }

  /**
   * Scores every modelled item for a history ordered latest first (recent items weigh more, see
   * {@link dev.recs.core.config.EaseParams#weight}), adds the best unseen ones as candidates and
   * returns the scores; null when the model knows none of the history.
   */
  private float[] easeCandidates(EaseModel ease, List<Row> byRecency, Set<String> seen, Map<String, Candidate> candidates) {
    float[] scores = ease.scoreLatestFirst(byRecency.stream().map(h -> h.getString(0)).toList(), params.ease());
    if (scores == null) {
      return null;
    }
    for (int j : ease.bestUnseen(scores, seen, params.ease().candidates())) {
      candidates.computeIfAbsent(ease.id(j), x -> new Candidate()).ease = true;
    }
    return scores;
  }

  private static float flag(boolean b) {
    return b ? 1f : 0f;
  }
}

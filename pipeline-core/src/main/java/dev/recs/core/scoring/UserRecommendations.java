package dev.recs.core.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;

import dev.recs.core.config.ScoringParams;
import dev.recs.core.model.BatchingIterator;
import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The {@code user_recommendations} table. A user's profile is the weighted mean of the unit
 * embeddings of the items in their history, each event weighed by its type (and value, if
 * configured) and halved every {@code profileHalfLifeDays} back from the user's own latest
 * event. Items are ranked by cosine to the profile; every item the user has interacted with is
 * removed; {@code reason_item_id} is the history item most similar to the recommended one.
 *
 * <p>Users with no usable history (no event on an embedded item, or only zero weights) get the
 * most popular items they have not seen, with {@code source = popular} and no reason.
 */
public final class UserRecommendations {
  /** {@code source} of a recommendation ranked by content similarity to the profile. */
  public static final String SOURCE_CONTENT = "content";
  /** {@code source} of a popularity fallback. */
  public static final String SOURCE_POPULAR = "popular";

  private static final String HISTORY = "_history";

  private final ScoringParams params;

  public UserRecommendations(ScoringParams params) {
    this.params = params;
  }

  /**
   * Lazy apart from collecting {@code popular} (at most {@code popularN} rows).
   *
   * @param interactions clean interactions
   * @param users every user to recommend for, {@code (user_id)}
   * @param index the broadcast item embeddings
   * @param popular the {@code popular_items} table
   */
  public Dataset<Row> apply(
      Dataset<Row> interactions,
      Dataset<Row> users,
      Broadcast<EmbeddingIndex> index,
      Dataset<Row> popular) {
    Dataset<Row> history =
        new ProfileWeights(params)
            .apply(interactions)
            .groupBy(col(Columns.USER_ID))
            .agg(collect_list(struct(col(Columns.ITEM_ID), col(ProfileWeights.WEIGHT))).as(HISTORY));
    Fallback fallback = Fallback.collect(popular);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(users.sparkSession().sparkContext());
    return users
        .select(col(Columns.USER_ID))
        .join(history, Columns.USER_ID, "left")
        .select(col(Columns.USER_ID), col(HISTORY))
        .mapPartitions(
            new RecommendPartition(index, jsc.broadcast(fallback), params.topK(), params.queryBlockSize()),
            Encoders.row(Table.USER_RECOMMENDATIONS.sparkSchema()));
  }

  /** The popular items, best first, as the fallback list. */
  record Fallback(String[] ids, float[] scores) implements Serializable {
    static Fallback collect(Dataset<Row> popular) {
      List<Row> rows = popular.orderBy(col(Columns.RANK)).collectAsList();
      String[] ids = new String[rows.size()];
      float[] scores = new float[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        ids[i] = rows.get(i).getAs(Columns.ITEM_ID);
        scores[i] = rows.get(i).<Float>getAs(Columns.SCORE);
      }
      return new Fallback(ids, scores);
    }
  }

  static final class RecommendPartition implements MapPartitionsFunction<Row, Row> {
    private final Broadcast<EmbeddingIndex> index;
    private final Broadcast<Fallback> fallback;
    private final int k;
    private final int block;

    RecommendPartition(
        Broadcast<EmbeddingIndex> index, Broadcast<Fallback> fallback, int k, int block) {
      this.index = index;
      this.fallback = fallback;
      this.k = k;
      this.block = block;
    }

    /** One user's parsed history: item positions (sorted) with weights, and unknown ids. */
    private record History(
        String userId, int[] positions, double[] weights, java.util.Set<String> seenIds) {}

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      EmbeddingIndex items = index.value();
      CosineTopK kernel = new CosineTopK(items);
      Fallback popular = fallback.value();
      return new BatchingIterator<>(
          rows, block, batch -> recommend(batch, items, kernel, popular));
    }

    private List<Row> recommend(
        List<Row> batch, EmbeddingIndex items, CosineTopK kernel, Fallback popular) {
      int dim = items.dim();
      List<History> profiled = new ArrayList<>();
      List<float[]> profiles = new ArrayList<>();
      List<Row> out = new ArrayList<>(batch.size() * k);
      for (Row r : batch) {
        History h = parse(r, items);
        float[] profile = new float[dim];
        double total = 0;
        for (int i = 0; i < h.positions().length; i++) {
          float w = (float) h.weights()[i];
          if (w <= 0) {
            continue;
          }
          total += w;
          int offset = h.positions()[i] * dim;
          float[] unit = items.unitVectors();
          for (int j = 0; j < dim; j++) {
            profile[j] += w * unit[offset + j];
          }
        }
        EmbeddingIndex.normalise(profile, 0, dim);
        if (total > 0 && !isZero(profile)) {
          profiled.add(h);
          profiles.add(profile);
        } else {
          addFallback(h, popular, out);
        }
      }
      float[] queries = new float[profiled.size() * dim];
      int[][] seen = new int[profiled.size()][];
      for (int i = 0; i < profiled.size(); i++) {
        System.arraycopy(profiles.get(i), 0, queries, i * dim, dim);
        seen[i] = profiled.get(i).positions();
      }
      CosineTopK.Hits[] hits = kernel.search(queries, profiled.size(), k, seen);
      for (int u = 0; u < profiled.size(); u++) {
        History h = profiled.get(u);
        for (int rank = 0; rank < hits[u].positions().length; rank++) {
          int item = hits[u].positions()[rank];
          out.add(
              RowFactory.create(
                  h.userId(),
                  rank + 1,
                  items.id(item),
                  hits[u].scores()[rank],
                  items.id(mostSimilar(item, h.positions(), items)),
                  SOURCE_CONTENT,
                  null));
        }
      }
      return out;
    }

    private void addFallback(History h, Fallback popular, List<Row> out) {
      int rank = 0;
      for (int i = 0; i < popular.ids().length && rank < k; i++) {
        if (h.seenIds().contains(popular.ids()[i])) {
          continue;
        }
        rank++;
        out.add(
            RowFactory.create(
                h.userId(), rank, popular.ids()[i], popular.scores()[i], null, SOURCE_POPULAR, null));
      }
    }

    private static History parse(Row r, EmbeddingIndex items) {
      List<Row> events = r.isNullAt(1) ? List.of() : r.getList(1);
      int[] positions = new int[events.size()];
      double[] weights = new double[events.size()];
      java.util.Set<String> seenIds = new java.util.HashSet<>();
      int n = 0;
      // history entries are distinct items; keep them sorted by position for binary search
      Integer[] order = new Integer[events.size()];
      for (int i = 0; i < events.size(); i++) {
        order[i] = i;
        seenIds.add(events.get(i).getString(0));
      }
      int[] pos = new int[events.size()];
      for (int i = 0; i < events.size(); i++) {
        pos[i] = items.position(events.get(i).getString(0));
      }
      Arrays.sort(order, (a, b) -> Integer.compare(pos[a], pos[b]));
      for (Integer i : order) {
        if (pos[i] < 0) {
          continue;
        }
        positions[n] = pos[i];
        weights[n] = events.get(i).getDouble(1);
        n++;
      }
      return new History(
          r.getString(0), Arrays.copyOf(positions, n), Arrays.copyOf(weights, n), seenIds);
    }

    /** The history position with the highest cosine to {@code item}; lowest position on ties. */
    private static int mostSimilar(int item, int[] history, EmbeddingIndex items) {
      int best = history[0];
      float bestScore = Float.NEGATIVE_INFINITY;
      for (int h : history) {
        float s = items.cosine(item, h);
        if (s > bestScore) {
          bestScore = s;
          best = h;
        }
      }
      return best;
    }

    private static boolean isZero(float[] v) {
      for (float x : v) {
        if (x != 0f) {
          return false;
        }
      }
      return true;
    }
  }
}

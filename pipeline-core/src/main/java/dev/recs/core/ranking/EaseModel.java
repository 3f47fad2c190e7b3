package dev.recs.core.ranking;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.recs.core.config.EaseParams;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.TopKAccumulator;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * EASE (Steck 2019): item-to-item weights {@code B = I - P / diag(P)}, {@code P = (X'X + lambda
 * I)^-1}, with {@code X} the binary user-by-item matrix and {@code diag(B) = 0}. A user's score
 * for item {@code j} is {@code sum_i w_i B_ij} over their history items {@code i}. One of the
 * strongest linear baselines on implicit data, and cheap while the modelled items stay in the
 * thousands: fitted on the driver (Gram matrix, then the inverse by LAPACK), applied on the
 * executors with the weights broadcast.
 */
public final class EaseModel extends ItemPositions {
  private static final long serialVersionUID = 1L;

  /** Row-major {@code n x n}: row {@code i} is what history item {@code i} adds to each item. */
  private final float[] weights;

  EaseModel(String[] ids, float[] weights) {
    super(ids);
    this.weights = weights;
  }

  /**
   * Fits on the distinct (user, item) pairs of {@code history}, over its {@code max-items} items
   * with the most users (ties by id). The pairs are streamed to the driver user by user.
   */
  public static EaseModel fit(Dataset<Row> history, EaseParams params) {
    Dataset<Row> pairs = history.select(Columns.USER_ID, Columns.ITEM_ID).distinct();
    List<Row> top =
        pairs.groupBy(Columns.ITEM_ID).agg(count(lit(1)).as("_users"))
            .orderBy(col("_users").desc(), col(Columns.ITEM_ID))
            .limit(params.maxItems())
            .collectAsList();
    String[] ids = top.stream().map(r -> r.getString(0)).toArray(String[]::new);
    int n = ids.length;
    if (n == 0) {
      return new EaseModel(ids, new float[0]);
    }
    Map<String, Integer> position = CandidateSources.positionsOf(ids);
    Iterator<Row> rows =
        pairs.join(functions.broadcast(history.sparkSession().createDataFrame(top, top.get(0).schema())
                .select(Columns.ITEM_ID)), Columns.ITEM_ID)
            .orderBy(Columns.USER_ID).toLocalIterator();
    // no local keeps the counts: solve drops them before allocating the weights
    return new EaseModel(ids, solve(gram(rows, position, n), n, params.lambda()));
  }

  /**
   * Fits on users' distinct items given as positions into {@code ids} (sorted ascending per
   * user), over the {@code max-items} items of {@code byUsers} (positions, most users first) that
   * have any user: the same model as {@link #fit(Dataset, EaseParams)} from pairs already on the
   * driver.
   */
  static EaseModel fit(String[] ids, List<int[]> userItems, int[] byUsers, int[] users, EaseParams params) {
    int n = 0;
    while (n < Math.min(params.maxItems(), byUsers.length) && users[byUsers[n]] > 0) {
      n++;
    }
    String[] modelled = new String[n];
    int[] toModel = new int[ids.length];
    Arrays.fill(toModel, -1);
    for (int i = 0; i < n; i++) {
      modelled[i] = ids[byUsers[i]];
      toModel[byUsers[i]] = i;
    }
    if (n == 0) {
      return new EaseModel(modelled, new float[0]);
    }
    int[] gram = new int[n * n];
    List<Integer> user = new ArrayList<>();
    for (int[] items : userItems) {
      user.clear();
      for (int i : items) {
        if (toModel[i] >= 0) {
          user.add(toModel[i]);
        }
      }
      addUser(gram, n, user);
    }
    return new EaseModel(modelled, solve(gram, n, params.lambda()));
  }

  /** {@code X'X} from {@code (item_id, user_id)} rows ordered by user. */
  private static int[] gram(Iterator<Row> rows, Map<String, Integer> position, int n) {
    int[] gram = new int[n * n];
    List<Integer> user = new ArrayList<>();
    String current = null;
    while (rows.hasNext()) {
      Row r = rows.next();
      if (!r.getString(1).equals(current)) {
        addUser(gram, n, user);
        user.clear();
        current = r.getString(1);
      }
      user.add(position.get(r.getString(0)));
    }
    addUser(gram, n, user);
    return gram;
  }

  /** Adds one user's items to the Gram matrix {@code X'X}. */
  private static void addUser(int[] gram, int n, List<Integer> items) {
    for (int a : items) {
      for (int b : items) {
        gram[a * n + b] += 1;
      }
    }
  }

  /**
   * {@code B} from the Gram matrix, row-major as floats. The inverse goes through LAPACK's
   * Cholesky routines in the OpenBLAS that nd4j-native bundles ({@code dpotrf}, {@code dpotri}:
   * 6 s at 6,000 items on two cores; ND4J's own {@code InvertMatrix} runs a generic op that took
   * minutes there), on a native copy: the heap holds the counts or the weights, never doubles.
   */
  static float[] solve(int[] gram, int n, double lambda) {
    float[] b;
    double[] diagonal = new double[n];
    try (DoublePointer matrix = new DoublePointer((long) n * n)) {
      double[] row = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          row[j] = gram[i * n + j] + (i == j ? lambda : 0);
        }
        matrix.position((long) i * n).put(row, 0, n);
      }
      gram = null; // the counts may go before the weights are allocated
      matrix.position(0);
      int info = openblas.LAPACKE_dpotrf(openblas.LAPACK_ROW_MAJOR, (byte) 'L', n, matrix, n);
      if (info == 0) {
        info = openblas.LAPACKE_dpotri(openblas.LAPACK_ROW_MAJOR, (byte) 'L', n, matrix, n);
      }
      if (info != 0) {
        throw new IllegalStateException("EASE: the Gram matrix is not positive definite (LAPACK info " + info
            + "); raise ranker.ease.lambda");
      }
      // dpotri leaves the symmetric inverse P in the lower triangle: mirror it into b
      b = new float[n * n];
      for (int i = 0; i < n; i++) {
        matrix.position((long) i * n).get(row, 0, i + 1);
        for (int j = 0; j <= i; j++) {
          b[i * n + j] = (float) row[j];
          b[j * n + i] = (float) row[j];
        }
        diagonal[i] = row[i];
      }
      matrix.position(0);
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        b[i * n + j] = i == j ? 0f : (float) (-b[i * n + j] / diagonal[j]);
      }
    }
    return b;
  }

  /** Every modelled item's score for a history of {@code items} (positions) weighing {@code w}. */
  public float[] score(int[] items, float[] w) {
    int n = ids.length;
    float[] out = new float[n];
    for (int h = 0; h < items.length; h++) {
      int row = items[h] * n;
      float wh = w[h];
      for (int j = 0; j < n; j++) {
        out[j] += wh * weights[row + j];
      }
    }
    return out;
  }

  /**
   * Every modelled item's score for a history of item ids given latest first: the item {@code r}
   * places before the latest weighs {@link EaseParams#weight}{@code (r)}; items not modelled add
   * nothing. Null when no item of the history is modelled (the model has nothing to say).
   */
  public float[] scoreLatestFirst(List<String> latestFirst, EaseParams params) {
    return scoreLatestFirst(latestFirst.stream().mapToInt(this::position).toArray(), params);
  }

  /** Like {@link #scoreLatestFirst(List, EaseParams)}, the history as positions here (-1: not modelled). */
  float[] scoreLatestFirst(int[] latestFirst, EaseParams params) {
    int[] items = new int[latestFirst.length];
    float[] w = new float[latestFirst.length];
    int n = 0;
    for (int r = 0; r < latestFirst.length; r++) {
      if (latestFirst[r] >= 0) {
        items[n] = latestFirst[r];
        w[n++] = (float) params.weight(r);
      }
    }
    return n == 0 ? null : score(Arrays.copyOf(items, n), Arrays.copyOf(w, n));
  }

  /** The positions of the (at most) {@code k} best of {@code scores} whose items are not in {@code seen}, best first. */
  public int[] bestUnseen(float[] scores, Set<String> seen, int k) {
    return bestUnseen(scores, j -> seen.contains(ids[j]), seen.size(), k);
  }

  /**
   * Like {@link #bestUnseen(float[], Set, int)}, with {@code seen} a test on positions that holds
   * for at most {@code seenCount} of them.
   */
  int[] bestUnseen(float[] scores, java.util.function.IntPredicate seen, int seenCount, int k) {
    if (scores.length == 0 || k <= 0) {
      return new int[0];
    }
    TopKAccumulator best = new TopKAccumulator(Math.min(scores.length, k + seenCount));
    for (int j = 0; j < scores.length; j++) {
      if (scores[j] >= best.threshold()) {
        best.offer(j, scores[j]);
      }
    }
    return Arrays.stream(best.sortedIndices()).filter(j -> !seen.test(j)).limit(k).toArray();
  }
}

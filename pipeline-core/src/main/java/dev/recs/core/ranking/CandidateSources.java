package dev.recs.core.ranking;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;

import dev.recs.core.config.RankerParams;
import dev.recs.core.model.ImplicitAls;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.TopKAccumulator;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the hybrid's candidate stage knows about items, fitted once per training set and then
 * applied to any user's history without another Spark job: per item its users, recent trend,
 * first and mean event time and mean value; its co-occurrence (item-kNN) neighbours; the EASE
 * weights; the implicit-ALS item factors (a user's factors are folded in from their history when
 * the candidates are built, see {@link #foldIn}); the popularity order. Broadcast to the
 * partitions that build candidates, and saved with the night's model so that a refresh builds
 * the same candidates without refitting.
 *
 * <p>The co-occurrence and the EASE Gram matrix come from one pass over the distinct (user, item)
 * pairs streamed to the driver as ints (8 bytes a pair: 8 MB per million events), instead of a
 * Spark self-join whose pairs grow with the square of history lengths.
 */
public final class CandidateSources extends ItemPositions {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CandidateSources.class);
  private static final String FILE = "sources.bin";
  static final int FORMAT_VERSION = 2;

  /** Distinct users per item. */
  final int[] users;
  /** Events per item within {@code trend-days} of the newest event. */
  final int[] trend;
  /** Epoch seconds of the first and mean event per item; NaN without events. */
  final double[] firstSeconds;
  final double[] meanSeconds;
  /** Mean event value per item; NaN when none. */
  final float[] meanValue;
  /** The newest event's epoch seconds. */
  final long newest;
  /** Co-occurrence neighbours per item, best first, and their cosines. */
  final int[][] neighbours;
  final float[][] similarities;
  /** Item positions by users, most first (ties by id). */
  final int[] popularOrder;
  /** Null when EASE is off or nothing to model. */
  final EaseModel ease;
  /** ALS item factors, row-major {@code ids.length x alsRank}, zero for items ALS never saw; null when off. */
  final float[] alsItems;
  /** {@code Y'Y} of the ALS item factors, for folding in users. */
  final double[] alsGram;
  final int alsRank;
  final double alsRegParam;
  final double alsAlpha;

  private CandidateSources(
      String[] ids, int[] users, int[] trend, double[] firstSeconds, double[] meanSeconds, float[] meanValue,
      long newest, int[][] neighbours, float[][] similarities, int[] popularOrder, EaseModel ease, float[] alsItems,
      double[] alsGram, int alsRank, double alsRegParam, double alsAlpha) {
    super(ids);
    this.users = users;
    this.trend = trend;
    this.firstSeconds = firstSeconds;
    this.meanSeconds = meanSeconds;
    this.meanValue = meanValue;
    this.newest = newest;
    this.neighbours = neighbours;
    this.similarities = similarities;
    this.popularOrder = popularOrder;
    this.ease = ease;
    this.alsItems = alsItems;
    this.alsGram = alsGram;
    this.alsRank = alsRank;
    this.alsRegParam = alsRegParam;
    this.alsAlpha = alsAlpha;
  }

  /**
   * Fits every source on {@code history} ({@code user_id, item_id, ts, value}) over the items of
   * {@code catalogItems} ({@code item_id}).
   */
  public static CandidateSources fit(Dataset<Row> history, Dataset<Row> catalogItems, RankerParams params, long seed) {
    long start = System.nanoTime();
    String[] ids =
        catalogItems.select(Columns.ITEM_ID).distinct().orderBy(Columns.ITEM_ID).collectAsList().stream()
            .map(r -> r.getString(0)).toArray(String[]::new);
    Map<String, Integer> position = positionsOf(ids);
    int n = ids.length;
    Column seconds = unix_timestamp(col(Columns.TS));
    Row newestRow = history.agg(max(seconds)).first();
    long newest = newestRow.isNullAt(0) ? 0L : newestRow.getLong(0);
    int[] users = new int[n];
    int[] trend = new int[n];
    double[] first = new double[n];
    double[] mean = new double[n];
    float[] value = new float[n];
    Arrays.fill(first, Double.NaN);
    Arrays.fill(mean, Double.NaN);
    Arrays.fill(value, Float.NaN);
    long trendFrom = newest - (long) (params.trendDays() * 86_400);
    for (Row r :
        history.groupBy(Columns.ITEM_ID)
            .agg(
                sum(when(seconds.geq(trendFrom), 1).otherwise(0)),
                min(seconds), avg(seconds), avg(col(Columns.VALUE)))
            .collectAsList()) {
      Integer p = position.get(r.getString(0));
      if (p == null) {
        continue;
      }
      trend[p] = (int) r.getLong(1);
      first[p] = r.getLong(2);
      mean[p] = r.getDouble(3);
      value[p] = r.isNullAt(4) ? Float.NaN : (float) r.getDouble(4);
    }
    // the distinct items of every user, as positions; one pass feeds co-occurrence and EASE
    List<int[]> userItems = new ArrayList<>();
    Iterator<Row> perUser =
        history.groupBy(Columns.USER_ID).agg(collect_set(col(Columns.ITEM_ID))).toLocalIterator();
    while (perUser.hasNext()) {
      List<String> items = perUser.next().getList(1);
      int[] p = items.stream().map(position::get).filter(x -> x != null).mapToInt(Integer::intValue).sorted().toArray();
      for (int i : p) {
        users[i]++;
      }
      userItems.add(p);
    }
    Integer[] byUsers = new Integer[n];
    Arrays.setAll(byUsers, i -> i);
    Arrays.sort(byUsers, (a, b) -> users[a] != users[b] ? Integer.compare(users[b], users[a]) : Integer.compare(a, b));
    int[] popularOrder = Arrays.stream(byUsers).mapToInt(Integer::intValue).toArray();

    long statsMillis = (System.nanoTime() - start) / 1_000_000;
    int[][] neighbours = new int[n][];
    float[][] similarities = new float[n][];
    cooccurrence(userItems, users, params.knnNeighbours(), neighbours, similarities);
    EaseModel ease = params.ease().enabled() ? EaseModel.fit(ids, userItems, popularOrder, users, params.ease()) : null;
    userItems = null;
    long linearMillis = (System.nanoTime() - start) / 1_000_000 - statsMillis;

    float[] alsItems = null;
    double[] alsGram = null;
    if (params.alsRank() > 0) {
      ImplicitAls.Factors factors =
          new ImplicitAls(params.alsRank(), params.alsIterations(), params.alsRegParam(), params.alsAlpha(), seed)
              .fit(history);
      int rank = params.alsRank();
      alsItems = new float[n * rank];
      for (Row r : factors.items().collectAsList()) {
        Integer p = position.get(r.getString(0));
        if (p != null) {
          List<Float> f = r.getList(1);
          for (int j = 0; j < rank; j++) {
            alsItems[p * rank + j] = f.get(j);
          }
        }
      }
      alsGram = new double[rank * rank];
      for (int i = 0; i < n; i++) {
        for (int a = 0; a < rank; a++) {
          double ya = alsItems[i * rank + a];
          if (ya != 0) {
            for (int b = 0; b < rank; b++) {
              alsGram[a * rank + b] += ya * alsItems[i * rank + b];
            }
          }
        }
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    LOG.info("candidate sources: {} items, {} with events, fitted in {} ms (statistics and pairs {}, co-occurrence and "
        + "EASE {}, ALS {} on {})", n, Arrays.stream(users).filter(u -> u > 0).count(), millis, statsMillis, linearMillis,
        millis - statsMillis - linearMillis, params.alsRank() > 0 ? blas() : "-");
    return new CandidateSources(ids, users, trend, first, mean, value, newest, neighbours, similarities, popularOrder,
        ease, alsItems, alsGram, params.alsRank(), params.alsRegParam(), params.alsAlpha());
  }

  /**
   * Cosine over co-occurrence, {@code co(i,j) / sqrt(users(i) users(j))}, keeping each item's
   * {@code k} most similar items (ties to the smaller id): per item, its users' items are counted
   * in one dense array, so the cost is the sum of squared history lengths, in ints.
   */
  static void cooccurrence(List<int[]> userItems, int[] users, int k, int[][] neighbours, float[][] similarities) {
    int n = users.length;
    // item -> the users holding it (CSR)
    int[] offsets = new int[n + 1];
    for (int[] items : userItems) {
      for (int i : items) {
        offsets[i + 1]++;
      }
    }
    for (int i = 0; i < n; i++) {
      offsets[i + 1] += offsets[i];
    }
    int[] holders = new int[offsets[n]];
    int[] fill = Arrays.copyOf(offsets, n);
    for (int u = 0; u < userItems.size(); u++) {
      for (int i : userItems.get(u)) {
        holders[fill[i]++] = u;
      }
    }
    int[] counts = new int[n];
    int[] touched = new int[n];
    TopKAccumulator top = new TopKAccumulator(k);
    for (int a = 0; a < n; a++) {
      int touchedCount = 0;
      for (int h = offsets[a]; h < offsets[a + 1]; h++) {
        for (int b : userItems.get(holders[h])) {
          if (b != a && counts[b]++ == 0) {
            touched[touchedCount++] = b;
          }
        }
      }
      top.clear();
      for (int t = 0; t < touchedCount; t++) {
        int b = touched[t];
        top.offer(b, (float) (counts[b] / Math.sqrt((double) users[a] * users[b])));
        counts[b] = 0;
      }
      neighbours[a] = top.sortedIndices();
      similarities[a] = top.sortedScores();
    }
  }

  /** Id to position in {@code ids}: the lookup every per-item array of the hybrid is read through. */
  static Map<String, Integer> positionsOf(String[] ids) {
    Map<String, Integer> out = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      out.put(ids[i], i);
    }
    return out;
  }

  /** Writes {@code sources.bin} under {@code dir}. */
  public void save(String dir, org.apache.hadoop.conf.Configuration hadoopConf) {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, "data/" + FILE);
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(
        new java.io.BufferedOutputStream(file.getFileSystem(hadoopConf).create(file, /* overwrite */ true)))) {
      out.writeObject(this);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot save candidate sources: " + dir, e);
    }
    dev.recs.core.model.ModelFiles.writeMetadata(dir, hadoopConf, CandidateSources.class, FORMAT_VERSION,
        java.util.Map.of("items", ids.length, "alsRank", alsItems == null ? 0 : alsRank,
            "easeItems", ease == null ? 0 : ease.size()));
  }

  /** Loads what {@link #save} wrote; refuses (exit 2) another class or format. */
  public static CandidateSources load(String dir, org.apache.hadoop.conf.Configuration hadoopConf) {
    dev.recs.core.model.ModelFiles.readMetadata(dir, hadoopConf, CandidateSources.class, FORMAT_VERSION,
        "candidate sources");
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, "data/" + FILE);
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
        new java.io.BufferedInputStream(file.getFileSystem(hadoopConf).open(file)))) {
      return (CandidateSources) in.readObject();
    } catch (java.io.IOException | ClassNotFoundException e) {
      throw new IllegalStateException("Cannot load candidate sources: " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The EASE model, or null when EASE is off. */
  public EaseModel ease() {
    return ease;
  }

  /** Ids of the items with at least one user in the training history, in id order. */
  public List<String> itemsWithEvents() {
    List<String> out = new ArrayList<>();
    for (int p = 0; p < ids.length; p++) {
      if (users[p] > 0) {
        out.add(ids[p]);
      }
    }
    return out;
  }

  /** Distinct users of the item in the training history; 0 for an unknown item. */
  public int usersOf(String id) {
    int p = position(id);
    return p < 0 ? 0 : users[p];
  }

  /**
   * Which BLAS MLlib's ALS runs on: a native one when the machine has one (e.g. Debian's
   * libopenblas0), else pure Java, same results and slower. (MLlib's own probe says so at WARN
   * on every run; log4j2.properties keeps that to errors, and this line says it once.)
   */
  private static String blas() {
    return dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getSimpleName();
  }

  /** The item's ALS factors (a copy), or null when ALS is off, the item unknown or never seen by ALS. */
  public float[] alsFactorsOf(String id) {
    int p = position(id);
    if (alsItems == null || p < 0 || users[p] == 0) {
      return null;
    }
    return Arrays.copyOfRange(alsItems, p * alsRank, (p + 1) * alsRank);
  }

  /**
   * A user's ALS factors given their items (positions) and event counts: the exact implicit-ALS
   * user step against the fitted item factors (MLlib's: {@code (Y'Y + sum c_i y_i y_i' + lambda
   * n I) x = sum (1 + c_i) y_i}, {@code c_i = alpha r_i}), so any history, including one the fit
   * never saw, gets factors without refitting. Null when ALS is off or no item is known.
   */
  float[] foldIn(int[] items, float[] counts) {
    if (alsItems == null || items.length == 0) {
      return null;
    }
    int k = alsRank;
    double[] a = alsGram.clone();
    double[] b = new double[k];
    int known = 0;
    for (int h = 0; h < items.length; h++) {
      double c1 = alsAlpha * counts[h];
      int row = items[h] * k;
      known++;
      for (int x = 0; x < k; x++) {
        double yx = alsItems[row + x];
        b[x] += (1 + c1) * yx;
        for (int y = 0; y < k; y++) {
          a[x * k + y] += c1 * yx * alsItems[row + y];
        }
      }
    }
    for (int x = 0; x < k; x++) {
      a[x * k + x] += alsRegParam * known;
    }
    double[] solution = Cholesky.solve(a, b, k);
    if (solution == null) {
      return null;
    }
    float[] out = new float[k];
    for (int x = 0; x < k; x++) {
      out[x] = (float) solution[x];
    }
    return out;
  }

  /** The ALS score of item {@code position} for user factors {@code user}. */
  float alsScore(float[] user, int position) {
    float dot = 0;
    int row = position * alsRank;
    for (int x = 0; x < alsRank; x++) {
      dot += user[x] * alsItems[row + x];
    }
    return dot;
  }
}

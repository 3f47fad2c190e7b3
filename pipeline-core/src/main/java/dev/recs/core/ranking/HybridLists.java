package dev.recs.core.ranking;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;

import dev.recs.core.config.RankerParams;
import dev.recs.core.config.ScoringParams;
import dev.recs.core.model.BatchingIterator;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.ProfileWeights;
import dev.recs.core.scoring.TopKPerUser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The hybrid's per-user pass, run in {@code mapPartitions} against the broadcast sources and
 * ranker: each user's candidates are built ({@link UserCandidates}), scored by the ranker in
 * batches of users, and cut to their list with the reserved slots ({@link ListSlots}); or, for
 * training, labelled. Its cost grows with users times candidates, not with Spark jobs.
 */
final class HybridLists {
  static final String HISTORY = "_history";
  static final String VALID = "_valid";
  static final String LABEL = "_label";
  static final String EVENTS = "_events";
  static final String FRACTION = "_fraction";
  static final String FEATURES = "_features";
  /** Users whose candidates are scored in one network call. */
  private static final int USERS_PER_BATCH = 64;
  /** How many times {@code negatives-per-user} a validation user keeps, for early stopping's NDCG. */
  static final int VALIDATION_NEGATIVES = 5;

  private HybridLists() {}

  /**
   * {@code (user_id, _history)} for every user of {@code users} ({@code user_id}): the user's
   * distinct items with profile weight, latest event and event count; null without history.
   */
  static Dataset<Row> histories(Dataset<Row> interactions, Dataset<Row> users, ScoringParams scoring) {
    Dataset<Row> grouped =
        new ProfileWeights(scoring).apply(interactions)
            .groupBy(Columns.USER_ID)
            .agg(collect_list(struct(col(Columns.ITEM_ID), col(ProfileWeights.WEIGHT), col(ProfileWeights.LAST),
                col(ProfileWeights.EVENTS))).as(HISTORY));
    return users.select(Columns.USER_ID).distinct().join(grouped, TopKPerUser.columns(Columns.USER_ID), "left");
  }

  static UserCandidates.History history(Row r) {
    List<Row> rows = r.isNullAt(1) ? List.of() : r.getList(1);
    int n = rows.size();
    String[] items = new String[n];
    float[] weights = new float[n];
    double[] last = new double[n];
    float[] events = new float[n];
    for (int i = 0; i < n; i++) {
      Row h = rows.get(i);
      items[i] = h.getString(0);
      weights[i] = (float) h.getDouble(1);
      last[i] = h.getTimestamp(2).getTime() / 1000.0;
      events[i] = h.getLong(3);
    }
    return new UserCandidates.History(items, weights, last, events);
  }

  /** Schema of {@link Rank}'s rows. */
  static StructType listSchema() {
    return new StructType()
        .add(Columns.USER_ID, DataTypes.StringType)
        .add(Columns.RANK, DataTypes.IntegerType)
        .add(Columns.ITEM_ID, DataTypes.StringType)
        .add(Columns.SCORE, DataTypes.FloatType)
        .add(Columns.SOURCE, DataTypes.StringType)
        .add(Columns.REASON_ITEM_ID, DataTypes.StringType)
        .add(HybridRanker.ITEM_USERS, DataTypes.IntegerType);
  }

  /**
   * {@code (user_id, _history)} in, each user's top {@code k} out: {@code (user_id, rank,
   * item_id, score, source, reason_item_id, item_users)}. Without a ranker, candidates are
   * ordered by the candidate stage's own heuristic (item-kNN score).
   */
  static final class Rank implements MapPartitionsFunction<Row, Row> {
    private final Broadcast<CandidateInputs> shared;
    private final Broadcast<RankerModel.Weights> ranker;
    private final RankerParams params;
    private final int k;

    Rank(Broadcast<CandidateInputs> shared, Broadcast<RankerModel.Weights> ranker, RankerParams params, int k) {
      this.shared = shared;
      this.ranker = ranker;
      this.params = params;
      this.k = k;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> users) {
      UserCandidates builder = new UserCandidates(shared.value(), params);
      RankerModel model = ranker == null ? null : RankerModel.restore(ranker.value());
      Fusion fusion = model == null ? null : model.fusion(Fusion.fixed(params.ease().scoreWeight()));
      ListSlots slots = new ListSlots(params, k);
      return new BatchingIterator<Row, Row>(users, USERS_PER_BATCH, batch -> {
        List<UserCandidates.History> histories = batch.stream().map(HybridLists::history).toList();
        List<List<Candidate>> perUser = builder.build(histories);
        List<float[]> features = new ArrayList<>();
        perUser.forEach(candidates -> candidates.forEach(c -> features.add(c.features)));
        float[] scores = model == null || features.isEmpty() ? null : model.score(features.toArray(float[][]::new));
        int at = 0;
        List<Row> out = new ArrayList<>();
        for (int u = 0; u < batch.size(); u++) {
          for (Candidate c : perUser.get(u)) {
            c.score = scores == null ? c.heuristic : fusion.score(scores[at++], c.features);
          }
          String user = batch.get(u).getString(0);
          int rank = 1;
          for (Candidate c : slots.select(perUser.get(u), builder.tailShare(histories.get(u)))) {
            out.add(RowFactory.create(user, rank++, c.item, c.score, c.source, c.reason, c.itemUsers));
          }
        }
        return out;
      });
    }
  }


  /** Schema of {@link Label}'s rows. */
  static StructType labelSchema() {
    return new StructType()
        .add(Columns.USER_ID, DataTypes.StringType)
        .add(FRACTION, DataTypes.IntegerType)
        .add(FEATURES, DataTypes.BinaryType)
        .add(LABEL, DataTypes.FloatType)
        .add(VALID, DataTypes.BooleanType);
  }

  /**
   * {@code (user_id, _events array<struct<item_id, seconds, weight>>, _valid)} in, labelled
   * candidates out, for every label fraction at once: per fraction, the user's events are split by
   * time as {@link TimeSplit} does ((ts, item_id) order, the latest share, at least one, later);
   * the candidates of the earlier part (profile weights decayed from its own latest event, as
   * {@code ProfileWeights}), against sources fitted without any fraction's later events, are
   * labelled by the later part's new items. Every positive and at most
   * {@code negatives-per-user} negatives (a fixed hash sample; {@link #VALIDATION_NEGATIVES}
   * times as many for a validation user) are kept, features packed as little-endian floats. One
   * pass for all fractions: the sample costs one Spark job, not one per fraction.
   */
  static final class Label implements MapPartitionsFunction<Row, Row> {
    private final Broadcast<CandidateInputs> shared;
    private final RankerParams params;
    private final double halfLifeDays;
    private final long seed;

    /** @param shared the sources fitted without the widest fraction's later events */
    Label(Broadcast<CandidateInputs> shared, RankerParams params, double halfLifeDays, long seed) {
      this.shared = shared;
      this.params = params;
      this.halfLifeDays = halfLifeDays;
      this.seed = seed;
    }

    /** One event: item, epoch seconds, type weight, the random share's key. */
    private record Event(String item, long seconds, double weight, Long numericId, long shareKey) {}

    /** (ts, item_id) order, numeric ids as numbers: {@link TimeSplit}'s. */
    private static final java.util.Comparator<Event> TIME = java.util.Comparator.comparingLong(Event::seconds)
        .thenComparing(Event::numericId, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
        .thenComparing(Event::item);

    @Override
    public Iterator<Row> call(Iterator<Row> users) {
      UserCandidates builder = new UserCandidates(shared.value(), params);
      return new BatchingIterator<Row, Row>(users, 1, batch -> {
        Row r = batch.get(0);
        List<Event> events = new ArrayList<>();
        for (Row e : r.<Row>getList(1)) {
          events.add(new Event(e.getString(0), e.getLong(1), e.getDouble(2), numeric(e.getString(0)), e.getLong(3)));
        }
        // next: the latest share is later; taste: a random share (by the key TimeSplit.randomShare orders by)
        events.sort(params.objective() == dev.recs.core.config.RankerObjective.TASTE
            ? java.util.Comparator.comparingLong(Event::shareKey).thenComparing(TIME) : TIME);
        List<Row> out = new ArrayList<>();
        List<Double> fractions = params.labelFractions();
        for (int f = 0; f < fractions.size(); f++) {
          int later = (int) Math.max(1, Math.floor(events.size() * fractions.get(f)));
          List<Event> earlier = new ArrayList<>(events.subList(0, events.size() - later));
          earlier.sort(TIME);
          Set<String> seen = new java.util.HashSet<>();
          earlier.forEach(e -> seen.add(e.item()));
          Set<String> positives = new java.util.HashSet<>();
          events.subList(events.size() - later, events.size()).forEach(e -> {
            if (!seen.contains(e.item())) {
              positives.add(e.item());
            }
          });
          if (earlier.isEmpty() || positives.isEmpty()) {
            continue;
          }
          label(r.getString(0), f, r.getBoolean(2), builder.build(profile(earlier)), positives, out);
        }
        return out;
      });
    }

    private void label(
        String user, int fraction, boolean valid, List<Candidate> candidates, Set<String> positives,
        List<Row> out) {
      List<Candidate> negatives = new ArrayList<>();
      for (Candidate c : candidates) {
        if (positives.contains(c.item)) {
          out.add(RowFactory.create(user, fraction, pack(c.features), 1f, valid));
        } else {
          negatives.add(c);
        }
      }
      negatives.sort(java.util.Comparator.comparingLong(c -> mix(c.item.hashCode() ^ seed)));
      // validation users keep more: early stopping ranks their lists
      int keep = Math.min((valid ? VALIDATION_NEGATIVES : 1) * params.negativesPerUser(), negatives.size());
      for (Candidate c : negatives.subList(0, keep)) {
        out.add(RowFactory.create(user, fraction, pack(c.features), 0f, valid));
      }
    }

    /** The history of {@code events}: per item the decayed weights' sum, latest event and count. */
    private UserCandidates.History profile(List<Event> events) {
      long now = events.get(events.size() - 1).seconds();
      java.util.Map<String, double[]> perItem = new java.util.LinkedHashMap<>();
      for (Event e : events) {
        double[] acc = perItem.computeIfAbsent(e.item(), x -> new double[3]);
        acc[0] += e.weight() * Math.pow(0.5, (now - e.seconds()) / 86_400.0 / halfLifeDays);
        acc[1] = Math.max(acc[1], e.seconds());
        acc[2]++;
      }
      int n = perItem.size();
      String[] items = new String[n];
      float[] weights = new float[n];
      double[] last = new double[n];
      float[] counts = new float[n];
      int i = 0;
      for (java.util.Map.Entry<String, double[]> e : perItem.entrySet()) {
        items[i] = e.getKey();
        weights[i] = (float) e.getValue()[0];
        last[i] = e.getValue()[1];
        counts[i++] = (float) e.getValue()[2];
      }
      return new UserCandidates.History(items, weights, last, counts);
    }

    private static Long numeric(String id) {
      try {
        return Long.parseLong(id);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /** A 64-bit finaliser (SplitMix64), so that the hash sample of negatives is spread evenly. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static byte[] pack(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  static float[] unpack(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.length / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getFloat();
    }
    return out;
  }
}

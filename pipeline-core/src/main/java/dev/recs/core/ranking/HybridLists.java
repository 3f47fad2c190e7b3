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
  static final String LABELS = "_labels";
  static final String VALID = "_valid";
  static final String LABEL = "_label";
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
    private final Broadcast<UserCandidates.Shared> shared;
    private final Broadcast<RankerModel.Weights> ranker;
    private final RankerParams params;
    private final int k;

    Rank(Broadcast<UserCandidates.Shared> shared, Broadcast<RankerModel.Weights> ranker, RankerParams params, int k) {
      this.shared = shared;
      this.ranker = ranker;
      this.params = params;
      this.k = k;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> users) {
      UserCandidates builder = new UserCandidates(shared.value(), params);
      RankerModel model = ranker == null ? null : RankerModel.restore(ranker.value());
      ListSlots slots = new ListSlots(params, k);
      return new BatchingIterator<Row, Row>(users, USERS_PER_BATCH, batch -> {
        List<List<UserCandidates.Candidate>> perUser = new ArrayList<>();
        List<float[]> features = new ArrayList<>();
        for (Row r : batch) {
          List<UserCandidates.Candidate> candidates = builder.build(history(r));
          perUser.add(candidates);
          candidates.forEach(c -> features.add(c.features));
        }
        float[] scores = model == null || features.isEmpty() ? null : model.score(features.toArray(float[][]::new));
        int at = 0;
        List<Row> out = new ArrayList<>();
        for (int u = 0; u < batch.size(); u++) {
          for (UserCandidates.Candidate c : perUser.get(u)) {
            c.score = scores == null ? c.heuristic : scores[at++];
          }
          String user = batch.get(u).getString(0);
          int rank = 1;
          for (UserCandidates.Candidate c : slots.select(perUser.get(u))) {
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
        .add(Columns.ITEM_ID, DataTypes.StringType)
        .add(FEATURES, DataTypes.BinaryType)
        .add(LABEL, DataTypes.FloatType)
        .add(VALID, DataTypes.BooleanType);
  }

  /**
   * {@code (user_id, _history, _labels, _valid)} in, labelled candidates out: every positive
   * (an item of {@code _labels}) and at most {@code negatives-per-user} negatives (a fixed hash
   * sample; {@link #VALIDATION_NEGATIVES} times as many for a validation user), features packed
   * as little-endian floats.
   */
  static final class Label implements MapPartitionsFunction<Row, Row> {
    private final Broadcast<UserCandidates.Shared> shared;
    private final RankerParams params;
    private final long seed;

    Label(Broadcast<UserCandidates.Shared> shared, RankerParams params, long seed) {
      this.shared = shared;
      this.params = params;
      this.seed = seed;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> users) {
      UserCandidates builder = new UserCandidates(shared.value(), params);
      return new BatchingIterator<Row, Row>(users, 1, batch -> {
        Row r = batch.get(0);
        Set<String> positives = new java.util.HashSet<>(r.<String>getList(2));
        List<UserCandidates.Candidate> candidates = builder.build(history(r));
        List<UserCandidates.Candidate> negatives = new ArrayList<>();
        List<Row> out = new ArrayList<>();
        for (UserCandidates.Candidate c : candidates) {
          if (positives.contains(c.item)) {
            out.add(RowFactory.create(r.getString(0), c.item, pack(c.features), 1f, r.getBoolean(3)));
          } else {
            negatives.add(c);
          }
        }
        negatives.sort(java.util.Comparator.comparingLong(c -> mix(c.item.hashCode() ^ seed)));
        // validation users keep more: early stopping ranks their lists
        int keep = Math.min((r.getBoolean(3) ? VALIDATION_NEGATIVES : 1) * params.negativesPerUser(), negatives.size());
        for (UserCandidates.Candidate c : negatives.subList(0, keep)) {
          out.add(RowFactory.create(r.getString(0), c.item, pack(c.features), 0f, r.getBoolean(3)));
        }
        return out;
      });
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

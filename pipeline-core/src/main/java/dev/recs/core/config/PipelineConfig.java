package dev.recs.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import dev.recs.core.api.PipelineException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole resolved configuration, one record per section. Built once at start-up from a
 * Typesafe {@link Config} whose {@code recs} block already layers flags over file over
 * {@code reference.conf}; each stage then receives only its own section.
 */
public record PipelineConfig(
    long seed,
    IngestParams ingest,
    FeatureParams features,
    EncoderParams encoder,
    CollaborativeParams collaborative,
    ScoringParams scoring,
    RankerParams ranker,
    DiversityParams diversity,
    EvalParams eval,
    PublishParams publish,
    TrainingParams training,
    GateParams gate) {

  /**
   * The defaults: {@code reference.conf}, the one place they are written (every {@code
   * *Params.defaults()} reads its section from here), for tests and tools.
   */
  public static PipelineConfig defaults() {
    return from(com.typesafe.config.ConfigFactory.defaultReference().resolve());
  }

  /** A copy with another encoder section (tests, tools). */
  public PipelineConfig withEncoder(EncoderParams e) {
    return Records.copy(this, Map.of("encoder", e));
  }

  /** A copy with another collaborative section. */
  public PipelineConfig withCollaborative(CollaborativeParams c) {
    return Records.copy(this, Map.of("collaborative", c));
  }

  /** A copy with another ranker section. */
  public PipelineConfig withRanker(RankerParams r) {
    return Records.copy(this, Map.of("ranker", r));
  }

  /** A copy with another diversity section. */
  public PipelineConfig withDiversity(DiversityParams d) {
    return Records.copy(this, Map.of("diversity", d));
  }

  /** A copy with another eval section. */
  public PipelineConfig withEval(EvalParams e) {
    return Records.copy(this, Map.of("eval", e));
  }

  /** A copy with another training section. */
  public PipelineConfig withTraining(TrainingParams t) {
    return Records.copy(this, Map.of("training", t));
  }

  /** A copy with another gate section. */
  public PipelineConfig withGate(GateParams g) {
    return Records.copy(this, Map.of("gate", g));
  }

  /** Converts the {@code recs} block; a missing or mistyped value fails naming its key. */
  public static PipelineConfig from(Config root) {
    try {
      Config c = root.getConfig("recs");
      long seed = c.getLong("seed");
      Config in = c.getConfig("ingest");
      IngestParams ingest =
          new IngestParams(
              strings(in.getConfig("catalog-columns")),
              strings(in.getConfig("interaction-columns")),
              in.getStringList("numeric"),
              in.getString("list-separator"),
              in.getInt("max-text-length"),
              in.getBoolean("truncate-long-text"),
              in.getDouble("future-tolerance-hours"),
              in.getDouble("reject-ceiling"),
              in.getInt("history-days"),
              in.getString("catalog-snapshot"));
      Config f = c.getConfig("features");
      FeatureParams features =
          new FeatureParams(
              f.getInt("vocab-size"), f.getInt("min-doc-freq"), f.getInt("max-categories"), f.getInt("numeric-buckets"));
      Config e = c.getConfig("encoder");
      EncoderParams encoder =
          new EncoderParams(
              e.getInt("embedding-dim"),
              e.getInt("hidden-dim"),
              e.getDouble("input-retain"),
              e.getDouble("learning-rate"),
              e.getDouble("l2"),
              e.getInt("batch-size"),
              e.getInt("max-epochs"),
              e.getInt("patience"),
              e.getDouble("validation-fraction"),
              e.getInt("max-train-items"),
              seed);
      Config cf = c.getConfig("collaborative");
      CollaborativeParams collaborative =
          new CollaborativeParams(
              cf.getBoolean("enabled"),
              cf.getInt("min-events"),
              cf.getDouble("blend-events"),
              cf.getDouble("ranker-blend-events"),
              cf.getInt("hidden-dim"),
              cf.getDouble("drop-out"),
              cf.getDouble("l2"),
              cf.getDouble("learning-rate"),
              cf.getInt("batch-size"),
              cf.getInt("max-epochs"),
              cf.getInt("patience"),
              cf.getDouble("validation-fraction"),
              cf.getInt("max-train-items"),
              cf.getDouble("content-weight"),
              seed);
      Config s = c.getConfig("scoring");
      Map<String, Double> weights = new LinkedHashMap<>();
      for (Map.Entry<String, ConfigValue> w : s.getConfig("event-weights").root().entrySet()) {
        weights.put(w.getKey(), s.getConfig("event-weights").getDouble(quote(w.getKey())));
      }
      ScoringParams scoring =
          new ScoringParams(
              s.getInt("top-k"),
              s.getInt("similar-k"),
              s.getInt("popular-n"),
              s.getDouble("profile-half-life-days"),
              s.getDouble("popular-half-life-days"),
              weights,
              s.getDouble("default-event-weight"),
              s.getBoolean("use-value"),
              s.getInt("query-block-size"),
              s.getInt("block-rows"),
              s.getInt("group-blocks"));
      Config r = c.getConfig("ranker");
      RankerParams ranker =
          new RankerParams(
              r.getInt("knn-neighbours"),
              r.getInt("knn-candidates"),
              r.getInt("recent-items"),
              r.getInt("content-candidates"),
              r.getInt("popular-candidates"),
              r.getInt("new-candidates"),
              r.getInt("new-item-max-events"),
              r.getDouble("trend-days"),
              r.getDoubleList("label-fractions"),
              r.getInt("negatives-per-user"),
              r.getInt("max-train-users"),
              r.getDouble("validation-fraction"),
              r.getInt("hidden"),
              r.getDouble("dropout-retain"),
              r.getDouble("learning-rate"),
              r.getDouble("l2"),
              r.getInt("max-epochs"),
              r.getInt("patience"),
              r.getInt("batch-size"),
              r.getInt("als-rank"),
              r.getInt("als-iterations"),
              r.getDouble("als-reg-param"),
              r.getDouble("als-alpha"),
              r.getInt("new-slots"),
              r.getInt("tail-slots"),
              r.getInt("tail-max-events"),
              r.getDouble("new-slot-tail-share"),
              r.getInt("ensemble"),
              r.getInt("validation-k"),
              new EaseParams(
                  r.getDouble("ease.lambda"),
                  r.getInt("ease.max-items"),
                  r.getInt("ease.candidates"),
                  r.getDouble("ease.recent-boost"),
                  r.getDouble("ease.recent-decay"),
                  r.getDouble("ease.score-weight")),
              new CoverageParams(
                  r.getBoolean("coverage.enabled"),
                  r.getDouble("coverage.target"),
                  r.getInt("coverage.at-k"),
                  r.getInt("coverage.pool"),
                  r.getInt("coverage.protect"),
                  r.getInt("coverage.max-swaps"),
                  r.getInt("coverage.new-slots"),
                  r.getInt("coverage.tail-slots")),
              RankerObjective.of(r.getString("objective")),
              r.getInt("fusion-users"),
              r.getStringList("drop-features"));
      Config d = c.getConfig("diversity");
      DiversityParams diversity =
          new DiversityParams(
              d.getBoolean("enabled"),
              d.getDouble("lambda"),
              d.getInt("category-cap"),
              d.getInt("candidates"),
              d.getDoubleList("sweep-lambdas"));
      Config ev = c.getConfig("eval");
      EvalParams eval =
          new EvalParams(
              ev.getBoolean("enabled"),
              ev.getDouble("test-fraction"),
              ev.getString("cutoff"),
              ev.getIntList("ks"),
              ev.getInt("knn-neighbours"),
              ev.getInt("als-rank"),
              ev.getInt("als-iterations"),
              ev.getDouble("als-reg-param"),
              ev.getDouble("als-alpha"),
              ev.getIntList("history-segments"),
              ev.getInt("max-test-users"),
              ev.getDouble("nightly-share"),
              ev.getStringList("models"),
              new ItemColdStartParams(
                  ev.getBoolean("item-cold-start.enabled"),
                  ev.getDouble("item-cold-start.share"),
                  ev.getInt("item-cold-start.min-events"),
                  ev.getInt("item-cold-start.neighbours")),
              ev.getStringList("protocols"),
              ev.getDouble("random-test-share"));
      PublishParams publish = new PublishParams(c.getBoolean("publish.keep-work"),
          new CatalogParams(c.getBoolean("publish.catalog.enabled"), c.getString("publish.catalog.database")),
          c.getInt("publish.lock-stale-minutes"));
      Config t = c.getConfig("training");
      TrainingParams training =
          new TrainingParams(
              t.getBoolean("warm-start"),
              t.getInt("full-retrain-days"),
              t.getInt("warm-encoder-epochs"),
              t.getInt("warm-ranker-epochs"));
      Config g = c.getConfig("gate");
      GateParams gate =
          new GateParams(
              g.getBoolean("enabled"),
              g.getDouble("max-ndcg-drop"),
              g.getDouble("max-coverage-drop"),
              g.getDouble("max-embedding-drift"));
      return new PipelineConfig(seed, ingest, features, encoder, collaborative, scoring, ranker, diversity, eval, publish, training, gate);
    } catch (ConfigException ex) {
      throw PipelineException.badConfig("read config", ex.getMessage());
    }
  }

  private static Map<String, String> strings(Config section) {
    Map<String, String> out = new LinkedHashMap<>();
    section.root().forEach((k, v) -> out.put(k, String.valueOf(v.unwrapped())));
    return out;
  }

  private static String quote(String key) {
    return "\"" + key + "\"";
  }
}

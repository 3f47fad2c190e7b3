package dev.recs.core.eval;

import dev.recs.core.config.EvalParams;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The hold-outs of {@code eval.protocols}, by name: {@link TemporalSplit} and {@link RandomSplit}. */
public final class Protocols {
  private Protocols() {}

  /** {@code interactions} split under {@code protocol}; lazy. */
  public static TemporalSplit.Split split(String protocol, EvalParams eval, long seed, Dataset<Row> interactions) {
    return switch (protocol) {
      case EvalParams.TEMPORAL -> new TemporalSplit(eval).apply(interactions);
      case EvalParams.RANDOM -> new RandomSplit(eval.randomTestShare(), seed + 17).apply(interactions);
      default -> throw new IllegalArgumentException("unknown protocol " + protocol);
    };
  }

  /**
   * Every model of {@code models} under each of {@code protocols}: the first of them that is
   * {@code own} (else the first) as the result, the others beside it ({@link
   * EvaluationResult#withProtocol}).
   */
  public static EvaluationResult evaluate(
      RankingEvaluation evaluation, List<String> protocols, String own, long seed, Dataset<Row> interactions,
      List<Recommender> models, long catalogSize, dev.recs.core.scoring.EmbeddingIndex embeddings,
      EvalParams eval) {
    List<String> order = new ArrayList<>(protocols);
    if (order.remove(own)) {
      order.add(0, own);
    }
    EvaluationResult result = null;
    for (String protocol : order) {
      EvaluationResult r =
          evaluation.evaluate(split(protocol, eval, seed, interactions), models, catalogSize, embeddings).under(protocol);
      result = result == null ? r : result.withProtocol(protocol, r);
    }
    return result;
  }
}

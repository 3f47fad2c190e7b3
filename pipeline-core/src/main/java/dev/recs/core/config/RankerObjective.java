package dev.recs.core.config;

/**
 * The question the ranker is trained to answer ({@code ranker.objective}), and with it the
 * hold-out the night measures itself on.
 */
public enum RankerObjective {
  /** "What will they do next?": labels are each history's latest share; a temporal hold-out. */
  NEXT(EvalParams.TEMPORAL),
  /** "What else would they like?": labels are a seeded random share of each history; a random hold-out. */
  TASTE(EvalParams.RANDOM);

  private final String protocol;

  RankerObjective(String protocol) {
    this.protocol = protocol;
  }

  /** The evaluation protocol that asks this objective's question. */
  public String protocol() {
    return protocol;
  }

  /** {@code next} or {@code taste}, as configured. */
  public static RankerObjective of(String name) {
    for (RankerObjective o : values()) {
      if (o.name().equalsIgnoreCase(name)) {
        return o;
      }
    }
    throw dev.recs.core.api.PipelineException.badConfig("use ranker.objective", "'" + name + "' is not next or taste");
  }
}

package dev.recs.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import dev.recs.core.api.PipelineException;
import dev.recs.core.config.PipelineConfig;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Layers configuration: command-line flags over {@code --config FILE} over {@code
 * reference.conf}. A key the reference does not know fails at start, naming the nearest valid
 * key, so a typo never silently falls back to a default.
 */
final class ConfigLoader {
  /** Sections whose keys are free-form (event types, column renames). */
  private static final Set<String> OPEN_SECTIONS =
      Set.of(
          "recs.scoring.event-weights",
          "recs.ingest.catalog-columns",
          "recs.ingest.interaction-columns");

  /** The resolved configuration and its record form. */
  record Loaded(Config config, PipelineConfig pipeline) {
    /** The resolved {@code recs} block as plain maps, for the manifest. */
    Map<String, Object> asMap() {
      return config.getConfig("recs").root().unwrapped();
    }
  }

  private ConfigLoader() {}

  /** Loads {@code file} (any path {@link ConfigSource} reads; null for none) under {@code seedFlag}. */
  static Loaded load(String file, Long seedFlag) {
    Config reference = ConfigFactory.defaultReference();
    Config user = ConfigFactory.empty();
    if (file != null) {
      String text = ConfigSource.read(file, ConfigSource.systemSparkProperties());
      try {
        user = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(file));
      } catch (ConfigException e) {
        throw PipelineException.badConfig("parse --config " + file, e.getMessage());
      }
      checkKeys(user, reference);
    }
    if (seedFlag != null) {
      user = ConfigFactory.parseMap(Map.of("recs.seed", seedFlag)).withFallback(user);
    }
    Config resolved = user.withFallback(reference).resolve();
    return new Loaded(resolved, PipelineConfig.from(resolved));
  }

  /** Fails on the first key of {@code user} absent from {@code reference}. */
  static void checkKeys(Config user, Config reference) {
    Set<String> known = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
      if (e.getKey().startsWith("recs.")) {
        known.add(e.getKey());
      }
    }
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (known.contains(key) || OPEN_SECTIONS.stream().anyMatch(s -> key.startsWith(s + "."))) {
        continue;
      }
      throw PipelineException.badConfig(
          "use config key " + key, "unknown key; did you mean " + nearest(key, known) + "?");
    }
  }

  private static String nearest(String key, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = levenshtein(key, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best;
  }

  static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

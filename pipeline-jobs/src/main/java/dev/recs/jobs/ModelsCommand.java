package dev.recs.jobs;

import dev.recs.core.model.ModelCard;
import dev.recs.core.model.ModelRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recs models}: the model registry of an output, newest first: each published version's
 * date, how it was trained (full, warm from its parent), its headline metrics and the parts
 * saved; version folders without {@code model.json} (runs that did not publish) at the end.
 * Reads files only; starts no Spark.
 */
@Command(mixinStandardHelpOptions = true, description = "List the models of an output: version, lineage, metrics.")
final class ModelsCommand implements Callable<Integer> {
  @Option(names = "--output", paramLabel = "DIR", description = "output root (default: ./output)")
  String output = "output";

  @Override
  public Integer call() {
    ModelRegistry registry = new ModelRegistry(output, new Configuration());
    List<ModelCard> cards = new java.util.ArrayList<>(registry.cards());
    java.util.Collections.reverse(cards);
    System.out.printf("%-19s %-10s %-8s %-19s %8s %9s %9s  %s%n",
        "version", "date", "training", "parent", "ndcg@10", "coverage", "train s", "parts");
    Set<String> published = new HashSet<>();
    for (ModelCard c : cards) {
      published.add(c.version());
      System.out.printf("%-19s %-10s %-8s %-19s %8s %9s %9s  %s%n",
          c.version(), c.date(), c.training(), c.parent() == null ? "-" : c.parent(),
          figure(c, "pipeline ndcg@10"), coverage(c), seconds(c), String.join(",", c.parts()));
      System.out.println("    " + c.reason());
    }
    for (String v : registry.versions()) {
      if (!published.contains(v)) {
        System.out.printf("%-19s (unpublished: no %s)%n", v, ModelRegistry.CARD);
      }
    }
    if (registry.versions().isEmpty()) {
      System.out.println("(no models under " + output + ")");
    }
    return 0;
  }

  private static String figure(ModelCard c, String key) {
    Double v = c.metrics() == null ? null : c.metrics().get(key);
    return v == null ? "-" : String.format("%.4f", v);
  }

  private static String coverage(ModelCard c) {
    if (c.metrics() == null) {
      return "-";
    }
    return c.metrics().entrySet().stream()
        .filter(e -> e.getKey().startsWith("published catalog_coverage"))
        .map(e -> String.format("%.4f", e.getValue()))
        .findFirst().orElse("-");
  }

  private static String seconds(ModelCard c) {
    Long ms = c.stageMillis() == null ? null : c.stageMillis().get("train");
    return ms == null ? "-" : String.format("%.1f", ms / 1000.0);
  }
}

package dev.recs.core.config;

/**
 * The item cold-start protocol of {@code recs evaluate} ({@code ItemColdStart}): every event and
 * tag of a seeded share of the items with at least {@code minEvents} users is hidden, the models
 * are trained on the rest, and the hidden items are judged.
 *
 * @param enabled whether {@code recs evaluate} runs it
 * @param share share of the eligible items hidden (a fixed hash sample)
 * @param minEvents distinct users an item needs to be eligible
 * @param neighbours the collaborative neighbours of an item in the full data that count as right
 */
public record ItemColdStartParams(boolean enabled, double share, int minEvents, int neighbours) {
  public ItemColdStartParams {
    Checks.inRange("eval.item-cold-start.share", share, 0.001, 0.9);
    Checks.positive("eval.item-cold-start.min-events", minEvents);
    Checks.positive("eval.item-cold-start.neighbours", neighbours);
  }

  public static ItemColdStartParams defaults() {
    return PipelineConfig.defaults().eval().itemColdStart();
  }
}

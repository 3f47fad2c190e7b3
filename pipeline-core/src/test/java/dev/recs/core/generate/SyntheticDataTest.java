package dev.recs.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticDataTest {
  private static <T> List<T> all(java.util.Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void sameSeedGivesTheSameCatalogAndEvents() {
    SyntheticData a = new SyntheticData(100, 50, 500, 7);
    SyntheticData b = new SyntheticData(100, 50, 500, 7);
    assertThat(all(a.catalog())).isEqualTo(all(b.catalog()));
    assertThat(all(a.events())).isEqualTo(all(b.events()));
    assertThat(all(new SyntheticData(100, 50, 500, 8).events())).isNotEqualTo(all(a.events()));
  }

  @Test
  void everyUserHasAnEventAndEventsStayInTheSpanOnKnownItems() {
    SyntheticData data = new SyntheticData(100, 50, 500, 7);
    List<SyntheticData.Event> events = all(data.events());
    Set<String> items = new HashSet<>();
    data.catalog().forEachRemaining(i -> items.add(i.itemId()));

    assertThat(events).hasSize(500);
    assertThat(events.stream().map(SyntheticData.Event::userId).distinct()).hasSize(50);
    assertThat(events).allSatisfy(e -> {
      assertThat(items).contains(e.itemId());
      assertThat(e.ts()).isBetween(
          SyntheticData.END.getEpochSecond() - SyntheticData.SPAN_DAYS * 86_400L,
          SyntheticData.END.getEpochSecond());
    });
  }

  @Test
  void usersMostlyInteractWithItemsOfOneOrTwoTopics() {
    SyntheticData data = new SyntheticData(400, 20, 4000, 7);
    java.util.Map<String, java.util.Map<Integer, Integer>> perUser = new java.util.HashMap<>();
    data.events().forEachRemaining(e -> perUser
        .computeIfAbsent(e.userId(), u -> new java.util.HashMap<>())
        .merge(data.topicOf(Integer.parseInt(e.itemId().substring(1))), 1, Integer::sum));

    double topTwoShare = perUser.values().stream().mapToDouble(counts -> {
      List<Integer> sorted = counts.values().stream().sorted(java.util.Comparator.reverseOrder()).toList();
      int total = sorted.stream().mapToInt(Integer::intValue).sum();
      return (sorted.get(0) + (sorted.size() > 1 ? sorted.get(1) : 0)) / (double) total;
    }).average().orElse(0);
    assertThat(topTwoShare).isGreaterThan(0.8);
  }
}

package dev.recs.core.generate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A synthetic catalog and event log with planted structure, for the bundled sample, tests and
 * benchmarks. Latent topics drive both sides: an item's title, description, tags and categories
 * are drawn mostly from its topic's vocabulary, and a user's events mostly from the items of
 * their one or two favourite topics. Item popularity and user activity follow power laws;
 * events spread over {@link #SPAN_DAYS} days ending at {@link #END}. A model that recovers the
 * topics from content alone can therefore recommend well, which is what the tests check.
 *
 * <p>Deterministic by seed, and streamed: millions of events need no memory beyond the items.
 */
public final class SyntheticData {
  /** The instant the generated event log ends at. */
  public static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
  /** Days of history before {@link #END}. */
  public static final int SPAN_DAYS = 56;

  static final int TOPICS = 16;
  private static final String[] CATEGORIES = {
    "Action", "Drama", "Comedy", "Sci-Fi", "Documentary", "Romance",
    "Thriller", "Horror", "Family", "Music", "Sports", "Travel"
  };
  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ra", "to", "ne", "su", "vi", "de", "po", "la", "ri", "zo", "ba", "ce",
    "fu", "ga", "hi", "jo", "ku", "me", "no", "pa", "qui", "se", "ta", "um", "ve", "wa", "xo"
  };
  private static final int TOPIC_WORDS = 30;
  private static final int COMMON_WORDS = 150;

  /** One catalog row. */
  public record Item(
      String itemId,
      String title,
      String description,
      List<String> categories,
      List<String> tags,
      long updatedAt,
      int year,
      double price) {}

  /** One interaction. */
  public record Event(String userId, String itemId, String eventType, long ts) {}

  private final int items;
  private final int users;
  private final long events;
  private final long seed;

  private final String[][] topicWords = new String[TOPICS][];
  private final String[][] topicTags = new String[TOPICS][];
  private final String[] commonWords;
  private final int[] itemTopic;
  /** Per topic: its items and the cumulative popularity over them. */
  private final int[][] topicItems = new int[TOPICS][];
  private final double[][] topicCumulative = new double[TOPICS][];

  public SyntheticData(int items, int users, long events, long seed) {
    if (items < TOPICS || users < 1 || events < 1) {
      throw new IllegalArgumentException(
          "Invalid sizes: need items >= " + TOPICS + ", users >= 1, events >= 1");
    }
    this.items = items;
    this.users = users;
    this.events = events;
    this.seed = seed;
    SplittableRandom rng = new SplittableRandom(seed);
    LinkedHashSet<String> vocabulary = new LinkedHashSet<>();
    while (vocabulary.size() < TOPICS * TOPIC_WORDS + COMMON_WORDS) {
      vocabulary.add(word(rng));
    }
    String[] words = vocabulary.toArray(String[]::new);
    for (int t = 0; t < TOPICS; t++) {
      topicWords[t] = Arrays.copyOfRange(words, t * TOPIC_WORDS, (t + 1) * TOPIC_WORDS);
      topicTags[t] = new String[] {"tag-" + topicWords[t][0], "tag-" + topicWords[t][1], "tag-" + topicWords[t][2]};
    }
    commonWords = Arrays.copyOfRange(words, TOPICS * TOPIC_WORDS, words.length);

    itemTopic = new int[items];
    double[] popularity = new double[items];
    int[] rank = permutation(items, rng);
    List<List<Integer>> members = new ArrayList<>();
    for (int t = 0; t < TOPICS; t++) {
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < items; i++) {
      itemTopic[i] = i < TOPICS ? i : rng.nextInt(TOPICS);
      popularity[i] = 1.0 / Math.pow(rank[i] + 1, 0.9);
      members.get(itemTopic[i]).add(i);
    }
    for (int t = 0; t < TOPICS; t++) {
      topicItems[t] = members.get(t).stream().mapToInt(Integer::intValue).toArray();
      topicCumulative[t] = cumulative(topicItems[t], popularity);
    }
  }

  public static String itemId(int i) {
    return String.format("i%06d", i);
  }

  public static String userId(int u) {
    return String.format("u%06d", u);
  }

  /** The latent topic an item was generated from (for tests of recovered structure). */
  public int topicOf(int item) {
    return itemTopic[item];
  }

  /** The catalog, one item per id, in id order. */
  public Iterator<Item> catalog() {
    SplittableRandom rng = new SplittableRandom(seed * 31 + 1);
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < items;
      }

      @Override
      public Item next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int i = next++;
        int t = itemTopic[i];
        int second = rng.nextDouble() < 0.3 ? rng.nextInt(TOPICS) : t;
        String title = capitalise(String.join(" ", pick(rng, t, second, 2 + rng.nextInt(2), 0.8)));
        String description = String.join(" ", pick(rng, t, second, 12 + rng.nextInt(14), 0.6));
        LinkedHashSet<String> categories = new LinkedHashSet<>();
        categories.add(CATEGORIES[t % CATEGORIES.length]);
        if (rng.nextDouble() < 0.5) {
          categories.add(CATEGORIES[(t * 5 + 3) % CATEGORIES.length]);
        }
        if (second != t && rng.nextDouble() < 0.5) {
          categories.add(CATEGORIES[second % CATEGORIES.length]);
        }
        List<String> tags = new ArrayList<>();
        for (String tag : topicTags[t]) {
          if (rng.nextDouble() < 0.5) {
            tags.add(tag);
          }
        }
        long updatedAt = END.getEpochSecond() - rng.nextLong(365L * 86_400);
        int year = 1960 + (t * 4) + rng.nextInt(25);
        double price = Math.round(Math.exp(1.5 + rng.nextDouble() * 2.5) * 100) / 100.0;
        return new Item(itemId(i), title, description, List.copyOf(categories), tags, updatedAt, year, price);
      }
    };
  }

  /** The event log: {@code events} rows, users by power-law activity, items by taste. */
  public Iterator<Event> events() {
    SplittableRandom rng = new SplittableRandom(seed * 31 + 2);
    int[] favourite = new int[users];
    int[] second = new int[users];
    double[] activity = new double[users];
    int[] rank = permutation(users, rng);
    for (int u = 0; u < users; u++) {
      favourite[u] = rng.nextInt(TOPICS);
      second[u] = rng.nextDouble() < 0.6 ? rng.nextInt(TOPICS) : favourite[u];
      activity[u] = 1.0 / Math.pow(rank[u] + 10, 0.8);
    }
    int[] all = new int[users];
    Arrays.setAll(all, u -> u);
    double[] userCumulative = cumulative(all, activity);
    long start = END.getEpochSecond() - SPAN_DAYS * 86_400L;
    return new Iterator<>() {
      private long next;

      @Override
      public boolean hasNext() {
        return next < events;
      }

      @Override
      public Event next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        // the first `users` events give every user at least one
        int u = next < users ? (int) next : sample(all, userCumulative, rng);
        next++;
        double r = rng.nextDouble();
        int topic = r < 0.65 ? favourite[u] : r < 0.9 ? second[u] : rng.nextInt(TOPICS);
        int item = sample(topicItems[topic], topicCumulative[topic], rng);
        double type = rng.nextDouble();
        String eventType = type < 0.75 ? "view" : type < 0.93 ? "click" : "purchase";
        long ts = start + rng.nextLong(SPAN_DAYS * 86_400L);
        return new Event(userId(u), itemId(item), eventType, ts);
      }
    };
  }

  private List<String> pick(SplittableRandom rng, int topic, int second, int n, double topical) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double r = rng.nextDouble();
      String[] from =
          r < topical ? topicWords[topic] : r < topical + 0.15 ? topicWords[second] : commonWords;
      out.add(from[rng.nextInt(from.length)]);
    }
    return out;
  }

  private static String word(SplittableRandom rng) {
    StringBuilder b = new StringBuilder();
    int n = 2 + rng.nextInt(2);
    for (int i = 0; i < n; i++) {
      b.append(SYLLABLES[rng.nextInt(SYLLABLES.length)]);
    }
    return b.toString();
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    Arrays.setAll(p, i -> i);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static double[] cumulative(int[] members, double[] weight) {
    double[] c = new double[members.length];
    double sum = 0;
    for (int i = 0; i < members.length; i++) {
      sum += weight[members[i]];
      c[i] = sum;
    }
    return c;
  }

  private static int sample(int[] members, double[] cumulative, SplittableRandom rng) {
    double x = rng.nextDouble() * cumulative[cumulative.length - 1];
    int i = Arrays.binarySearch(cumulative, x);
    return members[i >= 0 ? i : Math.min(-i - 1, members.length - 1)];
  }
}

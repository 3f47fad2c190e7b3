package dev.recs.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.IngestParams;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.spark.sql.Row;

/**
 * Random mixes of good and broken rows: every row is accounted for ({@code in = clean +
 * rejected + duplicate}) and every good row comes out clean, text intact.
 */
class IngestAccountingProperties {
  private static final LocalDate RUN_DATE = LocalDate.parse("2026-11-01");

  /** How a generated row is broken, if at all. */
  enum Kind {
    GOOD, BLANK_TITLE, MISSING_ID, BAD_TIMESTAMP, FUTURE, MALFORMED, NOT_UTF8, DUPLICATE
  }

  record Spec(Kind kind, String title) {}

  @Provide
  Arbitrary<List<Spec>> rows() {
    Arbitrary<String> titles =
        Arbitraries.strings()
            .withChars("abcxyzÄéß, \"|;\n")
            .ofMinLength(0)
            .ofMaxLength(12)
            .map(s -> "T" + s.strip() + "z");
    Arbitrary<Kind> kinds =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.GOOD)),
            net.jqwik.api.Tuple.of(1, Arbitraries.of(Kind.values())));
    return Combinators.combine(kinds, titles).as(Spec::new).list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 12)
  void everyCatalogRowIsAccountedForAndEveryGoodRowSurvives(@ForAll("rows") List<Spec> specs)
      throws IOException {
    Path dir = Files.createTempDirectory("catalog-prop");
    try {
      everyCatalogRowIsAccountedForAndEveryGoodRowSurvivesIn(specs, dir);
    } finally {
      org.apache.commons.io.FileUtils.deleteDirectory(dir.toFile());
    }
  }

  private void everyCatalogRowIsAccountedForAndEveryGoodRowSurvivesIn(List<Spec> specs, Path dir) throws IOException {
    Map<String, String> goodTitles = new HashMap<>();
    List<byte[]> lines = new ArrayList<>();
    lines.add(utf8("item_id,title,updated_at\n"));
    int expectRejected = 0;
    int expectDuplicate = 0;
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      String id = "i" + i;
      switch (s.kind()) {
        case GOOD, FUTURE -> {
          goodTitles.put(id, s.title());
          lines.add(utf8(csv(id, s.title(), "2000")));
        }
        case DUPLICATE -> {
          // an older copy of a good row: the good row must win
          goodTitles.put(id, s.title());
          lines.add(utf8(csv(id, s.title(), "2000")));
          lines.add(utf8(csv(id, "older copy", "1000")));
          expectDuplicate++;
        }
        case BLANK_TITLE -> {
          lines.add(utf8(csv(id, "   ", "")));
          expectRejected++;
        }
        case MISSING_ID -> {
          lines.add(utf8(csv("", s.title(), "")));
          expectRejected++;
        }
        case BAD_TIMESTAMP -> {
          lines.add(utf8(csv(id, s.title(), "someday")));
          expectRejected++;
        }
        case MALFORMED -> {
          lines.add(utf8(id + ",a,b,c,d\n"));
          expectRejected++;
        }
        case NOT_UTF8 -> {
          byte[] prefix = utf8(id + ",Caf");
          byte[] line = java.util.Arrays.copyOf(prefix, prefix.length + 3);
          line[prefix.length] = (byte) 0xE9; // Latin-1 'é': not UTF-8
          line[prefix.length + 1] = ',';
          line[prefix.length + 2] = '\n';
          lines.add(line);
          expectRejected++;
        }
      }
    }
    Path file = dir.resolve("catalog.csv");
    try (OutputStream out = Files.newOutputStream(file)) {
      for (byte[] line : lines) {
        out.write(line);
      }
    }
    InputSource source =
        InputSource.resolve("catalog", file.toString(), SharedSpark.session().sparkContext().hadoopConfiguration());
    IngestResult result =
        new CatalogIngest(IngestParams.defaults())
            .apply(new RawInputReader(SharedSpark.session()).read(source), source);

    IngestCounts counts = result.counts();
    assertThat(counts.balances()).isTrue();
    assertThat(counts.in()).isEqualTo(lines.size() - 1);
    assertThat(counts.rejected()).isEqualTo(expectRejected);
    assertThat(counts.duplicate()).isEqualTo(expectDuplicate);
    Map<String, String> clean = new HashMap<>();
    for (Row r : result.clean().collectAsList()) {
      clean.put(r.getString(0), r.getString(1));
    }
    assertThat(clean).isEqualTo(goodTitles);
  }

  @Property(tries = 12)
  void everyEventIsAccountedForAndEveryGoodEventSurvives(@ForAll("rows") List<Spec> specs)
      throws IOException {
    Path dir = Files.createTempDirectory("events-prop");
    try {
      everyEventIsAccountedForAndEveryGoodEventSurvivesIn(specs, dir);
    } finally {
      org.apache.commons.io.FileUtils.deleteDirectory(dir.toFile());
    }
  }

  private void everyEventIsAccountedForAndEveryGoodEventSurvivesIn(List<Spec> specs, Path dir) throws IOException {
    Path catalogFile = Files.writeString(dir.resolve("catalog.csv"), "item_id,title\na,A\nb,B\n");
    StringBuilder text = new StringBuilder("user_id,item_id,ts\n");
    int good = 0;
    int expectRejected = 0;
    int expectDuplicate = 0;
    int in = 0;
    for (int i = 0; i < specs.size(); i++) {
      String user = "u" + i;
      switch (specs.get(i).kind()) {
        case GOOD -> { text.append(csv(user, "a", "1700000000")); good++; in++; }
        case DUPLICATE -> { text.append(csv(user, "b", "1700000000")).append(csv(user, "b", "1700000000")); good++; expectDuplicate++; in += 2; }
        case BLANK_TITLE -> { text.append(csv(user, "nope", "1700000000")); expectRejected++; in++; }
        case MISSING_ID -> { text.append(csv("", "a", "1700000000")); expectRejected++; in++; }
        case BAD_TIMESTAMP -> { text.append(csv(user, "a", "1700000000x")); expectRejected++; in++; }
        case FUTURE -> { text.append(csv(user, "a", "2030-01-01T00:00:00Z")); expectRejected++; in++; }
        case MALFORMED, NOT_UTF8 -> { text.append(user).append(",a,1,2,3\n"); expectRejected++; in++; }
      }
    }
    Path file = Files.writeString(dir.resolve("events.csv"), text.toString());
    var conf = SharedSpark.session().sparkContext().hadoopConfiguration();
    InputSource catalogSource = InputSource.resolve("catalog", catalogFile.toString(), conf);
    InputSource source = InputSource.resolve("interactions", file.toString(), conf);
    RawInputReader reader = new RawInputReader(SharedSpark.session());
    IngestResult result =
        new InteractionIngest(IngestParams.defaults(), RUN_DATE)
            .apply(reader.read(source), source,
                new CatalogIngest(IngestParams.defaults()).apply(reader.read(catalogSource), catalogSource).clean());

    IngestCounts counts = result.counts();
    assertThat(counts).isEqualTo(new IngestCounts("interactions", in, good, expectRejected, expectDuplicate, 0));
  }

  /** How an event's user id is written, if it is garbage. */
  enum UserId { GOOD, BLANK, CONTROL, NOT_UTF8 }

  record Event(int user, UserId id, boolean knownItem) {}

  @Provide
  Arbitrary<List<Event>> events() {
    Arbitrary<UserId> ids = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.just(UserId.GOOD)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(UserId.values())));
    return Combinators.combine(Arbitraries.integers().between(0, 6), ids, Arbitraries.of(true, true, false))
        .as(Event::new).list().ofMinSize(1).ofMaxSize(30);
  }

  /**
   * The users that get lists are exactly the users of clean rows, and none of them is an id
   * that failed validation: blank, not UTF-8 (its replacement characters), control characters.
   * The same person may have good and garbled rows in one feed.
   */
  @Property(tries = 6)
  void onlyUsersOfCleanRowsGetListsAndNoGarbledIdIsOne(@ForAll("events") List<Event> events) throws IOException {
    Path dir = Files.createTempDirectory("ids-prop");
    try {
      Path catalogFile = Files.writeString(dir.resolve("catalog.csv"), "item_id,title\na,A\n");
      Path file = dir.resolve("events.csv");
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(utf8("user_id,item_id,ts\n"));
        for (int i = 0; i < events.size(); i++) {
          Event e = events.get(i);
          byte[] user = switch (e.id()) {
            case GOOD -> utf8("u" + e.user());
            case BLANK -> utf8("\"  \"");
            case CONTROL -> utf8("u" + e.user() + "\u0007");
            case NOT_UTF8 -> new byte[] {'u', (byte) ('0' + e.user()), (byte) 0xE9, '('};
          };
          out.write(user);
          out.write(utf8("," + (e.knownItem() ? "a" : "zzz") + "," + (1_700_000_000 + i) + "\n"));
        }
      }
      var conf = SharedSpark.session().sparkContext().hadoopConfiguration();
      InputSource catalogSource = InputSource.resolve("catalog", catalogFile.toString(), conf);
      InputSource source = InputSource.resolve("interactions", file.toString(), conf);
      RawInputReader reader = new RawInputReader(SharedSpark.session());
      IngestResult result = new InteractionIngest(IngestParams.defaults(), RUN_DATE).apply(reader.read(source), source,
          new CatalogIngest(IngestParams.defaults()).apply(reader.read(catalogSource), catalogSource).clean());

      java.util.Set<String> expected = new java.util.TreeSet<>();
      for (Event e : events) {
        if (e.id() == UserId.GOOD && e.knownItem()) {
          expected.add("u" + e.user());
        }
      }
      List<String> known = InteractionIngest.knownUsers(result).collectAsList().stream().map(r -> r.getString(0)).toList();
      List<String> clean = result.clean().select("user_id").distinct().collectAsList().stream().map(r -> r.getString(0)).toList();
      assertThat(known).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(clean).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(result.counts().balances()).isTrue();
    } finally {
      org.apache.commons.io.FileUtils.deleteDirectory(dir.toFile());
    }
  }

  private static String csv(String... fields) {
    List<String> out = new ArrayList<>();
    for (String f : fields) {
      boolean quote = f.contains(",") || f.contains("\"") || f.contains("\n") || f.isBlank() && !f.isEmpty();
      out.add(quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
    }
    return String.join(",", out) + "\n";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

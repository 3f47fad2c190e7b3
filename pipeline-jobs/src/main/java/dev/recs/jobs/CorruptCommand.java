package dev.recs.jobs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recs corrupt}: copies a generated {@code catalog.csv} and {@code interactions.csv} (as
 * {@code generate} writes them) and, after a {@code --fraction} of the rows, inserts a broken
 * variant of that row: blank title, missing id, bad or future timestamp, unknown item, extra
 * columns, non-UTF-8 bytes, or an exact/older duplicate. Every original row is kept, so a
 * pipeline that loses nothing publishes the same users and items as on the clean copy. For
 * drills and the bad-input tests; deterministic by seed.
 *
 * <p>{@code --scramble-events} instead models a silent upstream bug: every event stays valid,
 * but the item ids are shuffled among the events, so behaviour becomes noise. Ingest accepts it;
 * only the quality gate can stop it (the drill of issue 9).
 */
@Command(mixinStandardHelpOptions = true, description = "Copy a generated dataset with a fraction of broken rows added.")
final class CorruptCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "DIR", description = "folder with catalog.csv and interactions.csv")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "folder to write the corrupted copy into")
  Path output;

  @Option(names = "--fraction", description = "share of rows followed by a broken variant (default 0.01)")
  double fraction = 0.01;

  @Option(names = "--seed", description = "random seed (default 42)")
  long seed = 42;

  @Option(names = "--scramble-events", description = "shuffle item ids among the events instead of adding broken rows")
  boolean scramble;

  @Override
  public Integer call() throws IOException {
    Files.createDirectories(output);
    SplittableRandom rng = new SplittableRandom(seed);
    if (scramble) {
      Files.copy(input.resolve("catalog.csv"), output.resolve("catalog.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      int events = scramble(rng);
      System.out.printf("shuffled the item ids of %,d events in %s%n", events, output);
      return 0;
    }
    int catalog = copy("catalog.csv", rng, CorruptCommand::brokenCatalogRow);
    int events = copy("interactions.csv", rng, CorruptCommand::brokenEvent);
    System.out.printf("added %,d broken catalog rows and %,d broken events in %s%n", catalog, events, output);
    return 0;
  }

  /** Fields: user_id,item_id,event_type,ts; item ids permuted (Fisher-Yates), rest kept. */
  private int scramble(SplittableRandom rng) throws IOException {
    List<String> lines = Files.readAllLines(input.resolve("interactions.csv"), StandardCharsets.UTF_8);
    List<String[]> rows = new java.util.ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      rows.add(line.split(",", -1));
    }
    for (int i = rows.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      String item = rows.get(i)[1];
      rows.get(i)[1] = rows.get(j)[1];
      rows.get(j)[1] = item;
    }
    StringBuilder out = new StringBuilder(lines.get(0)).append('\n');
    rows.forEach(r -> out.append(String.join(",", r)).append('\n'));
    Files.writeString(output.resolve("interactions.csv"), out, StandardCharsets.UTF_8);
    return rows.size();
  }

  private interface Breaker {
    byte[] broken(String[] fields, int variant);
  }

  private int copy(String file, SplittableRandom rng, Breaker breaker) throws IOException {
    List<String> lines = Files.readAllLines(input.resolve(file), StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((lines.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
    int added = 0;
    for (String line : lines.subList(1, lines.size())) {
      out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
      if (rng.nextDouble() < fraction) {
        out.writeBytes(breaker.broken(line.split(",", -1), rng.nextInt(7)));
        added++;
      }
    }
    Files.write(output.resolve(file), out.toByteArray());
    return added;
  }

  /** Fields: item_id,title,description,categories,tags,updated_at,year,price. */
  static byte[] brokenCatalogRow(String[] f, int variant) {
    String[] g = f.clone();
    switch (variant) {
      case 0 -> g[1] = "\"   \"";                                 // blank_title
      case 1 -> g[0] = "";                                         // missing_required
      case 2 -> g[5] = "not-a-date";                               // bad_timestamp
      case 3 -> {                                                  // duplicate: older copy
        g[1] = "stale copy";
        g[5] = String.valueOf(Long.parseLong(f[5]) - 1000);
      }
      case 4 -> {                                                  // malformed: extra columns
        return utf8(String.join(",", g) + ",extra,columns\n");
      }
      case 5 -> {                                                  // invalid UTF-8
        return latin1(g[0] + ",Caf\u00e9 au lait,,,,,,\n");
      }
      default -> g[1] = "";                                        // missing_required (title)
    }
    return utf8(String.join(",", g) + "\n");
  }

  /** Fields: user_id,item_id,event_type,ts. */
  static byte[] brokenEvent(String[] f, int variant) {
    String[] g = f.clone();
    switch (variant) {
      case 0 -> g[1] = "ghost-" + f[1];                            // unknown_item
      case 1 -> g[3] = "yesterday";                                // bad_timestamp
      case 2 -> g[3] = "4102444800";                               // future_timestamp (2100)
      case 3 -> g[0] = "";                                         // missing_required
      case 4 -> {                                                  // malformed
        return utf8(String.join(",", g) + ",extra\n");
      }
      case 5 -> {                                                  // invalid UTF-8
        return latin1(g[0] + ",caf\u00e9," + g[2] + "," + g[3] + "\n");
      }
      default -> { }                                               // exact duplicate
    }
    return utf8(String.join(",", g) + "\n");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}

package dev.recs.jobs;

import dev.recs.core.generate.SyntheticData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recs generate}: writes {@code catalog.csv} and {@code interactions.csv} of a synthetic
 * dataset with planted topics (see {@link SyntheticData}) into {@code --output}. Same seed, same
 * bytes. The bundled sample is {@code generate --items 3000 --users 2000 --events 50000 --seed 7}.
 */
@Command(mixinStandardHelpOptions = true, description = "Write a synthetic catalog and event log (CSV).")
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--items", required = true, description = "catalog size")
  int items;

  @Option(names = "--users", required = true, description = "number of users")
  int users;

  @Option(names = "--events", required = true, description = "number of interactions")
  long events;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "folder to write into")
  Path output;

  @Option(names = "--seed", description = "random seed (default 42)")
  long seed = 42;

  @Override
  public Integer call() throws IOException {
    SyntheticData data = new SyntheticData(items, users, events, seed);
    Files.createDirectories(output);
    try (BufferedWriter out = Files.newBufferedWriter(output.resolve("catalog.csv"), StandardCharsets.UTF_8)) {
      out.write(CsvLines.line("item_id", "title", "description", "categories", "tags", "updated_at", "year", "price"));
      for (Iterator<SyntheticData.Item> it = data.catalog(); it.hasNext(); ) {
        SyntheticData.Item i = it.next();
        out.write(CsvLines.line(
            i.itemId(), i.title(), i.description(), String.join("|", i.categories()),
            String.join("|", i.tags()), i.updatedAt(), i.year(), i.price()));
      }
    }
    try (BufferedWriter out = Files.newBufferedWriter(output.resolve("interactions.csv"), StandardCharsets.UTF_8)) {
      out.write(CsvLines.line("user_id", "item_id", "event_type", "ts"));
      for (Iterator<SyntheticData.Event> it = data.events(); it.hasNext(); ) {
        SyntheticData.Event e = it.next();
        out.write(CsvLines.line(e.userId(), e.itemId(), e.eventType(), e.ts()));
      }
    }
    System.out.printf("generated %,d items, %,d users, %,d events in %s%n", items, users, events, output);
    return 0;
  }
}

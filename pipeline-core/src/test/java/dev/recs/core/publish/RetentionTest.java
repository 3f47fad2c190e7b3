package dev.recs.core.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
  @TempDir Path output;

  private void partitions(String folder, String... dates) throws Exception {
    for (String d : dates) {
      Files.createDirectories(output.resolve(folder).resolve("dt=" + d));
    }
  }

  private String[] left(String folder) throws Exception {
    try (Stream<Path> s = Files.list(output.resolve(folder))) {
      return s.map(p -> p.getFileName().toString().substring(3)).sorted().toArray(String[]::new);
    }
  }

  @Test
  void removesPartitionsRunsAndReportsOlderThanKeepDaysAndNothingNewer() throws Exception {
    partitions("user_recommendations", "2026-11-01", "2026-11-10", "2026-11-13", "2026-11-14", "2026-11-15");
    partitions("_runs", "2026-11-01", "2026-11-15");
    partitions("reports", "2026-11-01", "2026-11-15");

    new Retention(output.toString(), new Configuration()).apply(LocalDate.parse("2026-11-15"), 2);

    assertThat(left("user_recommendations")).containsExactly("2026-11-13", "2026-11-14", "2026-11-15");
    assertThat(left("_runs")).containsExactly("2026-11-15");
    assertThat(left("reports")).containsExactly("2026-11-15");
  }

  @Test
  void neverRemovesTheRunsOwnDateNorAFoldersLastPartition() throws Exception {
    // a backfill of an old date: today's partition is the oldest; another table has only old ones
    partitions("similar_items", "2026-10-01", "2026-11-15");
    partitions("popular_items", "2026-09-01", "2026-09-02");

    new Retention(output.toString(), new Configuration()).apply(LocalDate.parse("2026-10-01"), 1);

    assertThat(left("similar_items")).containsExactly("2026-10-01", "2026-11-15");
    assertThat(left("popular_items")).containsExactly("2026-09-02");
  }
}

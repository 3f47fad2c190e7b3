package dev.recs.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsCommandTest {
  @TempDir Path dir;

  private void manifest(String date, String extra) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("_runs").resolve("dt=" + date));
    Files.writeString(folder.resolve("manifest.json"), """
        {"date": "%s", "status": "published", "modelVersion": "20261101-abc",
         "startedAt": "2026-11-02T10:00:00Z", "finishedAt": "2026-11-02T10:01:05Z",
         "rows": [{"input": "interactions", "clean": 1000}],
         "tables": {"user_recommendations": 200}%s}
        """.formatted(date, extra));
  }

  @Test
  void refreshedPartitionNamesTheNightItStartedFrom() throws Exception {
    manifest("2026-11-01", ", \"refresh\": null");
    manifest("2026-11-02", ", \"refresh\": {\"baseDate\": \"2026-11-01\", \"newItems\": 5}");

    List<RunsCommand.RunLine> runs = RunsCommand.list(dir.toString(), new Configuration());

    assertThat(runs).extracting(RunsCommand.RunLine::status)
        .containsExactly("refreshed from 2026-11-01", "published");
    assertThat(runs.get(0).time()).isEqualTo("1m05s");
  }
}

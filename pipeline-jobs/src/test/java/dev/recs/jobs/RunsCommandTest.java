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

  private void outcome(String date, String runId, int exitCode, String reason, String finishedAt) {
    new dev.recs.core.publish.RunOutcomes(dir.toString(), new Configuration()).write(new dev.recs.core.publish.RunOutcome(
        runId, "nightly", date, exitCode == 0 ? "succeeded" : "failed", exitCode, reason,
        exitCode == 0 ? null : "Cannot read interactions: no such file (/raw/x)", "host-a", finishedAt, finishedAt, null));
  }

  @Test
  void aFailedRunIsListedWithItsExitCodeReasonAndMessage() throws Exception {
    manifest("2026-11-01", "");
    outcome("2026-11-01", "r1", 0, null, "2026-11-02T10:01:05Z");
    outcome("2026-11-02", "r2", 2, "BAD_INPUT", "2026-11-03T10:00:00Z");
    // a rerun of the published date that stopped on the quality gate
    outcome("2026-11-01", "r3", 3, "QUALITY_GATE", "2026-11-03T11:00:00Z");

    List<RunsCommand.RunLine> runs = RunsCommand.list(dir.toString(), new Configuration());

    assertThat(runs).extracting(RunsCommand.RunLine::date, RunsCommand.RunLine::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("2026-11-02", "failed: exit 2 BAD_INPUT"),
        org.assertj.core.groups.Tuple.tuple("2026-11-01", "published, rerun failed: exit 3 QUALITY_GATE"));
    assertThat(runs.get(0).message()).contains("no such file (/raw/x)");
  }

  @Test
  void aFailureBeforeTheDatesLastPublishIsNotItsStatus() throws Exception {
    outcome("2026-11-01", "r1", 1, "INTERNAL", "2026-11-02T09:00:00Z");
    manifest("2026-11-01", "");

    assertThat(RunsCommand.list(dir.toString(), new Configuration())).extracting(RunsCommand.RunLine::status)
        .containsExactly("published");
  }

  @Test
  void theRunIdQueryExitsWithTheRecordedCodeAndOneWhenNothingWasRecorded() throws Exception {
    outcome("2026-11-02", "night-7", 2, "BAD_INPUT", "2026-11-03T10:00:00Z");
    RunsCommand runs = new RunsCommand();
    runs.output = dir.toString();
    runs.runId = "night-7";
    assertThat(runs.call()).isEqualTo(2);
    runs.runId = "never-recorded";
    assertThat(runs.call()).isEqualTo(1);
  }
}

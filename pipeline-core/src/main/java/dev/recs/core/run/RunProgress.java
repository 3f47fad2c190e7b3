package dev.recs.core.run;

import dev.recs.core.ingest.IngestCounts;
import dev.recs.core.publish.DataWindow;
import dev.recs.core.publish.ModelLineage;
import dev.recs.core.model.EncoderTraining;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stages of one date have done so far, kept in the work area as {@code
 * progress.json} so that stages run one at a time ({@code recs ingest}, then {@code recs
 * train}, ...) still produce one complete manifest at publish.
 */
public record RunProgress(
    String runId,
    String startedAt,
    String modelVersion,
    Map<String, String> inputs,
    List<IngestCounts> counts,
    Map<String, Long> stageMillis,
    EncoderTraining encoder,
    DataWindow window,
    ModelLineage lineage) {

  public RunProgress {
    inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    counts = counts == null ? List.of() : List.copyOf(counts);
    stageMillis = stageMillis == null ? Map.of() : new LinkedHashMap<>(stageMillis);
  }

  RunProgress withStage(String stage, long millis) {
    Map<String, Long> times = new LinkedHashMap<>(stageMillis);
    times.put(stage, millis);
    return new RunProgress(runId, startedAt, modelVersion, inputs, counts, times, encoder, window, lineage);
  }

  RunProgress withEncoder(EncoderTraining training) {
    return new RunProgress(runId, startedAt, modelVersion, inputs, counts, stageMillis, training, window, lineage);
  }

  RunProgress withLineage(ModelLineage newLineage) {
    return new RunProgress(
        runId, startedAt, newLineage.version(), inputs, counts, stageMillis, encoder, window, newLineage);
  }
}

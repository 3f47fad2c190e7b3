package dev.recs.core.run;

import dev.recs.core.ingest.IngestCounts;
import dev.recs.core.model.DataWindow;
import dev.recs.core.model.ModelLineage;
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
    ModelLineage lineage,
    dev.recs.core.ranking.Fusion fusion) {

  public RunProgress {
    inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    counts = counts == null ? List.of() : List.copyOf(counts);
    stageMillis = stageMillis == null ? Map.of() : new LinkedHashMap<>(stageMillis);
  }

  RunProgress withStage(String stage, long millis) {
    Map<String, Long> times = new LinkedHashMap<>(stageMillis);
    times.put(stage, millis);
    return new RunProgress(runId, startedAt, modelVersion, inputs, counts, times, encoder, window, lineage, fusion);
  }

  RunProgress withEncoder(EncoderTraining training) {
    return new RunProgress(runId, startedAt, modelVersion, inputs, counts, stageMillis, training, window, lineage, fusion);
  }

  RunProgress withLineage(ModelLineage newLineage) {
    return new RunProgress(
        runId, startedAt, newLineage.version(), inputs, counts, stageMillis, encoder, window, newLineage, fusion);
  }

  /** With the fusion the night's ranker learned (null: none, e.g. a pinned model's). */
  RunProgress withFusion(dev.recs.core.ranking.Fusion learned) {
    return new RunProgress(runId, startedAt, modelVersion, inputs, counts, stageMillis, encoder, window, lineage, learned);
  }

  /**
   * The published manifest of a run with this progress; {@code modelVersion}, {@code encoder}
   * and {@code lineage} are the run's model (a refresh's are its base run's).
   */
  dev.recs.core.publish.RunManifest toManifest(
      String date, Map<String, Long> tables, String version, long seed, EncoderTraining encoderSummary,
      Map<String, Object> parameters, ModelLineage modelLineage, dev.recs.core.eval.QualityGate.Verdict gate,
      dev.recs.core.publish.RefreshInfo refresh) {
    return new dev.recs.core.publish.RunManifest(
        date, runId, "published", startedAt, java.time.Instant.now().toString(), inputs, counts, tables,
        version, seed, stageMillis, encoderSummary, parameters, window, modelLineage, gate, refresh, fusion);
  }
}

package dev.recs.core.publish;

import dev.recs.core.eval.QualityGate;
import dev.recs.core.model.EncoderTraining;
import dev.recs.core.model.ModelLineage;
import dev.recs.core.model.DataWindow;
import dev.recs.core.ingest.IngestCounts;
import java.util.List;
import java.util.Map;

/**
 * What {@code _runs/dt=<date>/manifest.json} records about one run.
 *
 * @param date the run's {@code dt}
 * @param runId unique per run, also part of staging folder names
 * @param status {@code published} once every table is in place
 * @param startedAt ISO-8601 instant
 * @param finishedAt ISO-8601 instant
 * @param inputs path and format per input name
 * @param rows in/clean/rejected/duplicate per input
 * @param tables rows published per table
 * @param modelVersion the model every table was produced with
 * @param seed the run's seed
 * @param stageMillis elapsed wall time per stage, in run order
 * @param encoder the encoder's training summary
 * @param parameters the resolved configuration
 * @param dataWindow the clean events the run saw: first and last timestamp, counts
 * @param model the model's version, its parent and how it was trained (full, warm, pinned)
 * @param gate the quality gate's verdict against the previous run (null when not checked)
 * @param refresh what an intraday refresh changed (null for a nightly run)
 * @param fusion how the night's ranker is fused with its candidate sources, learned on its
 *     validation users, with every option's figure and why it was chosen (null when no ranker
 *     was trained: a pinned model, a refresh)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record RunManifest(
    String date,
    String runId,
    String status,
    String startedAt,
    String finishedAt,
    Map<String, String> inputs,
    List<IngestCounts> rows,
    Map<String, Long> tables,
    String modelVersion,
    long seed,
    Map<String, Long> stageMillis,
    EncoderTraining encoder,
    Map<String, Object> parameters,
    DataWindow dataWindow,
    ModelLineage model,
    QualityGate.Verdict gate,
    RefreshInfo refresh,
    dev.recs.core.ranking.Fusion fusion) {
}

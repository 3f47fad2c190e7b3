package dev.recs.core.model;

import java.util.Map;

/**
 * {@code models/<version>/model.json}: what a published model is, where it came from and how
 * good it was, for the next night (its parent and warm start), for {@code recs models} and for
 * whoever has to decide which version to pin.
 *
 * @param version the folder name under {@code models/}
 * @param date the run date that trained it
 * @param runId the run that published it
 * @param createdAt ISO-8601 instant of publishing
 * @param parent the version it was fine-tuned from, null when trained from scratch
 * @param training full or warm
 * @param reason why that kind of training
 * @param fullTrainedOn date of the last full training in its lineage (its own date when full)
 * @param vocabularyHash the feature space it reads (see {@code ItemFeaturesModel#vocabularyHash})
 * @param dataWindow the clean events it was trained on
 * @param metrics this run's evaluation and own metrics, {@code model/metric@k} → value
 * @param stageMillis wall time of each stage of the run that trained it
 * @param parts the parts saved beside model.json ({@code features}, {@code encoder}, {@code ranker})
 * @param parameters the resolved configuration of that run
 */
public record ModelCard(
    String version,
    String date,
    String runId,
    String createdAt,
    String parent,
    ModelLineage.Training training,
    String reason,
    String fullTrainedOn,
    String vocabularyHash,
    DataWindow dataWindow,
    Map<String, Double> metrics,
    Map<String, Long> stageMillis,
    java.util.List<String> parts,
    Object parameters) {}

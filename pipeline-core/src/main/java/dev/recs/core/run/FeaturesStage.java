package dev.recs.core.run;

import static dev.recs.core.run.NightlyRun.CATALOG;
import static dev.recs.core.run.NightlyRun.ITEM_FEATURES;

import dev.recs.core.features.ItemFeaturesModel;
import dev.recs.core.features.ItemFeaturesTrainer;
import dev.recs.core.model.ModelCard;
import dev.recs.core.model.ModelRegistry;
import dev.recs.core.model.ModelLineage;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The features stage and the training policy: fits (or loads the pinned) item feature pipeline
 * and decides whether tonight trains from scratch or warm from the previous published model.
 */
final class FeaturesStage {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);

  private final Night night;

  FeaturesStage(Night night) {
    this.night = night;
  }

  /**
   * Fits the item feature pipeline (or loads the pinned version's), writes item feature
   * vectors, and decides how tonight's model is trained: warm from the previous published
   * model when the feature space is the same, else from scratch ({@link #chooseTraining}).
   */
  void run() {
    night.stage(
        "features",
        () -> {
          Dataset<Row> catalog = night.work().read(CATALOG);
          ItemFeaturesModel model;
          ModelLineage lineage;
          if (night.choice().pinnedVersion() != null) {
            ModelCard card = night.registry().require(night.choice().pinnedVersion());
            model = ItemFeaturesModel.load(night.registry().dir(card.version(), ModelRegistry.FEATURES));
            lineage =
                new ModelLineage(
                    card.version(), card.parent(), ModelLineage.PINNED, "pinned with --model-version",
                    card.vocabularyHash());
          } else {
            model =
                new ItemFeaturesTrainer(night.config().features(), night.config().ingest().numericColumns()).fit(catalog);
            lineage = chooseTraining(model.vocabularyHash());
            model.save(night.registry().dir(lineage.version(), ModelRegistry.FEATURES));
          }
          night.work().save(night.work().progress().withLineage(lineage));
          night.work().write(ITEM_FEATURES, model.transform(catalog));
          return night.work().read(ITEM_FEATURES).count() + " items; model " + lineage.version() + ": "
              + lineage.training() + " (" + lineage.reason() + ")";
        });
  }


  /** Full or warm (see {@code training} in reference.conf); the reason goes to the manifest. */
  private ModelLineage chooseTraining(String vocabularyHash) {
    ModelLineage full = new ModelLineage(night.modelVersion(), null, ModelLineage.FULL, null, vocabularyHash);
    if (!night.config().training().warmStart()) {
      return full.asFull("warm starts off (training.warm-start = false)");
    }
    if (night.choice().fullRetrain()) {
      return full.asFull("--full-retrain");
    }
    java.util.Optional<ModelCard> parent = night.registry().latestBefore(night.date());
    if (parent.isEmpty()) {
      return full.asFull("no published model before " + night.date());
    }
    ModelCard p = parent.get();
    if (!vocabularyHash.equals(p.vocabularyHash())) {
      return full.asFull(
          "feature space changed since " + p.version() + " (vocabulary " + p.vocabularyHash() + " -> "
              + vocabularyHash + ")");
    }
    long days = java.time.temporal.ChronoUnit.DAYS.between(LocalDate.parse(p.fullTrainedOn()), night.date());
    if (days >= night.config().training().fullRetrainDays()) {
      return full.asFull(
          "last full training " + days + " days ago (training.full-retrain-days = "
              + night.config().training().fullRetrainDays() + ")");
    }
    return new ModelLineage(
        night.modelVersion(), p.version(), ModelLineage.WARM,
        "fine-tuned from " + p.version() + " (last full training " + days + " days ago)", vocabularyHash);
  }

}

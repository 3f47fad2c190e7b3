package dev.recs.jobs;

import dev.recs.core.run.ModelChoice;
import dev.recs.core.api.PipelineException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** The flags every pipeline subcommand shares (see CONTRACT.md). */
final class RunOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "HOCON file overriding reference.conf: a local path, any Hadoop path (hdfs://, s3a://, file:) or a file shipped with spark-submit --files")
  String config;

  @Option(names = "--catalog", paramLabel = "PATH", description = "catalog file, folder or table:DB.NAME (the bundled sample only when no input and no --output is given)")
  String catalog;

  @Option(names = "--interactions", paramLabel = "PATH", description = "interactions file, folder or table:DB.NAME (the bundled sample only when no input and no --output is given)")
  String interactions;

  @Option(names = "--output", paramLabel = "DIR", description = "output root (default: ./output)")
  String output;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "partition date (default: today, UTC)")
  String date;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*])")
  String master;

  @Option(names = "--seed", paramLabel = "N", description = "overrides recs.seed")
  Long seed;

  @Option(names = "--keep-days", paramLabel = "N",
      description = "after publishing, remove partitions, runs and reports older than N days (never today's, never the last)")
  Integer keepDays;

  @Option(names = "--model-version", paramLabel = "VERSION",
      description = "use this published model (see `recs models`) instead of training tonight's")
  String modelVersion;

  @Option(names = "--full-retrain", description = "train from scratch even when yesterday's model could be fine-tuned")
  boolean fullRetrain;

  @Option(names = "--force", description = "publish even when the quality gate fails (the manifest records it)")
  boolean force;

  @Option(names = "--verbose", description = "print stack traces on failure")
  boolean verbose;

  ModelChoice modelChoice() {
    return new ModelChoice(modelVersion, fullRetrain, force);
  }

  void validate() {
    if (modelVersion != null && fullRetrain) {
      throw PipelineException.badConfig("parse flags", "--model-version and --full-retrain contradict each other");
    }
    if (keepDays != null && keepDays < 1) {
      throw PipelineException.badConfig("parse --keep-days", keepDays + " is not a positive number of days");
    }
  }

  LocalDate runDate() {
    if (date == null) {
      return LocalDate.now(ZoneOffset.UTC);
    }
    try {
      return LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw PipelineException.badConfig("parse --date", "'" + date + "' is not YYYY-MM-DD");
    }
  }

  /** Whether an input is a table of Spark's catalog ({@code table:DB.NAME}): the session needs the metastore. */
  boolean readsTables() {
    return dev.recs.core.ingest.InputSource.isTable(catalog) || dev.recs.core.ingest.InputSource.isTable(interactions);
  }

  /** {@code --output}, else {@code ./output}. */
  String output() {
    return output != null ? output : "output";
  }

  /**
   * Whether the run is on the bundled sample: only when it names no input and no output, so that
   * a run pointed at a real output with an input left out (a mistyped DAG) stops instead of
   * publishing the sample there.
   */
  boolean onSample() {
    return catalog == null && interactions == null && output == null;
  }

  /** {@code --config}, or the sample's config when the run is on the bundled sample. */
  String configFile() {
    if (config == null && onSample() && java.nio.file.Files.isRegularFile(Sample.config())) {
      return Sample.config().toString();
    }
    return config;
  }

  String catalogPath() {
    return inputPath("catalog", catalog, Sample.catalog());
  }

  String interactionsPath() {
    return inputPath("interactions", interactions, Sample.interactions());
  }

  private String inputPath(String name, String given, Path sample) {
    if (given != null) {
      return given;
    }
    if (onSample()) {
      return sample.toString();
    }
    throw PipelineException.badInput("read " + name,
        "no --" + name + " given; the bundled sample is used only when none of --catalog, --interactions and --output is",
        "--" + name);
  }
}

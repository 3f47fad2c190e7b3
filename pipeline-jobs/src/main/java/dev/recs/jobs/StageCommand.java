package dev.recs.jobs;

import dev.recs.core.eval.EvaluationReport;
import dev.recs.core.eval.EvaluationResult;
import dev.recs.core.publish.RunManifest;
import dev.recs.core.run.NightlyRun;
import dev.recs.core.run.RunInputs;
import dev.recs.core.run.RunLock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code recs nightly} and each stage alone ({@code recs ingest}, {@code recs train}, ...),
 * all with the same flags. Stages after ingest continue the date's run from its work area.
 * Every run holds the output's {@link RunLock}; {@code --keep-days} prunes old partitions after
 * a successful publish.
 */
@Command(mixinStandardHelpOptions = true, description = "Run the pipeline, or one stage of it, for one date.")
final class StageCommand implements Callable<Integer> {
  enum Stage {
    NIGHTLY("nightly"),
    INGEST("ingest"),
    FEATURES("features"),
    TRAIN("train"),
    SCORE("score"),
    EVALUATE("evaluate"),
    PUBLISH("publish");

    private final String command;

    Stage(String command) {
      this.command = command;
    }

    String command() {
      return command;
    }
  }

  private final Stage stage;

  @Mixin RunOptions options;

  StageCommand(Stage stage) {
    this.stage = stage;
  }

  @Override
  public Integer call() throws Exception {
    RunRecord record = RunRecord.start(stage.command(), options);
    return record.recording(() -> runStage(record));
  }

  private int runStage(RunRecord record) {
    ConfigLoader.Loaded config = ConfigLoader.load(options.configFile(), options.seed);
    LocalDate date = options.runDate();
    options.validate();
    // the stages that read the inputs name a missing one before anything is created
    RunInputs inputs = stage == Stage.NIGHTLY || stage == Stage.INGEST ? inputs() : null;
    OutputFolder.requireWritable(options.output());
    SparkSession spark = Sessions.create(
        options.master, "recs-" + stage.command(), options.output(),
        config.pipeline().publish().catalog().enabled() || options.readsTables());
    AfterPublish.checkCatalog(spark, config.pipeline().publish().catalog());
    try (RunLock lock = RunLock.acquire(options.output(), date.toString(), spark.sparkContext().hadoopConfiguration(),
        config.pipeline().publish().lockStale())) {
      NightlyRun run = new NightlyRun(spark, config.pipeline(), options.output(), date, config.asMap(), options.modelChoice());
      record.modelVersion(options.modelVersion != null ? options.modelVersion : run.modelVersion());
      run(run, inputs);
      if (stage == Stage.NIGHTLY || stage == Stage.PUBLISH) {
        AfterPublish.run(spark, options.output(), date, options.keepDays, config.pipeline().publish().catalog());
      }
    }
    return 0;
  }

  private RunInputs inputs() {
    return new RunInputs(options.catalogPath(), options.interactionsPath());
  }

  /** Runs the stage; {@code inputs} is given to the stages that read the inputs, else null. */
  private void run(NightlyRun run, RunInputs inputs) {
    switch (stage) {
      case NIGHTLY -> {
        report(run.nightly(inputs));
        print(run.lastEvaluation(), run);
      }
      case INGEST -> run.ingest(inputs).forEach(c -> System.out.println("ingest " + c));
      case FEATURES -> run.features();
      case TRAIN -> System.out.println("trained " + run.train());
      case SCORE -> run.score();
      case EVALUATE -> {
        if (!run.hasWork()) {
          // evaluate on its own after a published night: rebuild what it needs, publish only
          // the metrics and the report, keep the work area for a later `recs publish`
          for (NightlyRun.Stage before : List.of(
              NightlyRun.Stage.INGEST, NightlyRun.Stage.FEATURES, NightlyRun.Stage.TRAIN, NightlyRun.Stage.SCORE)) {
            run.run(before, inputs());
          }
        }
        EvaluationResult evaluation = run.compareModels();
        run.publishEvaluation();
        print(evaluation, run);
      }
      case PUBLISH -> report(run.publish());
    }
  }

  private static void print(EvaluationResult evaluation, NightlyRun run) {
    if (evaluation == null) {
      return;
    }
    printTable(evaluation);
    evaluation.otherProtocols().values().forEach(StageCommand::printTable);
    System.out.print(EvaluationReport.coldStartText(evaluation));
    System.out.println("report: " + run.reportPath());
  }

  private static void printTable(EvaluationResult evaluation) {
    System.out.printf("evaluation, %s: %,d test users, %,d train rows, %,d test pairs%n",
        EvaluationReport.protocolName(evaluation.protocol()), evaluation.testUsers(), evaluation.trainRows(),
        evaluation.testRows());
    System.out.print(EvaluationReport.textTable(evaluation, 10));
  }

  private void report(RunManifest manifest) {
    System.out.println(
        "published dt=" + manifest.date() + " to " + options.output() + " (model " + manifest.modelVersion() + ")");
    manifest.tables().forEach((table, rows) -> System.out.printf("  %-22s %,12d rows%n", table, rows));
    manifest.rows().forEach(c -> System.out.printf("  input %-16s %s%n", c.input(), c.describe()));
    System.out.println("  stages (ms): " + manifest.stageMillis());
    if (manifest.model() != null) {
      System.out.println("  model: " + manifest.model().training() + " (" + manifest.model().reason() + ")");
    }
    if (manifest.gate() != null && manifest.gate().forced()) {
      System.out.println("  quality gate FAILED, published with --force: " + String.join("; ",
          manifest.gate().failed().stream().map(dev.recs.core.eval.QualityGate.Check::describe).toList()));
    }
  }
}

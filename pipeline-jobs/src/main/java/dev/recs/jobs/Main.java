package dev.recs.jobs;

import dev.recs.core.api.PipelineException;
import java.io.PrintWriter;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code recs} command line: {@code nightly} runs the whole pipeline for one date; {@code
 * ingest | features | train | score | evaluate | publish} run one stage; {@code refresh} brings
 * the latest published run up to date with new items and events without retraining; {@code
 * generate} writes synthetic data; {@code convert-movielens} turns MovieLens files into the
 * contract's inputs; {@code show} prints published recommendations.
 *
 * <p>The only place that turns failures into exit codes: a {@link PipelineException} prints
 * its one-line message and exits with its reason's code (2 bad input or config, 3 quality gate,
 * 1 internal); anything else exits 1. Stack traces only with {@code --verbose}.
 */
@Command(
    name = "recs",
    mixinStandardHelpOptions = true,
    version = "recs 0.1.0",
    description = "Nightly recommendation pipeline on Spark and Deeplearning4j.")
public final class Main implements Runnable {

  public static void main(String[] args) {
    useOwnLogConfig();
    int code = run(args);
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
    System.exit(code);
  }

  /**
   * Switches to this jar's {@code log4j2.properties} (the run's date and model on every line,
   * Spark's chatter at WARN) where the logging started before the jar was on the classpath,
   * as under spark-submit, whose driver otherwise logs Spark's defaults at INFO; unless the
   * operator named a configuration of their own ({@code -Dlog4j2.configurationFile}).
   */
  private static void useOwnLogConfig() {
    java.net.URL own = Main.class.getResource("/log4j2.properties");
    if (own != null && System.getProperty("log4j2.configurationFile") == null) {
      try {
        org.apache.logging.log4j.core.config.Configurator.reconfigure(own.toURI());
      } catch (java.net.URISyntaxException | RuntimeException e) {
        System.err.println("recs: keeping the default logging (" + oneLine(e) + ")");
      }
    }
  }

  /** Parses {@code args}, runs the subcommand and returns its exit code; never exits. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    for (StageCommand.Stage stage : StageCommand.Stage.values()) {
      cli.addSubcommand(stage.command(), new StageCommand(stage));
    }
    cli.addSubcommand("refresh", new RefreshCommand());
    cli.addSubcommand("generate", new GenerateCommand());
    cli.addSubcommand("convert-movielens", new ConvertMovieLensCommand());
    cli.addSubcommand("show", new ShowCommand());
    cli.addSubcommand("sql", new SqlCommand());
    cli.addSubcommand("register", new RegisterCommand());
    cli.addSubcommand("runs", new RunsCommand());
    cli.addSubcommand("models", new ModelsCommand());
    cli.addSubcommand("corrupt", new CorruptCommand());
    boolean verbose = Arrays.asList(args).contains("--verbose");
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (verbose) {
            e.printStackTrace(err);
          }
          Failure failure = Failure.of(e, commandLine.getCommandName());
          err.println("recs: " + failure.message());
          err.flush();
          return failure.exitCode();
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /**
   * What a failure tells the caller: the exit code of its reason (2 bad input or config, 3
   * quality gate, 1 anything else), the reason's code and its one-line message.
   */
  record Failure(int exitCode, String reason, String message) {
    static Failure of(Throwable e, String command) {
      PipelineException pe = findPipelineException(e);
      if (pe != null) {
        return new Failure(pe.exitCode(), pe.reason().name(), pe.getMessage());
      }
      return new Failure(1, dev.recs.core.api.Reason.INTERNAL.name(), "Cannot run " + command + ": " + oneLine(e));
    }
  }

  private static PipelineException findPipelineException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PipelineException pe) {
        return pe;
      }
    }
    return null;
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}

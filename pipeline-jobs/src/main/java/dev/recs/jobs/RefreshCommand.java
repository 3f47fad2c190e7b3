package dev.recs.jobs;

import dev.recs.core.publish.RefreshInfo;
import dev.recs.core.publish.RunManifest;
import dev.recs.core.run.IntradayRefresh;
import dev.recs.core.run.RunInputs;
import dev.recs.core.run.RunLock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code recs refresh}: the intraday refresh ({@link IntradayRefresh}). Starts from the latest
 * published run at or before {@code --date} (today by default), embeds only the catalog items
 * it has no embedding for, re-scores only users with events newer than that run's newest, and
 * publishes every table's partition of {@code --date} atomically, without retraining. Same
 * flags as {@code nightly} ({@code --keep-days} included) and the same {@link RunLock}.
 */
@Command(
    mixinStandardHelpOptions = true,
    description = "Refresh the latest published run with new items and events, without retraining.")
final class RefreshCommand implements Callable<Integer> {
  @Mixin RunOptions options;

  @Override
  public Integer call() throws Exception {
    RunRecord record = RunRecord.start("refresh", options);
    return record.recording(() -> refresh(record));
  }

  private int refresh(RunRecord record) {
    ConfigLoader.Loaded config = ConfigLoader.load(options.configFile(), options.seed);
    LocalDate date = options.runDate();
    options.validate();
    RunInputs inputs = new RunInputs(options.catalogPath(), options.interactionsPath());
    OutputFolder.requireWritable(options.output());
    SparkSession spark = Sessions.create(
        options.master, "recs-refresh", options.output(),
        config.pipeline().publish().catalog().enabled() || options.readsTables());
    AfterPublish.checkCatalog(spark, config.pipeline().publish().catalog());
    try (RunLock lock = RunLock.acquire(options.output(), date.toString(), spark.sparkContext().hadoopConfiguration(),
        config.pipeline().publish().lockStale())) {
      RunManifest manifest =
          new IntradayRefresh(spark, config.pipeline(), options.output(), date, config.asMap())
              .refresh(inputs);
      record.modelVersion(manifest.modelVersion());
      report(manifest);
      AfterPublish.run(spark, options.output(), date, options.keepDays, config.pipeline().publish().catalog());
    }
    return 0;
  }

  private void report(RunManifest manifest) {
    RefreshInfo r = manifest.refresh();
    System.out.println(
        "refreshed dt=" + r.baseDate() + " into dt=" + manifest.date() + " at " + options.output()
            + " (model " + manifest.modelVersion() + ", no retraining)");
    System.out.printf(
        "  %,d new items embedded, %,d old similar_items lists updated, %,d users re-scored (events after %s)%n",
        r.newItems(), r.updatedSimilarItems(), r.rescoredUsers(), r.since());
    manifest.tables().forEach((table, rows) -> System.out.printf("  %-22s %,12d rows%n", table, rows));
    manifest.rows().forEach(c -> System.out.printf("  input %-16s %s%n", c.input(), c.describe()));
    System.out.println("  stages (ms): " + manifest.stageMillis());
  }
}

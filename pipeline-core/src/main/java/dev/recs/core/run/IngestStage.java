package dev.recs.core.run;

import static dev.recs.core.run.NightlyRun.CATALOG;
import static dev.recs.core.run.NightlyRun.INTERACTIONS;
import static dev.recs.core.run.NightlyRun.USERS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.recs.core.api.PipelineException;
import dev.recs.core.ingest.CatalogIngest;
import dev.recs.core.ingest.IngestCounts;
import dev.recs.core.ingest.IngestGate;
import dev.recs.core.ingest.IngestResult;
import dev.recs.core.ingest.InputSource;
import dev.recs.core.ingest.InteractionIngest;
import dev.recs.core.ingest.RawInputReader;
import dev.recs.core.model.DataWindow;
import dev.recs.core.model.ModelLineage;
import dev.recs.core.publish.PartitionPublisher;
import dev.recs.core.schema.Columns;
import dev.recs.core.schema.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ingest stage: reads, validates and deduplicates both inputs into the work area. */
final class IngestStage {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);

  private final Night night;

  IngestStage(Night night) {
    this.night = night;
  }

  /** The catalog input; with {@code ingest.catalog-snapshot = latest}, its newest date partition alone. */
  private InputSource catalogSource(String input) {
    InputSource all = InputSource.resolve(CATALOG, input, night.spark(), null);
    if (!night.config().ingest().latestCatalogSnapshot()) {
      return all;
    }
    LocalDate snapshot = all.newestSnapshot(night.date());
    if (snapshot == null) {
      throw PipelineException.badInput("read " + CATALOG, "ingest.catalog-snapshot = latest, but no dt= or date= partition"
          + " at or before " + night.date(), input);
    }
    return InputSource.resolve(CATALOG, input, night.spark(), snapshot, snapshot);
  }

  /** Reads, validates and deduplicates both inputs into the work area. */
  List<IngestCounts> run(RunInputs inputs) {
    long start = System.nanoTime();
    // a killed earlier run may have left a partition moved aside: put it back before anything
    new PartitionPublisher(night.spark(), night.output(), night.date(), "ingest").removeStaleStaging();
    InputSource catalogSource = catalogSource(inputs.catalog());
    // a history window: the event partitions of days before it are not read at all
    InputSource eventSource = InputSource.resolve(
        INTERACTIONS, inputs.interactions(), night.spark(), night.config().ingest().historyStart(night.date()));
    RawInputReader reader = new RawInputReader(night.spark());
    LOG.info("ingest reads {}: {}; {}: {}", CATALOG, catalogSource.describe(), INTERACTIONS, eventSource.describe());

    IngestGate gate = new IngestGate(night.config().ingest().rejectCeiling());

    IngestResult catalog =
        new CatalogIngest(night.config().ingest()).apply(reader.read(catalogSource), catalogSource);
    catalog.labelled().cache();
    IngestCounts catalogCounts = catalog.counts();
    gate.check(catalog, catalogCounts, catalogSource);
    night.work().write(CATALOG, catalog.clean());
    Dataset<Row> cleanCatalog = night.work().read(CATALOG);
    night.work().write(
        Table.ITEMS.tableName(),
        cleanCatalog.select(col(Columns.ITEM_ID), col(Columns.TITLE), col(Columns.CATEGORIES)));

    IngestResult events =
        new InteractionIngest(night.config().ingest(), night.date())
            .apply(reader.read(eventSource), eventSource, cleanCatalog);
    events.labelled().cache();
    IngestCounts eventCounts = events.counts();
    gate.check(events, eventCounts, eventSource);
    night.work().write(INTERACTIONS, events.clean());
    night.work().write(USERS, InteractionIngest.knownUsers(events));
    night.work().write(Table.REJECTS.tableName(), catalog.rejects().unionByName(events.rejects()));
    catalog.labelled().unpersist();
    events.labelled().unpersist();
    List<IngestCounts> counts = List.of(catalogCounts, eventCounts);
    for (IngestCounts c : counts) {
      LOG.info("ingest {}: {} ({} truncated)", c.input(), c.describe(), c.truncated());
    }
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put(CATALOG, catalogSource.describe());
    sources.put(INTERACTIONS, eventSource.describe());
    RunProgress progress =
        new RunProgress(
            UUID.randomUUID().toString().substring(0, 8),
            Instant.now().toString(),
            night.modelVersion(),
            sources,
            counts,
            Map.of(),
            null,
            dataWindow(night.work().read(INTERACTIONS), catalogCounts.clean()),
            new ModelLineage(night.modelVersion(), null, ModelLineage.FULL, "not decided yet", null),
            null);
    night.work().save(progress.withStage("ingest", Night.millisSince(start)));
    return counts;
  }


  private static DataWindow dataWindow(Dataset<Row> events, long items) {
    Row r =
        events.agg(
                org.apache.spark.sql.functions.min(col(Columns.TS)),
                org.apache.spark.sql.functions.max(col(Columns.TS)),
                org.apache.spark.sql.functions.count(lit(1)))
            .first();
    return new DataWindow(
        r.isNullAt(0) ? null : r.getTimestamp(0).toInstant().toString(),
        r.isNullAt(1) ? null : r.getTimestamp(1).toInstant().toString(),
        r.getLong(2),
        items);
  }

}

package dev.recs.core.ingest;

import static dev.recs.core.ingest.IngestFixtures.csv;
import static dev.recs.core.ingest.IngestFixtures.raw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.config.IngestParams;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteractionIngestTest {
  @TempDir Path dir;

  private final InteractionIngest ingest =
      new InteractionIngest(IngestParams.defaults(), java.time.LocalDate.parse("2026-11-01"));
  private Dataset<Row> catalog;

  @BeforeEach
  void catalog() throws Exception {
    InputSource source = csv(dir, "catalog", "item_id,title\na,Alpha\nb,Beta\n");
    catalog = new CatalogIngest(IngestParams.defaults()).apply(raw(source), source).clean();
  }

  @Test
  void rejectsEventOnUnknownItemWithReasonCode() throws Exception {
    InputSource source = csv(dir, "interactions", "user_id,item_id,ts\nu1,a,100\nu1,zzz,100\n");
    IngestResult result = ingest.apply(raw(source), source, catalog);

    List<Row> rejects = result.rejects().collectAsList();
    assertThat(rejects).hasSize(1);
    assertThat(rejects.get(0).getString(2)).isEqualTo("unknown_item");
    assertThat(rejects.get(0).getString(3)).isEqualTo("item_id: zzz");
  }

  @Test
  void rejectsMissingFieldsAndUnparseableValuesFirstRuleWins() throws Exception {
    InputSource source =
        csv(dir, "interactions",
            "user_id,item_id,event_type,value,ts\n"
                + ",a,view,,100\n"
                + "u1,a,view,,\n"
                + "u1,a,view,,not-a-time\n"
                + "u1,a,rating,five,100\n"
                + "u1,zzz,view,,soon\n");
    List<String> reasons =
        ingest.apply(raw(source), source, catalog).rejects().collectAsList().stream()
            .map(r -> r.getString(2))
            .sorted()
            .toList();
    assertThat(reasons)
        .containsExactly("bad_number", "bad_timestamp", "bad_timestamp", "missing_required", "missing_required");
  }

  @Test
  void keepsIdenticalEventsOnceAndCountsTheCopies() throws Exception {
    InputSource source =
        csv(dir, "interactions",
            "user_id,item_id,event_type,ts\n"
                + "u1,a,view,100\nu1,a,view,100\nu1,a,view,100\nu1,a,click,100\nu1,a,view,200\n");
    IngestResult result = ingest.apply(raw(source), source, catalog);

    assertThat(result.counts()).isEqualTo(new IngestCounts("interactions", 5, 3, 0, 2, 0));
  }

  @Test
  void parsesEpochSecondsAndIsoTimestampsAndDefaultsTheEventType() throws Exception {
    InputSource source =
        csv(dir, "interactions",
            "user_id,item_id,ts\nu1,a,86400\nu2,b,1970-01-02T00:00:00Z\n");
    List<Row> clean = ingest.apply(raw(source), source, catalog).clean().orderBy("user_id").collectAsList();

    assertThat(clean).extracting(r -> (Timestamp) r.getAs("ts"))
        .containsOnly(Timestamp.from(java.time.Instant.ofEpochSecond(86400)));
    assertThat(clean).extracting(r -> r.getString(2)).containsOnly("interaction");
  }

  @Test
  void aUserWhoseEveryEventWasRejectedIsNotKnown() throws Exception {
    InputSource source = csv(dir, "interactions", "user_id,item_id,ts\nu1,a,100\nu2,zzz,100\n");
    IngestResult result = ingest.apply(raw(source), source, catalog);

    assertThat(InteractionIngest.knownUsers(result).collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("u1");
  }

  @Test
  void withAHistoryWindowEventsBeforeItsFirstDayAreOlderNeitherUsedNorRejected() throws Exception {
    // run date 2026-11-01, three days: 2026-10-30T00:00Z onwards is kept
    InteractionIngest window = new InteractionIngest(IngestParams.defaults().withHistoryDays(3),
        java.time.LocalDate.parse("2026-11-01"), java.time.Instant.parse("2026-11-10T00:00:00Z"));
    InputSource source = csv(dir, "interactions", "user_id,item_id,ts\n"
        + "u1,a,2026-10-29T23:59:59Z\nu1,b,2026-10-30T00:00:00Z\nu2,a,2026-10-01T00:00:00Z\nu3,a,2026-11-05T00:00:00Z\n"
        + "u3,zzz,2026-10-01T00:00:00Z\n");
    IngestResult result = window.apply(raw(source), source, catalog);

    assertThat(result.counts()).isEqualTo(new IngestCounts("interactions", 5, 1, 1, 0, 0, 1, 2));
    assertThat(result.counts().balances()).isTrue();
    assertThat(result.counts().describe()).endsWith(" + 1 later (after the run date) + 2 older (before the history window)");
    // a user known only from events before the window gets no list, as on a feed cut to it
    assertThat(InteractionIngest.knownUsers(result).collectAsList()).extracting(r -> r.getString(0)).containsExactly("u1");
  }

  @Test
  void eventsAfterTheRunDateAreLaterNotRejectedAndOnlyAClockBeyondTheToleranceIsFuture() throws Exception {
    // run date 2026-11-01, wall clock 2026-11-10: 2026-11-05 is tomorrow's data, 2026-11-20 a broken clock
    InteractionIngest asOf = new InteractionIngest(IngestParams.defaults(), java.time.LocalDate.parse("2026-11-01"),
        java.time.Instant.parse("2026-11-10T00:00:00Z"));
    InputSource source = csv(dir, "interactions", "user_id,item_id,ts\n"
        + "u1,a,2026-11-01T23:59:59Z\nu1,b,2026-11-02T00:00:00Z\nu2,a,2026-11-05T00:00:00Z\nu3,a,2026-11-20T00:00:00Z\n");
    IngestResult result = asOf.apply(raw(source), source, catalog);
    assertThat(result.counts()).isEqualTo(new IngestCounts("interactions", 4, 1, 1, 0, 0, 2, 0));
    assertThat(result.counts().balances()).isTrue();
    assertThat(result.counts().rejectedFraction()).isEqualTo(0.5);
    assertThat(result.rejects().collectAsList()).singleElement()
        .satisfies(r -> assertThat(r.getString(2)).isEqualTo("future_timestamp"));
    assertThat(InteractionIngest.knownUsers(result).collectAsList()).extracting(r -> r.getString(0))
        .containsExactly("u1");
  }

  @Test
  void idsWithControlCharactersAreRejectedAndUsersKnownOnlyFromRejectedRowsGetNoList() throws Exception {
    InputSource source = csv(dir, "interactions", "user_id,item_id,ts\n"
        + "u1,a,100\nu\u0007x,a,100\nu4,zzz,100\nu5,a\u0001,100\n");
    IngestResult result = ingest.apply(raw(source), source, catalog);
    assertThat(result.rejects().collectAsList()).extracting(r -> r.getString(2))
        .containsExactlyInAnyOrder("bad_id", "unknown_item", "bad_id");
    assertThat(InteractionIngest.knownUsers(result).collectAsList()).extracting(r -> r.getString(0))
        .containsExactly("u1");
  }
}

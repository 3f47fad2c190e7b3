package dev.recs.core.ingest;

import static dev.recs.core.ingest.IngestFixtures.csv;
import static dev.recs.core.ingest.IngestFixtures.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recs.core.api.PipelineException;
import dev.recs.core.api.Reason;
import dev.recs.core.config.IngestParams;
import dev.recs.core.schema.Table;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogIngestTest {
  @TempDir Path dir;

  private final CatalogIngest ingest =
      new CatalogIngest(IngestParams.defaults().withNumericColumns(List.of("year")));

  @Test
  void rejectsEachBadRowWithItsReasonCodeAndKeepsTheRecordText() throws Exception {
    InputSource source =
        csv(dir, "catalog",
            "item_id,title,description,categories,updated_at,year\n"
                + "a,Alpha,first,Drama|Comedy,2026-01-01T00:00:00Z,1999\n"
                + ",No id,x,,,\n"
                + "b,   ,blank title,,,\n"
                + "c,Gamma,x,,yesterday,\n"
                + "d,Delta,x,,1700000000,nineteen\n");
    IngestResult result = ingest.apply(raw(source), source);

    Map<String, String> reasons =
        result.rejects().collectAsList().stream()
            .collect(java.util.stream.Collectors.toMap(r -> r.getString(3), r -> r.getString(2)));
    assertThat(reasons)
        .containsEntry("item_id", "missing_required")
        .containsEntry("title", "blank_title")
        .containsEntry("updated_at: yesterday", "bad_timestamp")
        .containsEntry("year: nineteen", "bad_number");
    assertThat(result.rejects().collectAsList())
        .allSatisfy(r -> assertThat(r.getString(0)).isEqualTo("catalog"))
        .anySatisfy(r -> assertThat(r.getString(1)).contains("\"nineteen\""));
    assertThat(result.counts()).isEqualTo(new IngestCounts("catalog", 5, 1, 4, 0, 0));
  }

  @Test
  void keepsTheNewestUpdatedAtOfDuplicateItemsAndCountsTheRest() throws Exception {
    InputSource source =
        csv(dir, "catalog",
            "item_id,title,updated_at\n"
                + "a,Old,1000\n"
                + "a,Newest,3000\n"
                + "a,Middle,2000\n"
                + "b,First,\n"
                + "b,Last,\n");
    IngestResult result = ingest.apply(raw(source), source);

    List<Row> clean = result.clean().orderBy("item_id").collectAsList();
    assertThat(clean).extracting(r -> r.getString(1)).containsExactly("Newest", "Last");
    assertThat(result.counts()).isEqualTo(new IngestCounts("catalog", 5, 2, 0, 3, 0));
  }

  @Test
  void cleanRowsHaveTheCatalogSchemaThenNumericColumnsWithListsSplit() throws Exception {
    InputSource source =
        csv(dir, "catalog",
            "item_id,title,categories,tags,year\n" + "a,Alpha,Drama| Comedy,x|,1999\n");
    IngestResult result = ingest.apply(raw(source), source);

    Row row = result.clean().first();
    assertThat(result.clean().columns())
        .startsWith(Table.CATALOG.sparkSchema().fieldNames())
        .endsWith("year");
    assertThat(row.<String>getList(3)).containsExactly("Drama", "Comedy");
    assertThat(row.<String>getList(4)).containsExactly("x");
    assertThat(row.getDouble(6)).isEqualTo(1999.0);
  }

  @Test
  void readsRenamedColumnsThroughConfiguredMapping() throws Exception {
    InputSource source = csv(dir, "catalog", "movieId,name\n7,Seven\n");
    CatalogIngest renamed =
        new CatalogIngest(
            IngestParams.defaults().withColumns(Map.of("item_id", "movieId", "title", "name"), Map.of()));

    Row row = renamed.apply(raw(source), source).clean().first();

    assertThat(row.getString(0)).isEqualTo("7");
    assertThat(row.getString(1)).isEqualTo("Seven");
  }

  @Test
  void failsNamingTheAbsentRequiredColumnAndTheColumnsFound() throws Exception {
    InputSource source = csv(dir, "catalog", "item_id,name\na,Alpha\n");

    assertThatThrownBy(() -> ingest.apply(raw(source), source))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith("Cannot read catalog: required column title absent; found [item_id, name]")
        .satisfies(e -> assertThat(((PipelineException) e).reason()).isEqualTo(Reason.BAD_INPUT));
  }
}

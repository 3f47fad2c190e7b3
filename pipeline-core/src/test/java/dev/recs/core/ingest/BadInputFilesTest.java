package dev.recs.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recs.core.SharedSpark;
import dev.recs.core.api.PipelineException;
import dev.recs.core.api.Reason;
import dev.recs.core.config.IngestParams;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hand-written files in {@code src/test/resources/bad-inputs/}: each produces its expected
 * accounting and reject reasons, or its one-line error.
 */
class BadInputFilesTest {
  static final Path DIR = Path.of("src/test/resources/bad-inputs");
  private static final LocalDate RUN_DATE = LocalDate.parse("2026-11-01");
  private static final IngestParams PARAMS = IngestParams.defaults().withNumericColumns(List.of("year"));

  static InputSource source(String name, String file) {
    return InputSource.resolve(name, DIR.resolve(file).toString(), SharedSpark.session().sparkContext().hadoopConfiguration());
  }

  static IngestResult catalog(String file, IngestParams params) {
    InputSource s = source("catalog", file);
    return new CatalogIngest(params).apply(new RawInputReader(SharedSpark.session()).read(s), s);
  }

  static IngestResult interactions(String file) {
    InputSource s = source("interactions", file);
    return new InteractionIngest(PARAMS, RUN_DATE)
        .apply(new RawInputReader(SharedSpark.session()).read(s), s, catalog("catalog-good.csv", PARAMS).clean());
  }

  private static String reasons(IngestResult result) {
    return String.join(";", result.rejects().collectAsList().stream().map(r -> r.getString(2)).sorted().toList());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // file                | in | clean | rejected | duplicate | reasons, sorted
        "catalog-good.csv      |  3 |   3   |    0     |     0     | ''",
        "catalog-reasons.csv   |  8 |   2   |    6     |     0     | bad_number;bad_timestamp;blank_title;malformed_record;missing_required;missing_required",
        "catalog-latin1.csv    |  2 |   1   |    1     |     0     | malformed_record",
        "catalog-quoted.csv    |  3 |   3   |    0     |     0     | ''",
        "catalog-dupes.csv     |  4 |   2   |    0     |     2     | ''",
      })
  void catalogFileProducesItsExpectedCounts(
      String file, long in, long clean, long rejected, long duplicate, String expectedReasons) {
    IngestResult result = catalog(file, PARAMS);
    assertThat(result.counts()).isEqualTo(new IngestCounts("catalog", in, clean, rejected, duplicate, 0));
    assertThat(reasons(result)).isEqualTo(expectedReasons);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // file                   | in | clean | rejected | duplicate | reasons, sorted
        "interactions-reasons.csv | 11 |   2   |    8     |     1     | bad_number;bad_timestamp;future_timestamp;malformed_record;missing_required;missing_required;missing_required;unknown_item",
        "interactions.jsonl       |  4 |   3   |    1     |     0     | malformed_record",
      })
  void interactionFileProducesItsExpectedCounts(
      String file, long in, long clean, long rejected, long duplicate, String expectedReasons) {
    IngestResult result = interactions(file);
    assertThat(result.counts()).isEqualTo(new IngestCounts("interactions", in, clean, rejected, duplicate, 0));
    assertThat(reasons(result)).isEqualTo(expectedReasons);
  }

  @Test
  void quotedCommasQuotesNewlinesBomAndCrlfSurviveIntact() {
    List<Row> rows = catalog("catalog-quoted.csv", PARAMS).clean().orderBy("item_id").collectAsList();

    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("q1", "q2", "q3");
    assertThat(rows.get(0).getString(1)).isEqualTo("Hello, world");
    assertThat(rows.get(0).getString(2)).isEqualTo("She said \"hi\"");
    assertThat(rows.get(0).<String>getList(3)).containsExactly("Drama", "Comedy");
    assertThat(rows.get(1).getString(1)).contains("Two").contains("lines");
    assertThat(rows.get(1).getString(2)).isEqualTo("multi\nline\ndescription");
    assertThat(rows.get(2).getString(1)).isEqualTo("Plain");
  }

  @Test
  void malformedAndNonUtf8RecordsKeepTheirOriginalTextInRejects() {
    List<Row> rejects = catalog("catalog-latin1.csv", PARAMS).rejects().collectAsList();
    assertThat(rejects).singleElement().satisfies(r -> {
      assertThat(r.getString(1)).contains("latin-1");
      assertThat(r.getString(3)).isEqualTo("invalid UTF-8 bytes");
    });
    assertThat(catalog("catalog-reasons.csv", PARAMS).rejects().collectAsList())
        .filteredOn(r -> r.getString(2).equals("malformed_record"))
        .singleElement()
        .satisfies(r -> assertThat(r.getString(1)).isEqualTo("mal,Too,many,columns,here,oops,extra"));
  }

  @Test
  void textOverTheLimitIsTruncatedAndCountedOrRejectedAsConfigured() {
    IngestResult truncated = catalog("catalog-good.csv", PARAMS.withTextLimit(4, /* truncate */ true));
    IngestResult rejected = catalog("catalog-good.csv", PARAMS.withTextLimit(4, /* truncate */ false));

    assertThat(truncated.counts()).isEqualTo(new IngestCounts("catalog", 3, 3, 0, 0, 2));
    assertThat(truncated.clean().orderBy("item_id").collectAsList()).extracting(r -> r.getString(1))
        .containsExactly("Alph", "Beta", "Gamm");
    assertThat(rejected.counts()).isEqualTo(new IngestCounts("catalog", 3, 1, 2, 0, 0));
    assertThat(reasons(rejected)).isEqualTo("too_long;too_long");
  }

  @Test
  void rejectCeilingStopsWithOneLineNamingInputFractionAndTopReasons() {
    IngestResult result = catalog("catalog-reasons.csv", PARAMS);
    InputSource source = source("catalog", "catalog-reasons.csv");

    assertThatThrownBy(() -> new IngestGate(0.05).check(result, result.counts(), source))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot accept catalog: 75.0% of 8 rows rejected, above the 5.0% ceiling; "
            + "top reasons: missing_required 2, bad_number 1, bad_timestamp 1 (" + source.path() + ")")
        .satisfies(e -> assertThat(((PipelineException) e).reason()).isEqualTo(Reason.BAD_INPUT));
    new IngestGate(0.80).check(result, result.counts(), source);
  }

  @Test
  void headerOnlyInputFailsAsEmpty() {
    IngestResult result = catalog("catalog-header-only.csv", PARAMS);
    InputSource source = source("catalog", "catalog-header-only.csv");
    assertThatThrownBy(() -> new IngestGate(0.05).check(result, result.counts(), source))
        .hasMessage("Cannot read catalog: the input has no rows (" + source.path() + ")");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "catalog-zero-bytes.csv|Cannot read catalog: the file is empty",
        "catalog.tsv|Cannot read catalog: unknown format of 'catalog.tsv', expected .csv, .json, .jsonl or .parquet",
        "catalog-no-title.csv|Cannot read catalog: required column title absent; found [item_id, name]",
        "catalog-corrupt.parquet|Cannot read catalog: unreadable parquet:",
        "no-such-file.csv|Cannot read catalog: no such file or folder",
      })
  void unusableInputFailsWithOneLineNamingTheFile(String file, String message) {
    assertThatThrownBy(() -> catalog(file, PARAMS).counts())
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith(message)
        .hasMessageEndingWith(file + ")")
        .hasMessageNotContaining("\n");
  }
}

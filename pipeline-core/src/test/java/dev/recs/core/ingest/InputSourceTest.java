package dev.recs.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recs.core.SharedSpark;
import dev.recs.core.api.PipelineException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputSourceTest {
  @TempDir Path dir;
  private final Configuration conf = SharedSpark.session().sparkContext().hadoopConfiguration();

  @Test
  void detectsFormatOfAFileAndOfAFolderByExtension() throws Exception {
    Files.writeString(dir.resolve("a.jsonl"), "{}\n");
    Path folder = Files.createDirectories(dir.resolve("events"));
    Files.writeString(folder.resolve("part-1.csv"), "x\n1\n");
    Files.writeString(folder.resolve("_SUCCESS"), "");

    assertThat(InputSource.resolve("catalog", dir.resolve("a.jsonl").toString(), conf).format())
        .isEqualTo(InputFormat.JSON);
    InputSource source = InputSource.resolve("interactions", folder.toString(), conf);
    assertThat(source.format()).isEqualTo(InputFormat.CSV);
    assertThat(source.folder()).isTrue();
  }

  @Test
  void missingPathFailsWithOneLineNamingIt() {
    String path = dir.resolve("nope.csv").toString();
    assertThatThrownBy(() -> InputSource.resolve("catalog", path, conf))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot read catalog: no such file or folder (" + path + ")");
  }

  @Test
  void unknownExtensionAndEmptyFileFail() throws Exception {
    Files.writeString(dir.resolve("c.xlsx"), "x");
    Files.writeString(dir.resolve("empty.csv"), "");
    assertThatThrownBy(() -> InputSource.resolve("catalog", dir.resolve("c.xlsx").toString(), conf))
        .hasMessageContaining("unknown format of 'c.xlsx'");
    assertThatThrownBy(() -> InputSource.resolve("catalog", dir.resolve("empty.csv").toString(), conf))
        .hasMessageContaining("the file is empty");
  }

  @Test
  void aFolderOfPartitionFoldersIsListedRecursivelySkippingHiddenFilesAndOtherFolders() throws Exception {
    Path events = dir.resolve("events");
    gzip(Files.createDirectories(events.resolve("dt=2026-10-30/hour=01")).resolve("part-0.csv.gz"), "x\n1\n");
    gzip(Files.createDirectories(events.resolve("dt=2026-10-31/hour=02")).resolve("part-0.csv.gz"), "x\n2\n");
    Files.writeString(events.resolve("dt=2026-10-31/hour=02/_SUCCESS"), "");
    Files.writeString(events.resolve("dt=2026-10-31/.part-0.csv.gz.crc"), "x");
    Files.writeString(Files.createDirectories(events.resolve("_temporary/0")).resolve("part-9.csv"), "x\n9\n");
    Files.writeString(Files.createDirectories(events.resolve("notes")).resolve("readme.txt"), "not data");

    InputSource source = InputSource.resolve("interactions", events.toString(), conf);

    assertThat(source.format()).isEqualTo(InputFormat.CSV);
    assertThat(source.files()).hasSize(2).allMatch(f -> f.endsWith("part-0.csv.gz"));
    assertThat(source.partitions()).containsExactly("dt=2026-10-30/hour=01", "dt=2026-10-31/hour=02");
    assertThat(source.describe()).endsWith("(csv, 2 files in 2 partitions, " + String.format("%,d", source.bytes()) + " bytes)");
  }

  @Test
  void withAWindowTheDatePartitionsBeforeItAreNotListed() throws Exception {
    Path events = dir.resolve("events");
    for (String day : java.util.List.of("2026-10-29", "2026-10-30", "2026-10-31")) {
      Files.writeString(Files.createDirectories(events.resolve("dt=" + day)).resolve("part-0.csv"), "x\n1\n");
    }

    InputSource source = InputSource.resolve("interactions", events.toString(), conf, java.time.LocalDate.parse("2026-10-30"), null);

    assertThat(source.partitions()).containsExactly("dt=2026-10-30", "dt=2026-10-31");
    assertThat(source.files()).hasSize(2).noneMatch(f -> f.contains("2026-10-29"));
    assertThat(source.skippedPartitions()).isEqualTo(1);
    assertThat(source.describe()).endsWith("(csv, 2 files in 2 partitions, 8 bytes; 1 partition before 2026-10-30 not read)");
    assertThat(InputSource.resolve("interactions", events.toString(), conf).partitions()).hasSize(3);
  }

  @Test
  void aSnapshotCatalogIsReadFromItsNewestDatePartitionAtOrBeforeTheRunDate() throws Exception {
    Path catalog = dir.resolve("catalog");
    for (String day : java.util.List.of("2026-10-30", "2026-10-31", "2026-11-02")) {
      Files.writeString(Files.createDirectories(catalog.resolve("dt=" + day)).resolve("part-0.csv"), "x\n1\n");
    }
    java.time.LocalDate runDate = java.time.LocalDate.parse("2026-11-01");

    java.time.LocalDate newest = InputSource.resolve("catalog", catalog.toString(), conf).newestSnapshot(runDate);
    InputSource snapshot = InputSource.resolve("catalog", catalog.toString(), conf, newest, newest);

    assertThat(newest).isEqualTo(java.time.LocalDate.parse("2026-10-31"));
    assertThat(snapshot.partitions()).containsExactly("dt=2026-10-31");
    assertThat(snapshot.describe()).endsWith("; 2 partitions other than the snapshot of 2026-10-31 not read)");
    assertThat(InputSource.resolve("catalog", catalog.toString(), conf).newestSnapshot(runDate.minusDays(10))).isNull();
  }

  @Test
  void compressedTextIsItsFormatButCompressedParquetIsNot() {
    assertThat(InputFormat.ofFileName("part-0.csv.gz")).contains(InputFormat.CSV);
    assertThat(InputFormat.ofFileName("part-0.JSONL.BZ2")).contains(InputFormat.JSON);
    assertThat(InputFormat.ofFileName("part-0.parquet.gz")).isEmpty();
    assertThat(InputFormat.ofFileName("part-0.gz")).isEmpty();
  }

  @Test
  void partitionedGzipCsvAndParquetReadAsTheSameRowsAsAFlatCsvPlusThePartitionColumn() throws Exception {
    Files.writeString(dir.resolve("flat.csv"), "user_id,item_id\nu1,a\nu2,b\nu3,c\n");
    Path csv = dir.resolve("csv");
    gzip(Files.createDirectories(csv.resolve("dt=2026-10-30")).resolve("part-0.csv.gz"), "user_id,item_id\nu1,a\nu2,b\n");
    gzip(Files.createDirectories(csv.resolve("dt=2026-10-31")).resolve("part-0.csv.gz"), "user_id,item_id\nu3,c\n");
    RawInputReader reader = new RawInputReader(SharedSpark.session());
    reader.read(InputSource.resolve("interactions", dir.resolve("flat.csv").toString(), conf))
        .select("user_id", "item_id").write().partitionBy().parquet(dir.resolve("pq-flat").toString());
    SharedSpark.session().read().parquet(dir.resolve("pq-flat").toString())
        .withColumn("dt", org.apache.spark.sql.functions.when(
            org.apache.spark.sql.functions.col("user_id").equalTo("u3"), "2026-10-31").otherwise("2026-10-30"))
        .write().partitionBy("dt").parquet(dir.resolve("pq").toString());

    for (String folder : java.util.List.of("csv", "pq")) {
      var rows = reader.read(InputSource.resolve("interactions", dir.resolve(folder).toString(), conf))
          .select("user_id", "item_id", "dt").orderBy("user_id").collectAsList();
      assertThat(rows).as(folder).extracting(Object::toString)
          .containsExactly("[u1,a,2026-10-30]", "[u2,b,2026-10-30]", "[u3,c,2026-10-31]");
    }
  }

  @Test
  void aTableOfSparksCatalogIsReadByNameWithItsPartitionsAndFiles() {
    var spark = SharedSpark.session();
    String table = "input_source_test_events";
    spark.sql("DROP TABLE IF EXISTS " + table);
    spark.createDataFrame(java.util.List.of(
            org.apache.spark.sql.RowFactory.create("u1", "a", "2026-10-30"),
            org.apache.spark.sql.RowFactory.create("u2", "b", "2026-10-31")),
        new org.apache.spark.sql.types.StructType().add("user_id", "string").add("item_id", "string").add("dt", "string"))
        .write().partitionBy("dt").saveAsTable(table);
    try {
      InputSource source = InputSource.resolve("interactions", "table:" + table, spark, null);

      assertThat(source.format()).isEqualTo(InputFormat.TABLE);
      assertThat(source.partitions()).containsExactly("dt=2026-10-30", "dt=2026-10-31");
      assertThat(source.describe()).startsWith("table:" + table + " (table, 2 files in 2 partitions, ");
      assertThat(new RawInputReader(spark).read(source).select("user_id").orderBy("user_id").collectAsList())
          .extracting(r -> r.getString(0)).containsExactly("u1", "u2");
      InputSource window = InputSource.resolve("interactions", "table:" + table, spark, java.time.LocalDate.parse("2026-10-31"));
      assertThat(window.partitions()).containsExactly("dt=2026-10-31");
      assertThat(window.skippedPartitions()).isEqualTo(1);
      assertThat(new RawInputReader(spark).read(window).select("user_id").collectAsList())
          .extracting(r -> r.getString(0)).containsExactly("u2");
      assertThatThrownBy(() -> InputSource.resolve("interactions", "table:no_such_table", spark, null))
          .isInstanceOf(PipelineException.class)
          .hasMessageStartingWith("Cannot read interactions: no such table in Spark's catalog")
          .hasMessageEndingWith("(table:no_such_table)");
    } finally {
      spark.sql("DROP TABLE IF EXISTS " + table);
    }
  }

  private static void gzip(Path file, String text) throws Exception {
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}

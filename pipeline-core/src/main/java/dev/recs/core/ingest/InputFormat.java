package dev.recs.core.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The file formats ingest reads, recognised by file extension. */
public enum InputFormat {
  CSV("csv", ".csv"),
  JSON("json", ".json", ".jsonl"),
  PARQUET("parquet", ".parquet"),
  /** A table of Spark's catalog ({@code table:DB.NAME}): read by name, whatever its files are. */
  TABLE("table");

  private final String sparkName;
  private final String[] extensions;

  InputFormat(String sparkName, String... extensions) {
    this.sparkName = sparkName;
    this.extensions = extensions;
  }

  /** The name Spark's {@code DataFrameReader.format} knows it by. */
  public String sparkName() {
    return sparkName;
  }

  /**
   * Compression suffixes a text format may carry: Spark's text readers decompress these by
   * their Hadoop codec as they read (Parquet compresses inside the file instead).
   */
  static final List<String> COMPRESSED = List.of(".gz", ".bz2");

  /** The format of a file name, if its extension is one ingest reads (text possibly compressed). */
  public static Optional<InputFormat> ofFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String suffix : COMPRESSED) {
      if (lower.endsWith(suffix)) {
        return ofFileName(lower.substring(0, lower.length() - suffix.length())).filter(f -> f != PARQUET);
      }
    }
    for (InputFormat f : values()) {
      for (String ext : f.extensions) {
        if (lower.endsWith(ext)) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }
}

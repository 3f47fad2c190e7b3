package dev.recs.core.ingest;

import java.util.Locale;
import java.util.Optional;

/** The file formats ingest reads, recognised by file extension. */
public enum InputFormat {
  CSV("csv", ".csv"),
  JSON("json", ".json", ".jsonl"),
  PARQUET("parquet", ".parquet");

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

  /** A glob matching this format's files inside a folder. */
  public String glob() {
    return extensions.length == 1
        ? "*" + extensions[0]
        : "*{" + String.join(",", extensions) + "}";
  }

  /** The format of a file name, if its extension is one ingest reads. */
  public static Optional<InputFormat> ofFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
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

package dev.recs.core.ingest;

import dev.recs.core.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Writes literal CSV text to a file and reads it the way ingest does. */
final class IngestFixtures {
  private IngestFixtures() {}

  static InputSource csv(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name + ".csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return InputSource.resolve(name, file.toString(), SharedSpark.session().sparkContext().hadoopConfiguration());
  }

  static Dataset<Row> raw(InputSource source) {
    return new RawInputReader(SharedSpark.session()).read(source);
  }
}

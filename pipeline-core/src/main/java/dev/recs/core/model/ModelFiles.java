package dev.recs.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.recs.core.api.PipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The registry's one layout for every saved model part: {@code metadata.json} (class, format
 * version, when, and what the part needs to be checked: widths, feature names, training summary)
 * beside its data; a part is refused at load, with a message naming the difference, when it
 * holds another class or format.
 */
public final class ModelFiles {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelFiles() {}

  /** Writes {@code metadata.json} of {@code model}'s part under {@code dir}: class, format, timestamp, then {@code fields}. */
  public static void writeMetadata(
      String dir, Configuration hadoopConf, Class<?> model, int formatVersion, Map<String, Object> fields) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("class", model.getName());
    metadata.put("formatVersion", formatVersion);
    metadata.put("timestamp", Instant.now().toString());
    metadata.putAll(fields);
    Path root = new Path(dir);
    try (OutputStream out = root.getFileSystem(hadoopConf).create(new Path(root, "metadata.json"), /* overwrite */ true)) {
      JSON.writeValue(out, metadata);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save model metadata: " + dir, e);
    }
  }

  /**
   * Reads {@code metadata.json} of {@code dir}, refusing (exit 2, naming {@code what}) a part
   * without one or one holding another class or format version.
   */
  public static JsonNode readMetadata(String dir, Configuration hadoopConf, Class<?> model, int formatVersion, String what) {
    Path root = new Path(dir);
    Path file = new Path(root, "metadata.json");
    JsonNode node;
    try {
      FileSystem fs = root.getFileSystem(hadoopConf);
      if (!fs.exists(file)) {
        throw PipelineException.badInput("load " + what, "no metadata.json (saved by an older version); "
            + "pin a newer model version or retrain", dir);
      }
      try (InputStream in = fs.open(file)) {
        node = JSON.readTree(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load " + what + ": " + dir, e);
    }
    String held = node.path("class").asText();
    if (!model.getName().equals(held)) {
      throw PipelineException.badInput("load " + what, "holds " + held + ", not " + model.getName(), dir);
    }
    if (node.path("formatVersion").asInt(-1) != formatVersion) {
      throw PipelineException.badInput("load " + what,
          "format version " + node.path("formatVersion") + ", this build reads " + formatVersion, dir);
    }
    return node;
  }

  /** {@code node} as {@code type}. */
  public static <M> M as(JsonNode node, Class<M> type) {
    try {
      return JSON.treeToValue(node, type);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model metadata as " + type.getSimpleName(), e);
    }
  }
}

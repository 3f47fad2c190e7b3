package dev.recs.jobs;

import dev.recs.core.api.PipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where {@code --config} is read from, so that a driver on any node finds it: a Hadoop path with
 * a scheme ({@code hdfs://}, {@code s3a://}, {@code file:}) through Hadoop's {@code FileSystem};
 * a plain path on the local disk (in YARN or Kubernetes cluster mode, a file shipped with {@code
 * --files} is in the driver's working directory); else a file of that name shipped with {@code
 * --files} (Spark's {@code spark.files}, which a standalone cluster-mode driver is started with),
 * read from where it was shipped from.
 */
final class ConfigSource {
  private ConfigSource() {}

  /** The text of {@code config}, or a bad-config failure naming every place looked in. */
  static String read(String config, Map<String, String> sparkProperties) {
    Configuration hadoop = hadoop(sparkProperties);
    if (hasScheme(config)) {
      return readHadoop(config, hadoop).orElseThrow(() -> missing(config, "no such file"));
    }
    java.nio.file.Path local = java.nio.file.Path.of(config);
    if (Files.isRegularFile(local)) {
      try {
        return Files.readString(local, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw PipelineException.badConfig("read --config " + config, e.getMessage());
      }
    }
    String name = local.getFileName().toString();
    Optional<String> shipped = Arrays.stream(sparkProperties.getOrDefault("spark.files", "").split(","))
        .map(String::strip)
        .filter(f -> !f.isEmpty() && new Path(f).getName().equals(name))
        .findFirst();
    if (shipped.isPresent()) {
      return readHadoop(shipped.get(), hadoop).orElseThrow(() -> missing(config, "shipped with --files as "
          + shipped.get() + ", which this driver cannot read (on a standalone cluster, --files must be a path every node reads, e.g. hdfs://)"));
    }
    throw missing(config, "no such file (looked on this host's disk and in --files; on a cluster, give a path the driver reads: hdfs://, s3a://, file: on shared storage)");
  }

  private static boolean hasScheme(String config) {
    int colon = config.indexOf(':');
    // a Windows drive letter is not a scheme; a scheme is at least two letters
    return colon > 1 && config.substring(0, colon).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
  }

  private static Optional<String> readHadoop(String path, Configuration hadoop) {
    try {
      Path p = new Path(URI.create(path));
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.isFile(p)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(p)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw PipelineException.badConfig("read --config " + path, Main.oneLine(e));
    }
  }

  /**
   * A Hadoop configuration with the {@code spark.hadoop.*} settings the run was started with
   * (spark-submit passes them to the driver as system properties), for reading before the
   * session exists.
   */
  static Configuration hadoop(Map<String, String> sparkProperties) {
    Configuration hadoop = new Configuration();
    sparkProperties.forEach((k, v) -> {
      if (k.startsWith("spark.hadoop.")) {
        hadoop.set(k.substring("spark.hadoop.".length()), v);
      }
    });
    return hadoop;
  }

  /** The process's {@code spark.*} system properties. */
  static Map<String, String> systemSparkProperties() {
    Map<String, String> out = new java.util.TreeMap<>();
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("spark.")) {
        out.put(k.toString(), v.toString());
      }
    });
    return out;
  }

  private static PipelineException missing(String config, String why) {
    return PipelineException.badConfig("read --config " + config, why);
  }
}

package dev.recs.jobs;

import java.nio.file.Path;

/**
 * The bundled sample: {@code scripts/sample/} under the installation, found through the {@code
 * recs.home} system property that {@code scripts/recs} sets (else the working directory).
 */
final class Sample {
  private Sample() {}

  static Path home() {
    String home = System.getProperty("recs.home");
    return Path.of(home != null ? home : ".");
  }

  static Path catalog() {
    return home().resolve("scripts/sample/catalog.csv");
  }

  static Path interactions() {
    return home().resolve("scripts/sample/interactions.csv");
  }

  /** The sample's own lighter config, used when a run names neither config nor inputs. */
  static Path config() {
    return home().resolve("scripts/sample/recs.conf");
  }
}

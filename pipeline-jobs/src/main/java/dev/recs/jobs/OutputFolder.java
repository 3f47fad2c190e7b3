package dev.recs.jobs;

import dev.recs.core.api.PipelineException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a local output folder can be written before any Spark work starts. */
final class OutputFolder {
  private OutputFolder() {}

  /** Local paths only; remote file systems report their own errors at write time. */
  static void requireWritable(String output) {
    Path dir = local(output);
    if (dir == null) {
      return;
    }
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw PipelineException.badInput(
          "write output", "folder is not writable (" + e.getClass().getSimpleName() + ")", output);
    }
  }

  /** {@code output} as a local path, or null on a remote file system. */
  static Path local(String output) {
    URI uri = URI.create(output.replace(" ", "%20"));
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      return null;
    }
    return Path.of(uri.getScheme() == null ? output : uri.getPath());
  }
}

package dev.recs.core.ingest;

import dev.recs.core.api.PipelineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One input of a run, resolved: a file, or a folder of files of one format.
 *
 * @param name what the input is to the pipeline ({@code catalog} or {@code interactions}),
 *     used in messages and the manifest
 * @param path the file or folder as given
 * @param format detected from the file extension (for a folder, from the files inside it)
 * @param folder whether {@code path} is a folder
 */
public record InputSource(String name, String path, InputFormat format, boolean folder) {

  /**
   * Resolves {@code path} through Hadoop's file system, so {@code file:}, {@code hdfs:} and
   * object stores behave alike.
   *
   * @throws PipelineException (bad input) when the path is missing, empty, or has no file of a
   *     known format
   */
  public static InputSource resolve(String name, String path, Configuration hadoopConf) {
    String action = "read " + name;
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(hadoopConf);
      if (!fs.exists(p)) {
        throw PipelineException.badInput(action, "no such file or folder", path);
      }
      FileStatus status = fs.getFileStatus(p);
      if (status.isFile()) {
        InputFormat format =
            InputFormat.ofFileName(p.getName())
                .orElseThrow(() -> unknownFormat(action, path, p.getName()));
        if (status.getLen() == 0) {
          throw PipelineException.badInput(action, "the file is empty", path);
        }
        return new InputSource(name, path, format, /* folder */ false);
      }
      List<InputFormat> found = new ArrayList<>();
      List<String> others = new ArrayList<>();
      long bytes = 0;
      for (FileStatus child : fs.listStatus(p)) {
        String childName = child.getPath().getName();
        if (child.isDirectory() || childName.startsWith("_") || childName.startsWith(".")) {
          continue;
        }
        var format = InputFormat.ofFileName(childName);
        if (format.isPresent()) {
          if (!found.contains(format.get())) {
            found.add(format.get());
          }
          bytes += child.getLen();
        } else {
          others.add(childName);
        }
      }
      if (found.isEmpty()) {
        throw others.isEmpty()
            ? PipelineException.badInput(action, "the folder has no data files", path)
            : unknownFormat(action, path, others.get(0));
      }
      if (found.size() > 1) {
        throw PipelineException.badInput(
            action, "the folder mixes formats " + found + "; keep one format per folder", path);
      }
      if (bytes == 0) {
        throw PipelineException.badInput(action, "every file in the folder is empty", path);
      }
      return new InputSource(name, path, found.get(0), /* folder */ true);
    } catch (IOException e) {
      throw PipelineException.badInput(action, e.getMessage(), path, e);
    }
  }

  private static PipelineException unknownFormat(String action, String path, String file) {
    return PipelineException.badInput(
        action,
        "unknown format of '" + file + "', expected .csv, .json, .jsonl or .parquet",
        path);
  }
}

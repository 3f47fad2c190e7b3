package dev.recs.core.ingest;

import dev.recs.core.api.PipelineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One input of a run, resolved: a file, or a folder of files of one format, read as Spark and
 * Hive write them: through Hive-style partition folders ({@code dt=2026-10-31/}, nested), text
 * possibly compressed ({@code .csv.gz}, {@code .jsonl.bz2}), hidden and {@code _}-prefixed
 * entries skipped.
 *
 * @param name what the input is to the pipeline ({@code catalog} or {@code interactions}),
 *     used in messages and the manifest
 * @param path the file or folder as given
 * @param format detected from the file extension (for a folder, from the files inside it)
 * @param folder whether {@code path} is a folder
 * @param files the data files to read (for a file, itself)
 * @param partitions the distinct partition folders the files lie in, relative to {@code path}
 *     ({@code dt=2026-10-31}); empty for a flat folder or a file
 * @param bytes the files' total size
 * @param since date partitions ({@link #DATE_PARTITIONS}) of days before this one are not read:
 *     left out of {@code files}, or for a table filtered out, which Spark prunes the partitions
 *     by; null: no bound
 * @param until likewise for date partitions of days after this one (a snapshot); null: no bound
 * @param skippedPartitions how many partition folders were left out for {@code since} and {@code until}
 */
public record InputSource(
    String name, String path, InputFormat format, boolean folder, List<String> files, List<String> partitions,
    long bytes, java.time.LocalDate since, java.time.LocalDate until, int skippedPartitions) {

  public InputSource {
    files = List.copyOf(files);
    partitions = List.copyOf(partitions);
  }

  /** The prefix of an input that names a table of Spark's catalog instead of a path. */
  public static final String TABLE_PREFIX = "table:";

  /** Whether an input names a table ({@code table:DB.NAME}) rather than a path. */
  public static boolean isTable(String input) {
    return input != null && input.startsWith(TABLE_PREFIX);
  }

  /**
   * Resolves a path as below, or a {@code table:DB.NAME} through {@code spark}'s catalog; date
   * partitions before {@code since} (null: none) are left out.
   */
  public static InputSource resolve(
      String name, String input, org.apache.spark.sql.SparkSession spark, java.time.LocalDate since) {
    return resolve(name, input, spark, since, null);
  }

  /** Like {@link #resolve(String, String, org.apache.spark.sql.SparkSession, java.time.LocalDate)}, bounded by {@code until} too. */
  public static InputSource resolve(String name, String input, org.apache.spark.sql.SparkSession spark,
      java.time.LocalDate since, java.time.LocalDate until) {
    return isTable(input)
        ? resolveTable(name, input, spark, since, until)
        : resolve(name, input, spark.sparkContext().hadoopConfiguration(), since, until);
  }

  /**
   * The newest date partition at or before {@code asOf} (a catalog exported whole each day), or
   * null when the input has no date partition that old.
   */
  public java.time.LocalDate newestSnapshot(java.time.LocalDate asOf) {
    java.time.LocalDate newest = null;
    for (String partition : partitions) {
      for (String folder : partition.split("/")) {
        java.time.LocalDate d = partitionDate(folder);
        if (d != null && !d.isAfter(asOf) && (newest == null || d.isAfter(newest))) {
          newest = d;
        }
      }
    }
    return newest;
  }

  /** The rows of a {@link InputFormat#TABLE} source, the date partitions before {@link #since} filtered out. */
  public org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> readTable(org.apache.spark.sql.SparkSession spark) {
    var rows = spark.table(tableName());
    String column = since == null && until == null ? null : dateColumn();
    if (column != null && since != null) {
      rows = rows.where(org.apache.spark.sql.functions.col(column).geq(since.toString()));
    }
    if (column != null && until != null) {
      rows = rows.where(org.apache.spark.sql.functions.col(column).leq(until.toString()));
    }
    return rows;
  }

  /** The table's name in Spark's catalog; for a {@link InputFormat#TABLE} source only. */
  public String tableName() {
    return path.substring(TABLE_PREFIX.length());
  }

  private static InputSource resolveTable(String name, String input, org.apache.spark.sql.SparkSession spark,
      java.time.LocalDate since, java.time.LocalDate until) {
    String table = input.substring(TABLE_PREFIX.length());
    String action = "read " + name;
    boolean exists;
    try {
      exists = !table.isBlank() && spark.catalog().tableExists(table);
    } catch (RuntimeException e) { // a malformed name
      throw PipelineException.badInput(action, "not a table name: " + e.getMessage().lines().findFirst().orElse(""), input, e);
    }
    if (!exists) {
      throw PipelineException.badInput(action, "no such table in Spark's catalog (" + spark.conf().get(
          "spark.sql.catalogImplementation", "in-memory") + ")", input);
    }
    try {
      List<String> allFiles = List.of(spark.table(table).inputFiles());
      List<String> allPartitions = partitionsOf(allFiles);
      InputSource whole = new InputSource(name, input, InputFormat.TABLE, false, List.of(), allPartitions, 0, since, until, 0);
      // the files the filtered read will touch: Spark's own partition pruning decides them
      List<String> files = since == null && until == null ? allFiles : List.of(whole.readTable(spark).inputFiles());
      List<String> partitions = partitionsOf(files);
      long bytes = 0;
      for (String f : files) {
        Path file = new Path(f);
        bytes += file.getFileSystem(spark.sparkContext().hadoopConfiguration()).getFileStatus(file).getLen();
      }
      return new InputSource(name, input, InputFormat.TABLE, false, files, partitions, bytes, since, until,
          allPartitions.size() - partitions.size());
    } catch (IOException e) {
      throw PipelineException.badInput(action, e.getMessage(), input, e);
    }
  }

  /** The distinct partition folders ({@code dt=.../hour=...}) that files lie in. */
  private static List<String> partitionsOf(List<String> files) {
    TreeSet<String> partitions = new TreeSet<>();
    for (String f : files) {
      List<String> folders = new ArrayList<>();
      for (Path dir = new Path(f).getParent(); dir != null && isPartitionFolder(dir.getName()); dir = dir.getParent()) {
        folders.add(0, dir.getName());
      }
      if (!folders.isEmpty()) {
        partitions.add(String.join("/", folders));
      }
    }
    return new ArrayList<>(partitions);
  }

  /**
   * Resolves {@code path} through Hadoop's file system, so {@code file:}, {@code hdfs:} and
   * object stores behave alike.
   *
   * @throws PipelineException (bad input) when the path is missing, empty, or has no file of a
   *     known format
   */
  public static InputSource resolve(String name, String path, Configuration hadoopConf) {
    return resolve(name, path, hadoopConf, null, null);
  }

  /**
   * Like {@link #resolve(String, String, Configuration)}, leaving out the date partitions before
   * {@code since} and after {@code until} (either null: no bound).
   */
  public static InputSource resolve(
      String name, String path, Configuration hadoopConf, java.time.LocalDate since, java.time.LocalDate until) {
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
        return new InputSource(name, path, format, false, List.of(path), List.of(), status.getLen(), null, null, 0);
      }
      Listing listing = new Listing(since, until);
      listing.walk(fs, status.getPath(), "");
      if (listing.formats.isEmpty()) {
        throw listing.others.isEmpty()
            ? PipelineException.badInput(action, "the folder has no data files", path)
            : unknownFormat(action, path, listing.others.get(0));
      }
      if (listing.formats.size() > 1) {
        throw PipelineException.badInput(
            action, "the folder mixes formats " + listing.formats + "; keep one format per folder", path);
      }
      if (listing.bytes == 0) {
        throw PipelineException.badInput(action, "every file in the folder is empty", path);
      }
      return new InputSource(name, path, listing.formats.get(0), true, listing.files,
          new ArrayList<>(listing.partitions), listing.bytes, since, until, listing.skipped);
    } catch (IOException e) {
      throw PipelineException.badInput(action, e.getMessage(), path, e);
    }
  }

  /** What was read, for the manifest and the log: {@code path (csv, 3 files in 2 partitions, 1,234 bytes)}. */
  public String describe() {
    String window = until == null ? "before " + since
        : since != null && since.equals(until) ? "other than the snapshot of " + until
        : since == null ? "after " + until : "outside " + since + ".." + until;
    String skipped = skippedPartitions == 0 ? ""
        : String.format("; %,d partition%s %s not read", skippedPartitions, skippedPartitions == 1 ? "" : "s", window);
    String in = partitions.isEmpty() ? ""
        : String.format(" in %,d partition%s", partitions.size(), partitions.size() == 1 ? "" : "s");
    return String.format("%s (%s, %,d file%s%s, %,d bytes%s)", path, format.sparkName(), files.size(),
        files.size() == 1 ? "" : "s", in, bytes, skipped);
  }

  /** The partition folder names that hold a date, {@code dt=YYYY-MM-DD} or {@code date=YYYY-MM-DD}. */
  static final List<String> DATE_PARTITIONS = List.of("dt", "date");

  /** The date partition column of this input ({@code dt} or {@code date}), or null. */
  public String dateColumn() {
    for (String partition : partitions) {
      for (String folder : partition.split("/")) {
        if (partitionDate(folder) != null) {
          return folder.substring(0, folder.indexOf('='));
        }
      }
    }
    return null;
  }

  /** Whether a folder is a date partition ({@link #DATE_PARTITIONS}) of a day before {@code first} or after {@code last}. */
  static boolean isOutside(String folder, java.time.LocalDate first, java.time.LocalDate last) {
    java.time.LocalDate d = partitionDate(folder);
    return d != null && (first != null && d.isBefore(first) || last != null && d.isAfter(last));
  }

  /** The day of a date partition folder ({@link #DATE_PARTITIONS}, {@code dt=2026-10-31}), else null. */
  private static java.time.LocalDate partitionDate(String folder) {
    if (!isPartitionFolder(folder) || !DATE_PARTITIONS.contains(folder.substring(0, folder.indexOf('=')))) {
      return null;
    }
    try {
      return java.time.LocalDate.parse(folder.substring(folder.indexOf('=') + 1));
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** Whether a folder name is a Hive-style partition, {@code name=value}. */
  static boolean isPartitionFolder(String name) {
    int eq = name.indexOf('=');
    return eq > 0 && eq < name.length() - 1;
  }

  private static boolean hidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /** The data files under a folder: its own, then those of its partition folders, depth first. */
  private static final class Listing {
    final java.time.LocalDate since;
    final java.time.LocalDate until;
    int skipped;
    final List<InputFormat> formats = new ArrayList<>();
    final List<String> others = new ArrayList<>();
    final List<String> files = new ArrayList<>();
    final TreeSet<String> partitions = new TreeSet<>();
    long bytes;

    Listing(java.time.LocalDate since, java.time.LocalDate until) {
      this.since = since;
      this.until = until;
    }

    void walk(FileSystem fs, Path dir, String partition) throws IOException {
      FileStatus[] children = fs.listStatus(dir);
      java.util.Arrays.sort(children, java.util.Comparator.comparing(c -> c.getPath().getName()));
      for (FileStatus child : children) {
        String childName = child.getPath().getName();
        if (hidden(childName)) {
          continue;
        }
        if (child.isDirectory()) {
          // only partition folders are part of the table; any other folder is not Spark's to read
          if (isOutside(childName, since, until)) {
            skipped++;
          } else if (isPartitionFolder(childName)) {
            walk(fs, child.getPath(), partition.isEmpty() ? childName : partition + "/" + childName);
          }
          continue;
        }
        var format = InputFormat.ofFileName(childName);
        if (format.isPresent()) {
          if (!formats.contains(format.get())) {
            formats.add(format.get());
          }
          files.add(child.getPath().toString());
          bytes += child.getLen();
          if (!partition.isEmpty()) {
            partitions.add(partition);
          }
        } else {
          others.add(childName);
        }
      }
    }
  }

  private static PipelineException unknownFormat(String action, String path, String file) {
    return PipelineException.badInput(
        action,
        "unknown format of '" + file + "', expected .csv, .json, .jsonl or .parquet (text may end .gz or .bz2)",
        path);
  }
}

package dev.recs.core.publish;

import dev.recs.core.publish.DatedFolders.Dated;
import dev.recs.core.schema.Table;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --keep-days N}: after a successful publish, removes the {@code dt=} partitions of every
 * output table, of {@code _runs} and of {@code reports} older than N days before the run's date.
 * Never the run's own date, and never a folder's last partition, whatever their age: a reader
 * of an old, otherwise idle output still finds its latest tables.
 */
public final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  private final Path root;
  private final Configuration hadoop;

  public Retention(String output, Configuration hadoop) {
    this.root = new Path(output);
    this.hadoop = hadoop;
  }

  /** Deletes what is older than {@code keepDays} before {@code runDate}; returns what it removed. */
  public List<Path> apply(LocalDate runDate, int keepDays) {
    LocalDate cutoff = runDate.minusDays(keepDays);
    List<Path> removed = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    for (Table t : Table.outputs()) {
      folders.add(t.tableName());
    }
    folders.add(ManifestWriter.RUNS);
    folders.add("reports");
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      for (String folder : folders) {
        removed.addAll(prune(fs, new Path(root, folder), runDate, cutoff));
      }
    } catch (IOException e) {
      // the night is published; failing it over housekeeping would be worse than a leftover
      LOG.warn("retention: could not list {}: {}", root, e.getMessage());
    }
    if (!removed.isEmpty()) {
      LOG.info("retention: removed {} partitions older than {} ({} days)", removed.size(), cutoff, keepDays);
    }
    return removed;
  }

  private static List<Path> prune(FileSystem fs, Path dir, LocalDate runDate, LocalDate cutoff) throws IOException {
    List<Dated> partitions = DatedFolders.list(fs, dir);
    List<Path> removed = new ArrayList<>();
    for (int i = 0; i < partitions.size() - 1; i++) {
      Dated d = partitions.get(i);
      if (d.date().isBefore(cutoff) && !d.date().equals(runDate)) {
        if (fs.delete(d.path(), /* recursive */ true)) {
          removed.add(d.path());
        }
      }
    }
    return removed;
  }
}

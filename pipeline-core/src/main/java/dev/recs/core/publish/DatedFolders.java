package dev.recs.core.publish;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code dt=<YYYY-MM-DD>} sub-folders of a table, {@code _runs} or {@code reports} folder:
 * what retention prunes, what the gate compares with, what a refresh starts from.
 */
public final class DatedFolders {
  private DatedFolders() {}

  /** One {@code dt=} folder and its date. */
  public record Dated(Path path, LocalDate date) {}

  /** The dated sub-folders of {@code dir}, oldest first; none when {@code dir} is absent. */
  public static List<Dated> list(FileSystem fs, Path dir) throws IOException {
    List<Dated> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      if (s.isDirectory() && name.startsWith("dt=")) {
        try {
          out.add(new Dated(s.getPath(), LocalDate.parse(name.substring(3))));
        } catch (DateTimeParseException e) {
          // not a partition: e.g. a staging or moved-aside folder
        }
      }
    }
    out.sort(Comparator.comparing(Dated::date));
    return out;
  }
}

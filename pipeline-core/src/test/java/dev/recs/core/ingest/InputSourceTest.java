package dev.recs.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recs.core.SharedSpark;
import dev.recs.core.api.PipelineException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputSourceTest {
  @TempDir Path dir;
  private final Configuration conf = SharedSpark.session().sparkContext().hadoopConfiguration();

  @Test
  void detectsFormatOfAFileAndOfAFolderByExtension() throws Exception {
    Files.writeString(dir.resolve("a.jsonl"), "{}\n");
    Path folder = Files.createDirectories(dir.resolve("events"));
    Files.writeString(folder.resolve("part-1.csv"), "x\n1\n");
    Files.writeString(folder.resolve("_SUCCESS"), "");

    assertThat(InputSource.resolve("catalog", dir.resolve("a.jsonl").toString(), conf).format())
        .isEqualTo(InputFormat.JSON);
    InputSource source = InputSource.resolve("interactions", folder.toString(), conf);
    assertThat(source.format()).isEqualTo(InputFormat.CSV);
    assertThat(source.folder()).isTrue();
  }

  @Test
  void missingPathFailsWithOneLineNamingIt() {
    String path = dir.resolve("nope.csv").toString();
    assertThatThrownBy(() -> InputSource.resolve("catalog", path, conf))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot read catalog: no such file or folder (" + path + ")");
  }

  @Test
  void unknownExtensionAndEmptyFileFail() throws Exception {
    Files.writeString(dir.resolve("c.xlsx"), "x");
    Files.writeString(dir.resolve("empty.csv"), "");
    assertThatThrownBy(() -> InputSource.resolve("catalog", dir.resolve("c.xlsx").toString(), conf))
        .hasMessageContaining("unknown format of 'c.xlsx'");
    assertThatThrownBy(() -> InputSource.resolve("catalog", dir.resolve("empty.csv").toString(), conf))
        .hasMessageContaining("the file is empty");
  }
}

package dev.recs.core.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.recs.core.api.PipelineException;
import dev.recs.core.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The models of one output root: {@code <output>/models/<version>/} holds the fitted feature
 * pipeline ({@code features/}), the encoder ({@code encoder/}), the hybrid's ranker ({@code
 * ranker/}) and candidate sources ({@code sources/}: neighbour tables, EASE weights, ALS item
 * factors, item statistics) and {@code model.json} ({@link ModelCard}). A version folder without
 * {@code model.json} belongs to a run that has not published (yet, or ever); it is never a
 * parent and cannot be pinned.
 */
public final class ModelRegistry {
  public static final String MODELS = "models";
  public static final String CARD = "model.json";
  public static final String FEATURES = "features";
  public static final String ENCODER = "encoder";
  public static final String RANKER = "ranker";
  public static final String SOURCES = "sources";
  public static final String COLLABORATIVE = "collaborative";
  /**
   * What the ranker's content candidates and features read, for refresh: its item vectors
   * ({@code vectors/}, Parquet {@code item_id, embedding}) and their neighbours ({@code
   * neighbours/}, as {@code similar_items}).
   */
  public static final String RANKER_CONTENT = "ranker_content";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path root;
  private final Configuration conf;

  public ModelRegistry(String output, Configuration conf) {
    this.root = new Path(output, MODELS);
    this.conf = conf;
  }

  /** {@code <output>/models/<version>/<part>}. */
  public String dir(String version, String part) {
    return new Path(new Path(root, version), part).toString();
  }

  public boolean hasPart(String version, String part) {
    try {
      Path p = new Path(new Path(root, version), part);
      return p.getFileSystem(conf).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + root, e);
    }
  }

  /** Writes {@code model.json} last, which is what makes the version usable. */
  public void write(ModelCard card) {
    try {
      AtomicFile.write(
          new Path(new Path(root, card.version()), CARD), JSON.writeValueAsBytes(card), card.runId(), conf);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write model card of " + card.version(), e);
    }
  }

  public Optional<ModelCard> card(String version) {
    Path p = new Path(new Path(root, version), CARD);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(p)) {
        return Optional.of(JSON.readValue(in, ModelCard.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p, e);
    }
  }

  /** Every version folder, published or not, in name order (names start with the date). */
  public List<String> versions() {
    try {
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (FileStatus s : fs.listStatus(root)) {
        if (s.isDirectory()) {
          out.add(s.getPath().getName());
        }
      }
      out.sort(Comparator.naturalOrder());
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root, e);
    }
  }

  /** Every published model, oldest first. */
  public List<ModelCard> cards() {
    List<ModelCard> out = new ArrayList<>();
    for (String v : versions()) {
      card(v).ifPresent(out::add);
    }
    out.sort(Comparator.comparing(ModelCard::date).thenComparing(ModelCard::createdAt));
    return out;
  }

  /** The newest published model of a run date before {@code date}: tonight's parent. */
  public Optional<ModelCard> latestBefore(LocalDate date) {
    ModelCard latest = null;
    for (ModelCard c : cards()) {
      if (LocalDate.parse(c.date()).isBefore(date)) {
        latest = c;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** The card of a version to pin; fails naming the known versions when it is not published. */
  public ModelCard require(String version) {
    return card(version)
        .orElseThrow(
            () ->
                PipelineException.badConfig(
                    "pin model " + version,
                    "no " + MODELS + "/" + version + "/" + CARD + " under " + root.getParent()
                        + " (published: " + cards().stream().map(ModelCard::version).toList() + ")"));
  }
}

package dev.recs.core.features;

import static org.apache.spark.sql.functions.col;

import dev.recs.core.schema.Columns;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The fitted item feature pipeline: turns catalog rows into {@code (item_id, features)}, one
 * fixed-width vector per item. Saved and loaded with MLlib's own pipeline persistence.
 */
public final class ItemFeaturesModel {
  private final PipelineModel pipeline;

  ItemFeaturesModel(PipelineModel pipeline) {
    this.pipeline = pipeline;
  }

  /** {@code (item_id string, features vector)}, one row per catalog row. Lazy. */
  public Dataset<Row> transform(Dataset<Row> catalog) {
    return pipeline.transform(catalog).select(col(Columns.ITEM_ID), col(Columns.FEATURES));
  }

  /** The output schema, checked against the catalog without running a job. */
  public StructType outputSchema(StructType catalog) {
    StructType out = pipeline.transformSchema(catalog);
    return new StructType()
        .add(Columns.ITEM_ID, DataTypes.StringType, false)
        .add(out.apply(Columns.FEATURES));
  }

  /**
   * A digest of what decides the meaning of each feature column: every stage's kind, every
   * vocabulary in order, every assembled column. Two models with the same hash produce vectors
   * an encoder trained on either can read, so a night may fine-tune yesterday's encoder.
   * (Fitted statistics such as IDF weights may differ; they rescale a column, not move it.)
   */
  public String vocabularyHash() {
    StringBuilder b = new StringBuilder();
    for (org.apache.spark.ml.Transformer stage : pipeline.stages()) {
      b.append(stage.getClass().getSimpleName()).append('\n');
      if (stage instanceof org.apache.spark.ml.feature.CountVectorizerModel cv) {
        b.append(String.join("\u0001", cv.vocabulary())).append('\n');
      } else if (stage instanceof org.apache.spark.ml.feature.VectorAssembler va) {
        b.append(String.join(",", va.getInputCols())).append('\n');
      }
    }
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash vocabulary: no SHA-256", e);
    }
  }

  /** Writes the fitted pipeline under {@code path}, replacing what was there. */
  public void save(String path) {
    try {
      pipeline.write().overwrite().save(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save feature model: " + path, e);
    }
  }

  public static ItemFeaturesModel load(String path) {
    return new ItemFeaturesModel(PipelineModel.load(path));
  }

  @Override
  public String toString() {
    return "ItemFeaturesModel(" + pipeline.uid() + ", stages=" + pipeline.stages().length + ")";
  }
}

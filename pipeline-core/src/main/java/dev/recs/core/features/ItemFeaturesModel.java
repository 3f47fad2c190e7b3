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

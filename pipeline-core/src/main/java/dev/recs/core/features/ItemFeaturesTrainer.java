package dev.recs.core.features;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import dev.recs.core.config.FeatureParams;
import dev.recs.core.schema.Columns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.QuantileDiscretizer;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits the item-content feature pipeline on the clean catalog, entirely from MLlib
 * transformers so the fitted {@link org.apache.spark.ml.PipelineModel} saves and loads as one:
 *
 * <ul>
 *   <li>title + description + tags → tokens (letters and digits, any script) → stop words
 *       removed → term counts over a vocabulary of {@code vocabSize} → TF-IDF → L2-normalised;
 *   <li>categories → multi-hot over the {@code maxCategories} most frequent → L2-normalised;
 *   <li>numeric columns → median-imputed → standardised; and, with {@code numericBuckets}, each
 *       one's quantile bucket one-hot, the buckets of all columns L2-normalised together.
 * </ul>
 *
 * Text and categories are normalised separately so a long description cannot drown the
 * categories in the encoder's reconstruction loss.
 */
public final class ItemFeaturesTrainer {
  static final String TEXT = "_text";
  static final String CATS = "_cats";

  private final FeatureParams params;
  private final List<String> numericColumns;

  public ItemFeaturesTrainer(FeatureParams params, List<String> numericColumns) {
    this.params = params;
    this.numericColumns = List.copyOf(numericColumns);
  }

  /**
   * The {@code size} terms of {@code column} (an array of strings per item) found in the most
   * items, at least {@code minItems}; ties by term, so the order never depends on partitioning.
   */
  static String[] vocabulary(Dataset<Row> items, String column, int size, int minItems) {
    return items
        .select(explode(array_distinct(col(column))).as("_term"))
        .groupBy("_term")
        .count()
        .where(col("count").geq(minItems))
        .orderBy(col("count").desc(), col("_term"))
        .limit(size)
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toArray(String[]::new);
  }

  /** Fits on the clean catalog (one row per item). */
  public ItemFeaturesModel fit(Dataset<Row> catalog) {
    List<PipelineStage> stages = new ArrayList<>();
    stages.add(
        new SQLTransformer()
            .setStatement(
                "SELECT *, concat_ws(' ', "
                    + Columns.TITLE
                    + ", coalesce("
                    + Columns.DESCRIPTION
                    + ", ''), coalesce(array_join("
                    + Columns.TAGS
                    + ", ' '), '')) AS "
                    + TEXT
                    + ", coalesce("
                    + Columns.CATEGORIES
                    + ", array()) AS "
                    + CATS
                    + " FROM __THIS__"));
    stages.add(
        new RegexTokenizer()
            .setInputCol(TEXT)
            .setOutputCol("_tokens")
            .setPattern("[^\\p{L}\\p{N}]+")
            .setMinTokenLength(2)
            .setToLowercase(true));
    stages.add(new StopWordsRemover().setInputCol("_tokens").setOutputCol("_terms"));
    // the vocabularies are chosen here rather than by CountVectorizer, whose order among terms
    // of equal frequency follows the order partitions arrive in: on a cluster the feature
    // columns, and so the trained encoder, came out permuted against a local run
    Dataset<Row> terms =
        new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(catalog).transform(catalog);
    stages.add(
        new CountVectorizerModel(vocabulary(terms, "_terms", params.vocabSize(), params.minDocFreq()))
            .setInputCol("_terms")
            .setOutputCol("_tf"));
    stages.add(new IDF().setInputCol("_tf").setOutputCol("_tfidf"));
    stages.add(new Normalizer().setInputCol("_tfidf").setOutputCol("_text_vec").setP(2.0));
    stages.add(
        new CountVectorizerModel(vocabulary(terms, CATS, params.maxCategories(), 1))
            .setInputCol(CATS)
            .setOutputCol("_cat_hot")
            .setBinary(true));
    stages.add(new Normalizer().setInputCol("_cat_hot").setOutputCol("_cat_vec").setP(2.0));
    List<String> blocks = new ArrayList<>(List.of("_text_vec", "_cat_vec"));
    if (!numericColumns.isEmpty()) {
      String[] imputed = numericColumns.stream().map(c -> "_imp_" + c).toArray(String[]::new);
      stages.add(
          new Imputer()
              .setInputCols(numericColumns.toArray(String[]::new))
              .setOutputCols(imputed)
              .setStrategy("median"));
      stages.add(new VectorAssembler().setInputCols(imputed).setOutputCol("_num_raw"));
      stages.add(
          new StandardScaler()
              .setInputCol("_num_raw")
              .setOutputCol("_num_vec")
              .setWithMean(true)
              .setWithStd(true));
      blocks.add("_num_vec");
      if (params.numericBuckets() > 0) {
        String[] bucket = numericColumns.stream().map(c -> "_bucket_" + c).toArray(String[]::new);
        String[] hot = numericColumns.stream().map(c -> "_bucket_hot_" + c).toArray(String[]::new);
        stages.add(new QuantileDiscretizer().setInputCols(imputed).setOutputCols(bucket)
            .setNumBuckets(params.numericBuckets()).setHandleInvalid("keep"));
        stages.add(new OneHotEncoder().setInputCols(bucket).setOutputCols(hot).setDropLast(false));
        stages.add(new VectorAssembler().setInputCols(hot).setOutputCol("_buckets_raw"));
        stages.add(new Normalizer().setInputCol("_buckets_raw").setOutputCol("_buckets_vec").setP(2.0));
        blocks.add("_buckets_vec");
      }
    }
    stages.add(
        new VectorAssembler()
            .setInputCols(blocks.toArray(String[]::new))
            .setOutputCol(Columns.FEATURES));
    return new ItemFeaturesModel(
        new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(catalog));
  }
}

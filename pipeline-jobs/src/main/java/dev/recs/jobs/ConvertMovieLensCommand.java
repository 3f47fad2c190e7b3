package dev.recs.jobs;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.trim;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recs convert-movielens}: MovieLens {@code movies.csv}, {@code ratings.csv} and {@code
 * tags.csv} to the contract's inputs: {@code movieId → item_id}, genres → {@code categories},
 * each movie's distinct lower-cased tags → {@code tags}, the year in the title → {@code year}
 * (use it with {@code ingest.numeric = [year]}), ratings → events of type {@code rating} with the
 * rating as {@code value}. Writes {@code catalog/} and {@code interactions/} CSV folders.
 */
@Command(mixinStandardHelpOptions = true, description = "Convert MovieLens files to the contract's inputs.")
final class ConvertMovieLensCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "DIR", description = "folder with movies.csv, ratings.csv, tags.csv")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "folder to write catalog/ and interactions/ into")
  Path output;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*])")
  String master;

  @Override
  public Integer call() {
    SparkSession spark = Sessions.create(master, "recs-convert-movielens");
    convert(spark, input, output);
    System.out.println("converted " + input + " to " + output.resolve("catalog") + " and " + output.resolve("interactions"));
    return 0;
  }

  static void convert(SparkSession spark, Path input, Path output) {
    Dataset<Row> movies = csv(spark, input.resolve("movies.csv"));
    Dataset<Row> tags =
        csv(spark, input.resolve("tags.csv"))
            .groupBy(col("movieId"))
            .agg(array_join(array_distinct(collect_list(lower(trim(col("tag"))))), "|").as("tags"));
    movies
        .join(tags, "movieId", "left")
        .select(
            col("movieId").as("item_id"),
            col("title"),
            array_join(expr("filter(split(genres, '[|]'), g -> g != '(no genres listed)')"), "|")
                .as("categories"),
            col("tags"),
            regexp_extract(col("title"), "\\((\\d{4})\\)\\s*$", 1).as("year"))
        .orderBy(col("movieId").cast("long"))
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("header", true)
        .csv(output.resolve("catalog").toString());
    csv(spark, input.resolve("ratings.csv"))
        .select(
            col("userId").as("user_id"),
            col("movieId").as("item_id"),
            lit("rating").as("event_type"),
            col("rating").as("value"),
            col("timestamp").as("ts"))
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("header", true)
        .csv(output.resolve("interactions").toString());
  }

  private static Dataset<Row> csv(SparkSession spark, Path file) {
    return spark.read().option("header", true).option("escape", "\"").csv(file.toString());
  }
}

package dev.recs.core.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.TopKPerUser;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The random protocol ("what else would they like?"), stratified by item as the public
 * benchmark tables split MovieLens: per item, its distinct users in a seeded random order; the
 * first {@code round(n · (1 − testShare))} (at least one) train, the rest test, so an item with
 * one user stays in train. Every event of a (user, item) pair falls on the same side. The order
 * depends on the pair and the seed only: the same data splits the same on any machine.
 */
public final class RandomSplit {
  private final double testShare;
  private final long seed;

  public RandomSplit(double testShare, long seed) {
    this.testShare = testShare;
    this.seed = seed;
  }

  /** Train and test interactions; lazy. */
  public TemporalSplit.Split apply(Dataset<Row> interactions) {
    Dataset<Row> pairs = interactions.select(Columns.USER_ID, Columns.ITEM_ID).distinct()
        .withColumn("_pos", row_number().over(Window.partitionBy(col(Columns.ITEM_ID))
            .orderBy(xxhash64(col(Columns.USER_ID), col(Columns.ITEM_ID), lit(seed)), col(Columns.USER_ID))))
        .withColumn("_n", count(lit(1)).over(Window.partitionBy(col(Columns.ITEM_ID))))
        .withColumn("_train_n", greatest(lit(1L), floor(col("_n").multiply(1 - testShare).plus(0.5)).cast("long")))
        .withColumn("_test", col("_pos").gt(col("_train_n")))
        .select(col(Columns.USER_ID), col(Columns.ITEM_ID), col("_test"));
    Dataset<Row> marked = interactions.join(pairs, TopKPerUser.columns(Columns.USER_ID, Columns.ITEM_ID));
    Column[] keep = java.util.Arrays.stream(interactions.columns()).map(c -> col(c)).toArray(Column[]::new);
    return new TemporalSplit.Split(marked.where(col("_test").equalTo(false)).select(keep), marked.where(col("_test")).select(keep));
  }
}

package dev.recs.core.ingest;

import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.Dataset;
import dev.recs.core.schema.Columns;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/** An ordered list of checks; a row's reason and detail come from the first check it fails. */
final class RejectRules {
  private record Rule(Column fails, RejectReason reason, Column detail) {}

  private final List<Rule> rules = new ArrayList<>();

  RejectRules add(Column fails, RejectReason reason, String detail) {
    return add(fails, reason, lit(detail));
  }

  RejectRules add(Column fails, RejectReason reason, Column detail) {
    rules.add(new Rule(fails, reason, detail));
    return this;
  }

  /** The first failed check's reason code, null for a row that passes them all. */
  Column reason() {
    Column out = null;
    for (Rule r : rules) {
      out = out == null ? when(r.fails(), lit(r.reason().code())) : out.when(r.fails(), lit(r.reason().code()));
    }
    return out == null ? lit(null).cast(DataTypes.StringType) : out;
  }

  /** The first failed check's detail, null for a row that passes them all. */
  Column detail() {
    Column out = null;
    for (Rule r : rules) {
      out = out == null ? when(r.fails(), r.detail()) : out.when(r.fails(), r.detail());
    }
    return out == null ? lit(null).cast(DataTypes.StringType) : out;
  }

  /**
   * Labels every row of {@code typed}: its reject reason and detail (the first rule broken), and
   * its status: rejected, a duplicate (not the first of its {@code key} among valid rows in {@code
   * order}), or clean.
   */
  Dataset<Row> label(Dataset<Row> typed, List<Column> key, Column... order) {
    return label(typed, lit(false), lit(false), key, order);
  }

  /**
   * Like {@link #label(Dataset, List, Column...)}; valid rows where {@code later} holds are
   * {@code later}, then those where {@code older} holds {@code older}.
   */
  Dataset<Row> label(Dataset<Row> typed, Column later, Column older, List<Column> key, Column... order) {
    Column valid = col(Columns.REASON).isNull();
    List<Column> partition = new ArrayList<>(key);
    partition.add(valid);
    return typed
        .withColumn(Columns.REASON, reason())
        .withColumn(Columns.DETAIL, detail())
        .withColumn("_rank", row_number().over(Window.partitionBy(partition.toArray(Column[]::new)).orderBy(order)))
        .withColumn(
            IngestResult.STATUS,
            when(valid.equalTo(false), lit(RowStatus.REJECTED.code()))
                .when(later, lit(RowStatus.LATER.code()))
                .when(older, lit(RowStatus.OLDER.code()))
                .when(col("_rank").gt(1), lit(RowStatus.DUPLICATE.code()))
                .otherwise(lit(RowStatus.CLEAN.code())));
  }
}

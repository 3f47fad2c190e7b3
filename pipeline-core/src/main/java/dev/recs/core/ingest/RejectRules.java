package dev.recs.core.ingest;

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
}

package dev.recs.jobs;

/** RFC 4180 quoting for the CSV files {@code generate} writes. */
final class CsvLines {
  private CsvLines() {}

  static String line(Object... fields) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(field(fields[i] == null ? "" : fields[i].toString()));
    }
    return b.append('\n').toString();
  }

  static String field(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}

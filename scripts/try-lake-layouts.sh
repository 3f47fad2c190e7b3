#!/usr/bin/env bash
# The bundled sample as a data lake holds it, each night compared row for row with the night on
# the flat CSV files (scripts/compare-outputs.sh):
#   (a) events in dt= partitions of gzip CSV, the catalog a folder of .csv.gz parts;
#   (b) the same as Parquet;  (c) both as tables of Spark's embedded metastore (table:default.*);
#   (d) ingest.history-days on the partitioned feed against a feed cut to the window by hand;
#   (e) a catalog of three daily snapshots with ingest.catalog-snapshot = latest.
# Usage: scripts/try-lake-layouts.sh [WORK_DIR]   (default /tmp/recs-lake; about 10 minutes on 2 cores)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-/tmp/recs-lake}"
RECS="$ROOT/scripts/recs"
SAMPLE="$ROOT/scripts/sample"
DATE=2026-10-31       # the sample's last events are of 2026-10-31
DAYS=30
rm -rf "$WORK" && mkdir -p "$WORK"
# shellcheck source=bench-classpath.sh
source "$ROOT/scripts/bench-classpath.sh"
java -Xmx4g "${JAVA17_OPENS[@]}" -cp "$BENCH_CP" dev.recs.bench.WriteLakeLayouts \
  "$SAMPLE/catalog.csv" "$SAMPLE/interactions.csv" "$WORK/lake" "$DATE" > "$WORK/write.log" 2>&1
# the sample's config, lighter training (the comparison is of layouts, not of models)
FAST='recs { ingest.numeric = [year, price], eval.enabled = false, encoder { max-epochs = 5, embedding-dim = 32 },
  ranker { label-fractions = [0.2], max-epochs = 3 } }'
echo "$FAST" > "$WORK/fast.conf"
printf '%s\nrecs.ingest.history-days = %d\n' "$FAST" "$DAYS" > "$WORK/window.conf"
printf '%s\nrecs.ingest.catalog-snapshot = latest\n' "$FAST" > "$WORK/snapshot.conf"

night() {  # night NAME CONFIG CATALOG INTERACTIONS
  "$RECS" nightly --config "$2" --catalog "$3" --interactions "$4" --output "$WORK/$1" --date "$DATE" > "$WORK/$1.log" 2>&1 \
    || { echo "$1: nightly failed, see $WORK/$1.log"; exit 1; }
  grep -o "ingest reads .*" "$WORK/$1.log" | head -1 | sed "s/^/  $1: /"
}
same() {  # same A B
  if "$ROOT/scripts/compare-outputs.sh" "$WORK/$1" "$WORK/$2" "$DATE" > "$WORK/compare-$1-$2.txt" 2>&1; then
    echo "  $2 equals $1, row for row: $(tail -1 "$WORK/compare-$1-$2.txt")"
  else
    echo "  $2 DIFFERS from $1:"; tail -5 "$WORK/compare-$1-$2.txt"; exit 1
  fi
}

night flat "$WORK/fast.conf" "$SAMPLE/catalog.csv" "$SAMPLE/interactions.csv"
night csv-gz "$WORK/fast.conf" "$WORK/lake/csv-gz/catalog" "$WORK/lake/csv-gz/events"
same flat csv-gz
night parquet "$WORK/fast.conf" "$WORK/lake/parquet/catalog" "$WORK/lake/parquet/events"
same flat parquet
"$RECS" sql --metastore --output "$WORK/table" \
  "CREATE TABLE default.catalog USING parquet AS SELECT * FROM parquet.\`$WORK/lake/parquet/catalog\`" > "$WORK/table-sql.log" 2>&1
"$RECS" sql --metastore --output "$WORK/table" \
  "CREATE TABLE default.events USING parquet PARTITIONED BY (dt) AS SELECT * FROM parquet.\`$WORK/lake/parquet/events\`" >> "$WORK/table-sql.log" 2>&1
night table "$WORK/fast.conf" table:default.catalog table:default.events
same flat table

# (d) the window: the partitioned feed with history-days, against the flat feed cut by hand
python3 - "$SAMPLE/interactions.csv" "$WORK/cut.csv" "$DATE" "$DAYS" <<'PY'
import csv, sys, datetime
src, dst, date, days = sys.argv[1], sys.argv[2], datetime.date.fromisoformat(sys.argv[3]), int(sys.argv[4])
start = datetime.datetime.combine(date - datetime.timedelta(days=days - 1), datetime.time(), datetime.timezone.utc).timestamp()
with open(src, newline="") as f, open(dst, "w", newline="") as g:
    r = csv.reader(f); w = csv.writer(g); header = next(r); w.writerow(header); ts = header.index("ts")
    w.writerows(row for row in r if int(row[ts]) >= start)
PY
night window "$WORK/window.conf" "$WORK/lake/parquet/catalog" "$WORK/lake/parquet/events"
night cut "$WORK/window.conf" "$SAMPLE/catalog.csv" "$WORK/cut.csv"
same cut window
grep -o '"input" : "interactions"[^}]*' "$WORK/window/_runs/dt=$DATE/manifest.json" | tr -s ' \n' ' ' | sed 's/^/  window manifest: /'; echo

# (e) three daily snapshots of the catalog, the newest at or before the run date read alone
night snapshot "$WORK/snapshot.conf" "$WORK/lake/snapshots/catalog" "$SAMPLE/interactions.csv"
same flat snapshot
echo "all layouts give the flat night's tables ($WORK)"

#!/usr/bin/env bash
# The whole night at three sizes: `generate` N items / N users / 10N events, then `nightly` with
# -Xmx8g in local[2] (defaults otherwise, evaluation included). Prints each run's stage timings
# from its manifest, wall time and peak RSS, and how cost grows from one size to the next.
# Sizes default to 1/100, 1/10 and the full 100k items / 100k users / 1M events (target: the
# full night within 10 minutes on 2 cores).
#   scripts/bench-nightly.sh                # 1000 10000 100000 items
#   scripts/bench-nightly.sh 1000 10000     # only the smaller two
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=java17-flags.sh
source "$ROOT/scripts/java17-flags.sh"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 100000)
WORK="${BENCH_DIR:-/tmp/recs-bench-nightly}"
mkdir -p "$WORK"
"$ROOT/scripts/recs" --version >/dev/null   # builds the jar when stale
JAR="$ROOT/pipeline-jobs/target/recs-jobs.jar"
SUMMARY="$WORK/summary.tsv"
: > "$SUMMARY"
for n in "${SIZES[@]}"; do
  data="$WORK/data-$n"
  out="$WORK/out-$n"
  events=$((n * 10))
  if [ ! -f "$data/interactions.csv" ]; then
    "$ROOT/scripts/recs" generate --items "$n" --users "$n" --events "$events" --output "$data" --seed 1 >/dev/null
  fi
  rm -rf "$out"
  echo "bench: nightly on $n items / $n users / $events events ..." >&2
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$WORK/time-$n.txt" \
    java -Xmx8g "${JAVA17_OPENS[@]}" -Drecs.home="$ROOT" -jar "$JAR" nightly --master 'local[2]' \
      --catalog "$data/catalog.csv" --interactions "$data/interactions.csv" --output "$out" \
      --date 2026-11-27 > "$WORK/log-$n.txt" 2>&1
  end=$(date +%s.%N)
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time-$n.txt")
  python3 - "$out/_runs/dt=2026-11-27/manifest.json" "$n" "$events" "$start" "$end" "$rss_kb" >> "$SUMMARY" <<'PY'
import json, sys
manifest, n, events, start, end, rss = sys.argv[1:]
m = json.load(open(manifest))
stages = m["stageMillis"]
print("\t".join([n, events, "%.1f" % (float(end) - float(start)), "%.2f" % (int(rss) / 1024 / 1024)]
                + ["%s=%.1f" % (k, v / 1000) for k, v in stages.items()]))
PY
done
python3 - "$SUMMARY" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print("\nnightly, local[2], -Xmx8g, one run per size (seconds):")
stages = [kv.split("=")[0] for kv in rows[0][4:]]
print("%9s %9s %8s %8s  " % ("items", "events", "wall", "RSS GiB") + " ".join("%9s" % s for s in stages))
prev = None
for r in rows:
    t = {kv.split("=")[0]: float(kv.split("=")[1]) for kv in r[4:]}
    print("%9s %9s %8s %8s  " % (r[0], r[1], r[2], r[3]) + " ".join("%9.1f" % t.get(s, 0) for s in stages))
for a, b in zip(rows, rows[1:]):
    print("  %s -> %s events: data x%.0f, wall x%.1f" % (a[1], b[1], int(b[1]) / int(a[1]), float(b[2]) / float(a[2])))
full = rows[-1]
print("largest night: %.1f min (target <= 10 min for 1,000,000 events)" % (float(full[2]) / 60))
PY

#!/usr/bin/env bash
# The whole night, default config (evaluation on its held-out users included), -Xmx8g in local[2],
# on the datasets issue budgets name: the bundled sample, MovieLens (movielens-dev from ../shared,
# converted; skipped when absent), and generated 10k items / 10k users / 100k events and
# 100k items / 100k users / 1M events. Prints each run's wall time, peak RSS and stage times (from
# its manifest), the train stage's parts (from the log), and how cost grows from 100k to 1M events.
# Budgets: sample <= 3 min, MovieLens <= 3 min, 1M events <= 10 min.
#   scripts/bench-nightly.sh                       # sample movielens 10000 100000
#   scripts/bench-nightly.sh sample 10000          # any subset, in order
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=java17-flags.sh
source "$ROOT/scripts/java17-flags.sh"
RUNS=("$@")
[ ${#RUNS[@]} -gt 0 ] || RUNS=(sample movielens 10000 100000)
WORK="${BENCH_DIR:-/tmp/recs-bench-nightly}"
ML="${MOVIELENS_DIR:-$ROOT/../shared/data/movielens-dev}"
mkdir -p "$WORK"
"$ROOT/scripts/recs" --version >/dev/null   # builds the jar when stale
JAR="$ROOT/pipeline-jobs/target/recs-jobs.jar"
SUMMARY="$WORK/summary.tsv"
: > "$SUMMARY"
for run in "${RUNS[@]}"; do
  conf=()
  case "$run" in
    sample)
      catalog="$ROOT/scripts/sample/catalog.csv"; events_path="$ROOT/scripts/sample/interactions.csv"
      conf=(--config "$ROOT/scripts/sample/recs.conf"); events=50000 ;;
    movielens)
      if [ ! -d "$ML" ]; then echo "bench: $ML absent, movielens skipped" >&2; continue; fi
      data="$WORK/movielens"
      [ -d "$data/catalog" ] || "$ROOT/scripts/recs" convert-movielens --input "$ML" --output "$data" >/dev/null
      catalog="$data/catalog"; events_path="$data/interactions"
      conf=(--config "$ROOT/scripts/movielens.conf"); events=$(($(wc -l < "$ML/ratings.csv") - 1)) ;;
    *)
      n="$run"; events=$((n * 10)); data="$WORK/data-$n"
      [ -f "$data/interactions.csv" ] || "$ROOT/scripts/recs" generate --items "$n" --users "$n" --events "$events" \
        --output "$data" --seed 1 >/dev/null
      catalog="$data/catalog.csv"; events_path="$data/interactions.csv" ;;
  esac
  out="$WORK/out-$run"
  rm -rf "$out"
  echo "bench: nightly on $run ($events events) ..." >&2
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$WORK/time-$run.txt" \
    java -Xmx8g "${RECS_OFFHEAP_OPTS[@]}" "${JAVA17_OPENS[@]}" -Drecs.home="$ROOT" -jar "$JAR" nightly --master 'local[2]' "${conf[@]}" \
      --catalog "$catalog" --interactions "$events_path" --output "$out" --date 2026-11-27 > "$WORK/log-$run.txt" 2>&1
  end=$(date +%s.%N)
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time-$run.txt")
  python3 - "$out/_runs/dt=2026-11-27/manifest.json" "$run" "$events" "$start" "$end" "$rss_kb" \
    "$WORK/log-$run.txt" >> "$SUMMARY" <<'PY'
import json, re, sys
manifest, run, events, start, end, rss, log = sys.argv[1:]
m = json.load(open(manifest))
stages = m["stageMillis"]
parts = {}
for line in open(log):
    g = re.search(r"train: candidate sources in (\d+) ms, item vectors in (\d+) ms, ranker sample of \d+ rows in (\d+) ms, ranker in (\d+) ms", line)
    if g:
        parts = {"sources": int(g.group(1)), "vectors": int(g.group(2)), "sample": int(g.group(3)), "ranker": int(g.group(4))}
print("\t".join([run, events, "%.1f" % (float(end) - float(start)), "%.2f" % (int(rss) / 1024 / 1024)]
                + ["%s=%.1f" % (k, v / 1000) for k, v in stages.items()]
                + ["%s=%.1f" % (k, v / 1000) for k, v in parts.items()]))
PY
done
python3 - "$SUMMARY" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print("\nnightly, default config with its evaluation, local[2], -Xmx8g, one run each (seconds):")
names = ["ingest", "features", "train", "score", "evaluate", "publish", "sources", "vectors", "sample", "ranker"]
print("%-10s %9s %8s %8s  " % ("data", "events", "wall", "RSS GiB") + " ".join("%9s" % s for s in names))
for r in rows:
    t = {kv.split("=")[0]: float(kv.split("=")[1]) for kv in r[4:]}
    print("%-10s %9s %8s %8s  " % (r[0], r[1], r[2], r[3]) + " ".join("%9.1f" % t.get(s, 0) for s in names))
print("(sources, vectors, sample, ranker: parts of train, besides the encoder)")
by = {r[0]: r for r in rows}
if "10000" in by and "100000" in by:
    a, b = by["10000"], by["100000"]
    print("100,000 -> 1,000,000 events: data x10, wall x%.1f" % (float(b[2]) / float(a[2])))
budgets = {"sample": 180, "movielens": 180, "100000": 600}
for name, limit in budgets.items():
    if name in by:
        wall = float(by[name][2])
        print("%-10s %6.1f s  (budget %d s) %s" % (name, wall, limit, "ok" if wall <= limit else "OVER"))
PY

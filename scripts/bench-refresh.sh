#!/usr/bin/env bash
# An intraday refresh against the full night it starts from. `generate` makes ITEMS + ITEMS/200
# items and EVENTS + EVENTS/100 events (seed 1); the night sees the first ITEMS items and the
# first EVENTS events (less those on the held-back items); the day then adds the held-back items
# and the last 1% of events, moved to the hours after the night's newest event. Runs `nightly`
# (evaluation included, as scheduled) for 2026-11-01, then `refresh` for 2026-11-02, both with
# -Xmx4g in local[2], and prints both wall times (JVM start included in both) and the ratio,
# also against the night without its evaluate stage (from the manifest's stageMillis).
#   scripts/bench-refresh.sh                  # 10000 items / 10000 users / 100000 events
#   scripts/bench-refresh.sh 1000 10000       # ITEMS EVENTS [USERS, default ITEMS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=java17-flags.sh
source "$ROOT/scripts/java17-flags.sh"
ITEMS="${1:-10000}"
EVENTS="${2:-100000}"
USERS="${3:-$ITEMS}"
NEW_ITEMS=$((ITEMS / 200 > 0 ? ITEMS / 200 : 1))
NEW_EVENTS=$((EVENTS / 100))
WORK="${BENCH_DIR:-/tmp/recs-bench-refresh}"
mkdir -p "$WORK"
"$ROOT/scripts/recs" --version >/dev/null   # builds the jar when stale
JAR="$ROOT/pipeline-jobs/target/recs-jobs.jar"
gen="$WORK/gen-$ITEMS-$EVENTS"
night="$WORK/night-$ITEMS-$EVENTS"
day="$WORK/day-$ITEMS-$EVENTS"
out="$WORK/out-$ITEMS-$EVENTS"
if [ ! -f "$day/interactions.csv" ]; then
  "$ROOT/scripts/recs" generate --items $((ITEMS + NEW_ITEMS)) --users "$USERS" \
    --events $((EVENTS + NEW_EVENTS)) --output "$gen" --seed 1 >/dev/null
  python3 - "$gen" "$night" "$day" "$ITEMS" "$EVENTS" <<'PY'
import csv, os, random, sys
gen, night, day, items, events = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
end = 1793491200  # SyntheticData.END, 2026-11-01T00:00:00Z: every generated event is before it
for d in (night, day):
    os.makedirs(d, exist_ok=True)
old = lambda item_id: int(item_id[1:]) < items
with open(f"{gen}/catalog.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
for path, keep in ((f"{night}/catalog.csv", lambda r: old(r[0])), (f"{day}/catalog.csv", lambda r: True)):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows([rows[0]] + [r for r in rows[1:] if keep(r)])
with open(f"{gen}/interactions.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, first, rest = rows[0], rows[1:events + 1], rows[events + 1:]
seen = [r for r in first if old(r[1])]
rng = random.Random(1)
fresh = sorted(([u, i, t, str(end + rng.randrange(6 * 3600))] for u, i, t, _ in rest), key=lambda r: int(r[3]))
with open(f"{night}/interactions.csv", "w", newline="", encoding="utf-8") as f:
    csv.writer(f, lineterminator="\n").writerows([header] + seen)
with open(f"{day}/interactions.csv", "w", newline="", encoding="utf-8") as f:
    csv.writer(f, lineterminator="\n").writerows([header] + seen + fresh)
print(f"bench: the night sees {items} items and {len(seen)} events; the day adds "
      f"{sum(1 for _ in open(f'{day}/catalog.csv')) - 1 - items} items and {len(fresh)} events", file=sys.stderr)
PY
fi
rm -rf "$out"

run() {  # run NAME ARGS...: prints wall seconds
  local name="$1"
  shift
  local start end
  start=$(date +%s.%N)
  java -Xmx4g "${JAVA17_OPENS[@]}" -Drecs.home="$ROOT" -jar "$JAR" "$@" --master 'local[2]' \
    --output "$out" > "$WORK/log-$name.txt" 2>&1
  end=$(date +%s.%N)
  python3 -c "print('%.1f' % ($end - $start))"
}

echo "bench: nightly on $ITEMS items / $USERS users / $EVENTS events ..." >&2
night_wall=$(run nightly nightly --catalog "$night/catalog.csv" --interactions "$night/interactions.csv" --date 2026-11-01)
echo "bench: refresh with $NEW_ITEMS new items and $NEW_EVENTS new events ..." >&2
refresh_wall=$(run refresh refresh --catalog "$day/catalog.csv" --interactions "$day/interactions.csv" --date 2026-11-02)
grep -E '^(refreshed|  [0-9,]+ new items)' "$WORK/log-refresh.txt" || true

python3 - "$out" "$night_wall" "$refresh_wall" <<'PY'
import json, sys
out, night_wall, refresh_wall = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
night = json.load(open(f"{out}/_runs/dt=2026-11-01/manifest.json"))
day = json.load(open(f"{out}/_runs/dt=2026-11-02/manifest.json"))
fmt = lambda m: " ".join("%s=%.1f" % (k, v / 1000) for k, v in m["stageMillis"].items())
evaluate = night["stageMillis"].get("evaluate", 0) / 1000
r = day["refresh"]
print("\nintraday refresh against the night it starts from, local[2], -Xmx4g (seconds):")
print("  nightly  %7.1f wall   stages: %s" % (night_wall, fmt(night)))
print("  refresh  %7.1f wall   stages: %s" % (refresh_wall, fmt(day)))
print("  refresh: %d new items, %d old similar_items lists updated, %d users re-scored"
      % (r["newItems"], r["updatedSimilarItems"], r["rescoredUsers"]))
print("refresh / nightly = %.1f%%" % (100 * refresh_wall / night_wall))
print("refresh / nightly without evaluation (%.1f s) = %.1f%%"
      % (night_wall - evaluate, 100 * refresh_wall / (night_wall - evaluate)))
PY

#!/usr/bin/env bash
# Replays movielens-dev as consecutive nights and compares warm starts with full retrains.
#
#   scripts/replay-nights.sh [NIGHTS] [MOVIELENS_DIR]      (defaults: 4, ../shared/data/movielens-dev)
#
# The protocol of movielens-dev/README.md splits each user's ratings 80/20 by time; the test
# part is never shown to any night. The train part is cut by week: night w sees every train
# rating up to the end of week w of the last NIGHTS weeks. Two outputs are run night by night:
#   full   every night trains from scratch (--full-retrain)
#   warm   night 1 is the same full night (copied), later nights fine-tune the previous model
# Quality: NDCG@10 / recall@10 of each night's published user_recommendations (top 10) on the
# protocol's test ratings. Time: the train stage (encoder + feature decision) and the score
# stage (which trains the ranker) from each night's manifest, and the night's wall time.
# Config: scripts/movielens.conf with the hybrid published, one label sample and one network
# (a night in a few minutes) and no nightly evaluation (the replay measures quality itself).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NIGHTS="${1:-4}"
ML="${2:-$ROOT/../shared/data/movielens-dev}"
WORK="${REPLAY_DIR:-/tmp/recs-replay}"
RECS="$ROOT/scripts/recs"
if [ ! -f "$ML/ratings.csv" ]; then
  echo "replay-nights: no $ML/ratings.csv (movielens-dev is not beside the repository)" >&2
  exit 2
fi
rm -rf "$WORK" && mkdir -p "$WORK"
"$RECS" convert-movielens --input "$ML" --output "$WORK/ml" > "$WORK/convert.log" 2>&1

cat > "$WORK/replay.conf" <<EOF
include "$ROOT/scripts/movielens.conf"
recs {
  eval.enabled = false
  ranker { label-fractions = [0.2], ensemble = 1 }
  # nights are a week apart here: never force a full retrain by age during the replay
  training.full-retrain-days = 365
}
EOF

# protocol split and weekly nights: nights/<w>/interactions.csv, test.csv, dates.txt
python3 - "$WORK" "$NIGHTS" <<'PY'
import csv, glob, os, sys, datetime
work, nights = sys.argv[1], int(sys.argv[2])
rows = []
for f in glob.glob(os.path.join(work, "ml", "interactions", "*.csv")):
    with open(f, newline="") as fh:
        r = csv.reader(fh); header = next(r)
        rows.extend(r)
by_user = {}
for u, i, t, v, ts in rows:
    by_user.setdefault(u, []).append((int(ts), int(i), u, i, t, v))
train, test = [], []
for u, events in by_user.items():
    events.sort()
    n_test = max(1, round(len(events) * 0.2))
    train.extend(events[:-n_test]); test.extend(events[-n_test:])
with open(os.path.join(work, "test.csv"), "w", newline="") as fh:
    w = csv.writer(fh)
    for e in test:
        w.writerow([e[2], e[3]])
last = max(e[0] for e in train)
week = 7 * 24 * 3600
dates = []
for n in range(1, nights + 1):
    end = last - (nights - n) * week
    d = os.path.join(work, "nights", str(n)); os.makedirs(d)
    kept = [e for e in train if e[0] <= end]
    with open(os.path.join(d, "interactions.csv"), "w", newline="") as fh:
        w = csv.writer(fh); w.writerow(header)
        for e in kept:
            w.writerow([e[2], e[3], e[4], e[5], e[0]])
    date = (datetime.datetime.utcfromtimestamp(end) + datetime.timedelta(days=1)).date().isoformat()
    dates.append(f"{n} {date} {len(kept)}")
with open(os.path.join(work, "dates.txt"), "w") as fh:
    fh.write("\n".join(dates) + "\n")
print(f"protocol: {len(train):,} train / {len(test):,} test ratings; {nights} weekly nights:")
for line in dates:
    n, date, kept = line.split()
    print(f"  night {n}  dt={date}  {int(kept):,} train ratings seen")
PY

night() {  # mode n date [flags...]
  local mode="$1" n="$2" date="$3"; shift 3
  local start end
  start=$(date +%s.%N)
  "$RECS" nightly --config "$WORK/replay.conf" --catalog "$WORK/ml/catalog" \
    --interactions "$WORK/nights/$n/interactions.csv" --output "$WORK/$mode" --date "$date" "$@" \
    > "$WORK/$mode-$n.log" 2>&1 || { echo "night $n ($mode) failed, see $WORK/$mode-$n.log" >&2; tail -3 "$WORK/$mode-$n.log" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v m="$mode" -v n="$n" -v d="$date" -v s="$start" -v e="$end" 'BEGIN { printf "%s %s %s %.1f\n", m, n, d, e - s }' >> "$WORK/walls.txt"
}

while read -r n date _; do
  night full "$n" "$date" --full-retrain
  if [ "$n" = 1 ]; then
    cp -r "$WORK/full" "$WORK/warm"
    grep "^full 1 " "$WORK/walls.txt" | sed 's/^full/warm/' >> "$WORK/walls.txt"
  else
    night warm "$n" "$date"
  fi
done < "$WORK/dates.txt"

# quality of each night's published lists on the protocol test ratings
QUERY="WITH test AS (SELECT DISTINCT _c0 AS user_id, _c1 AS item_id FROM csv.\`$WORK/test.csv\`),
 ideal AS (SELECT user_id, aggregate(sequence(1, least(count(*), 10)), 0D, (a, i) -> a + 1 / log2(i + 1)) AS idcg,
   count(*) AS n FROM test GROUP BY user_id),
 hits AS (SELECT r.dt, r.user_id, sum(1 / log2(r.rank + 1)) AS dcg, count(*) AS h
   FROM user_recommendations r JOIN test t ON r.user_id = t.user_id AND r.item_id = t.item_id
   WHERE r.rank <= 10 GROUP BY r.dt, r.user_id),
 dts AS (SELECT DISTINCT dt FROM user_recommendations)
SELECT concat('Q ', d.dt, ' ', round(avg(coalesce(h.dcg, 0) / i.idcg), 4), ' ', round(avg(coalesce(h.h, 0) / i.n), 4)) AS q
FROM dts d CROSS JOIN ideal i LEFT JOIN hits h ON h.dt = d.dt AND h.user_id = i.user_id GROUP BY d.dt ORDER BY d.dt"
for mode in full warm; do
  "$RECS" sql --output "$WORK/$mode" --rows 100 "$QUERY" 2>/dev/null | grep -o 'Q [0-9-]* [0-9.E-]* [0-9.E-]*' \
    | sed "s/^Q/$mode/" >> "$WORK/quality.txt"
done

python3 - "$WORK" <<'PY'
import json, os, sys
work = sys.argv[1]
walls = {}
for line in open(os.path.join(work, "walls.txt")):
    mode, n, date, wall = line.split(); walls[(mode, date)] = float(wall)
quality = {}
for line in open(os.path.join(work, "quality.txt")):
    mode, date, ndcg, recall = line.split(); quality[(mode, date)] = (float(ndcg), float(recall))
def manifest(mode, date):
    return json.load(open(os.path.join(work, mode, "_runs", f"dt={date}", "manifest.json")))
print("movielens-dev replayed as weekly nights (protocol test ratings never seen), one run:")
print(f"{'night':>5} {'dt':>10}  {'mode':>4} {'training':>8} {'ndcg@10':>8} {'recall@10':>9} {'train s':>8} {'score s':>8} {'wall s':>7}")
dates = [l.split() for l in open(os.path.join(work, "dates.txt"))]
sums = {"full": [0, 0, 0, 0], "warm": [0, 0, 0, 0]}
for n, date, _ in dates:
    for mode in ("full", "warm"):
        m = manifest(mode, date)
        st = m["stageMillis"]
        nd, rc = quality.get((mode, date), (float("nan"), float("nan")))
        print(f"{n:>5} {date:>10}  {mode:>4} {m['model']['training']:>8} {nd:8.4f} {rc:9.4f} "
              f"{st['train']/1000:8.1f} {st['score']/1000:8.1f} {walls[(mode, date)]:7.1f}")
        if n != "1":
            s = sums[mode]; s[0] += nd; s[1] += st["train"] / 1000; s[2] += st["score"] / 1000; s[3] += walls[(mode, date)]
later = len(dates) - 1
if later > 0:
    f, w = sums["full"], sums["warm"]
    print(f"nights 2..{len(dates)}, mean: full ndcg@10 {f[0]/later:.4f}, warm {w[0]/later:.4f} "
          f"({(w[0]/f[0]-1)*100:+.1f}%); train stage warm/full {w[1]/f[1]:.2f}x, "
          f"score stage (ranker) warm/full {w[2]/f[2]:.2f}x, night warm/full {w[3]/f[3]:.2f}x")
PY

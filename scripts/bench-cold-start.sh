#!/usr/bin/env bash
# Tunes the item vectors on a work area a `recs evaluate` left (_work/dt=<date>/): for each HOCON
# override of `recs` given, the item cold-start protocol's neighbour precision@10 and per-user AUC
# of every way of placing a new item (without the published lists).
#   scripts/bench-cold-start.sh /tmp/ml-out/_work/dt=2026-11-28 scripts/movielens.conf 'seed = 42' 'collaborative.blend-events = 50'
set -euo pipefail
# shellcheck source=bench-classpath.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-classpath.sh"
exec java -Xmx8g "${JAVA17_OPENS[@]}" -cp "$BENCH_CP" dev.recs.bench.ColdStartExperiment "$@"

#!/usr/bin/env bash
# Tunes the hybrid on a work area a `recs evaluate` left (it keeps _work/dt=<date>/): for each
# HOCON override of `recs` given, NDCG@10, coverage@10 and cold-item recall@10 of the hybrid, of the
# hybrid with its new-item slot alone and of the published model (slots and coverage swaps) on the
# evaluation's temporal protocol.
#   scripts/bench-ranker.sh /tmp/ml-out/_work/dt=2026-11-28 'ranker.negatives-per-user = 100' 'ranker.als-rank = 0'
set -euo pipefail
# shellcheck source=bench-classpath.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-classpath.sh"
exec java -Xmx8g "${JAVA17_OPENS[@]}" -cp "$BENCH_CP" dev.recs.bench.RankerExperiment "$@"

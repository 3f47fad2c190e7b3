#!/usr/bin/env bash
# Compares two outputs' published tables of one date row for row (all columns but model_version):
#   scripts/compare-outputs.sh /tmp/before /tmp/after 2026-11-29 [table ...]
set -euo pipefail
# shellcheck source=bench-classpath.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-classpath.sh"
exec java -Xmx4g "${JAVA17_OPENS[@]}" -cp "$BENCH_CP" dev.recs.bench.CompareOutputs "$@"

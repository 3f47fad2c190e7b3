#!/usr/bin/env bash
# Exact top-20 neighbours of 20,000 generated items (64 dims) in Spark local[2]: the blocked
# kernel vs crossJoin + window rank vs MLlib BucketedRandomProjectionLSH (1, 2, 4 tables).
# Prints wall time, ratio to the blocked method and recall@20. About ten minutes, mostly the
# cross join.  Usage: scripts/bench-similarity.sh [items] [dim] [lsh tables, comma-separated] [methods: cross,lsh]
set -euo pipefail
# shellcheck source=bench-classpath.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-classpath.sh"
exec java -Xmx8g "${JAVA17_OPENS[@]}" -cp "$BENCH_CP" dev.recs.bench.SimilarityBench "$@"

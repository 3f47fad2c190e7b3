#!/usr/bin/env bash
# JMH: the similarity block kernel (SGEMM + bounded top-K heap per row) against plain SGEMM of
# the same shape (2048 x 64 by its transpose), single-threaded BLAS as in the pipeline's tasks.
# Prints both in GFLOP/s and the kernel's share of SGEMM (target >= 50%). About two minutes.
set -euo pipefail
# shellcheck source=bench-classpath.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-classpath.sh"
exec java -Xmx2g "${JAVA17_OPENS[@]}" -cp "$BENCH_CP" dev.recs.bench.KernelReport

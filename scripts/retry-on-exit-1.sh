#!/usr/bin/env bash
# Runs a recs command (e.g. scripts/recs nightly ...) and retries it once, after a pause, only
# when it exits 1 (anything but bad input or config, 2, and a failed quality gate, 3, which a
# retry cannot mend): the same rule as the Airflow DAG. Exits with the last run's code.
#
#   scripts/retry-on-exit-1.sh scripts/recs nightly --output /data/recs --date 2026-11-01 ...
#
# Environment: RECS_RETRY_DELAY (seconds before the retry, default 900).
set -uo pipefail
"$@"
code=$?
if [ "$code" -eq 1 ]; then
  echo "retry-on-exit-1: '$*' exited 1; retrying once in ${RECS_RETRY_DELAY:-900} s" >&2
  sleep "${RECS_RETRY_DELAY:-900}"
  "$@"
  code=$?
fi
exit "$code"

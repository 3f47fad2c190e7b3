# Sourced by scripts/bench-*.sh: builds the benchmarks module (and what it depends on) and sets
# BENCH_CP to its classes and dependencies.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=java17-flags.sh
source "$ROOT/scripts/java17-flags.sh"
echo "bench: building the benchmarks module (mvn install -DskipTests) ..." >&2
(cd "$ROOT" && mvn -q -B -DskipTests install -pl benchmarks -am \
  && mvn -q -B -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt) >&2
BENCH_CP="$ROOT/benchmarks/target/classes:$(cat "$ROOT/benchmarks/target/classpath.txt")"
export BENCH_CP

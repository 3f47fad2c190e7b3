#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, from the Maven jars alone (no Spark download):
# one Master and two Workers on 127.0.0.1, each Worker with 1 core and 1 GiB for executors.
#
#   scripts/local-cluster.sh start    # builds the cluster jar and SPARK_HOME/jars if missing
#   scripts/local-cluster.sh status
#   scripts/local-cluster.sh stop
#
# Then, in the same shell setup:
#   export SPARK_HOME=/tmp/recs-local-cluster/spark-home
#   scripts/spark-submit-nightly.sh --master spark://127.0.0.1:7077 --executor-memory 1g \
#     --executor-cores 1 -- --catalog scripts/sample/catalog.csv --interactions scripts/sample/interactions.csv \
#     --output /tmp/recs-cluster-out
#
# Environment: RECS_CLUSTER_DIR (default /tmp/recs-local-cluster: jars, logs, pids, work dirs),
# RECS_CLUSTER_PORT (default 7077; web UI on 8080, Workers on 8081/8082), RECS_WORKER_MEMORY
# (default 1g per Worker; a --deploy-mode cluster driver runs on a Worker and needs its
# --driver-memory there as well, e.g. 3g for a 2g driver beside a 1g executor).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=java17-flags.sh
source "$ROOT/scripts/java17-flags.sh"
SA="${RECS_CLUSTER_DIR:-/tmp/recs-local-cluster}"
PORT="${RECS_CLUSTER_PORT:-7077}"
export SPARK_HOME="$SA/spark-home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS="$SA/local"
JOPTS=(-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false "${JAVA17_OPENS[@]}")

prepare() {
  local jar="$ROOT/pipeline-jobs/target/recs-jobs-cluster.jar"
  if [ ! -f "$jar" ]; then
    echo "local-cluster: building the cluster jar (mvn -Pcluster package) ..." >&2
    (cd "$ROOT" && mvn -q -B -Pcluster -DskipTests package) >&2
  fi
  if [ ! -f "$SPARK_HOME/jars/spark-core_2.12-3.5.9.jar" ]; then
    echo "local-cluster: collecting Spark 3.5.9's jars from Maven into $SPARK_HOME/jars ..." >&2
    rm -rf "$SPARK_HOME/jars" && mkdir -p "$SPARK_HOME/jars"
    mvn -q -B -f "$ROOT/scripts/spark-home/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$SPARK_HOME/jars" >&2
  fi
}

alive_workers() {
  curl -s "http://127.0.0.1:8080/json/" | grep -oE '"aliveworkers" : [0-9]+' | grep -oE '[0-9]+$' || echo 0
}

start() {
  prepare
  mkdir -p "$SA/logs" "$SA/pids" "$SA/local"   # SPARK_LOCAL_DIRS: executors fail without it
  if [ -f "$SA/pids/master" ] && kill -0 "$(cat "$SA/pids/master")" 2>/dev/null; then
    echo "local-cluster: already running (spark://127.0.0.1:$PORT)"; return 0
  fi
  java "${JOPTS[@]}" -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$PORT" --webui-port 8080 > "$SA/logs/master.log" 2>&1 &
  echo $! > "$SA/pids/master"
  for i in 1 2; do
    java "${JOPTS[@]}" -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores 1 --memory "${RECS_WORKER_MEMORY:-1g}" --webui-port "808$i" --work-dir "$SA/work$i" \
      "spark://127.0.0.1:$PORT" > "$SA/logs/worker$i.log" 2>&1 &
    echo $! > "$SA/pids/worker$i"
  done
  for _ in $(seq 120); do
    [ "$(alive_workers)" = 2 ] && { echo "local-cluster: spark://127.0.0.1:$PORT with 2 workers (SPARK_HOME=$SPARK_HOME)"; return 0; }
    sleep 1
  done
  echo "local-cluster: workers did not register within 120 s; logs in $SA/logs" >&2
  stop
  return 1
}

stop() {
  for p in worker1 worker2 master; do
    [ -f "$SA/pids/$p" ] || continue
    pid=$(cat "$SA/pids/$p")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done
  rm -rf "$SA/work1" "$SA/work2" "$SA/local" "$SA/pids"
  echo "local-cluster: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) echo "alive workers: $(alive_workers)" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac

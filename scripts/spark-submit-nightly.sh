#!/usr/bin/env bash
# Runs the nightly on a cluster through spark-submit, with the cluster jar (Spark and Hadoop
# provided: build it with `mvn -Pcluster -DskipTests package`).
#
#   scripts/spark-submit-nightly.sh [launcher options] [--] [recs nightly flags]
#
# Launcher options (everything else is passed to `recs nightly`, e.g. --date, --output, --config):
#   --master URL             spark://host:7077, yarn, k8s://... (default: $RECS_MASTER or local[*])
#   --deploy-mode MODE       client (default) or cluster
#   --executor-memory SIZE   default 4g
#   --executor-cores N       default 2
#   --num-executors N        YARN / Kubernetes only
#   --driver-memory SIZE     default 4g (the driver trains the models: give it room)
#   --conf KEY=VALUE         any Spark setting, repeatable
#   --command NAME           recs subcommand (default nightly; e.g. evaluate, publish)
#
# Environment: SPARK_HOME (spark-submit is $SPARK_HOME/bin/spark-submit; without bin/, as with a
# SPARK_HOME made of Maven jars only, SparkSubmit runs from $SPARK_HOME/jars), RECS_CLUSTER_JAR
# (default pipeline-jobs/target/recs-jobs-cluster.jar), OMP_NUM_THREADS (default 1, forwarded to
# the executors). Exit code: the nightly's own (0 done, 2 bad input or config, 3 quality gate,
# 1 anything else).
#
# Example, two workers of 2 cores:
#   scripts/spark-submit-nightly.sh --master spark://127.0.0.1:7077 --executor-memory 2g \
#     -- --catalog hdfs:///raw/catalog --interactions hdfs:///raw/events --output hdfs:///recs \
#        --date 2026-11-27
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=java17-flags.sh
source "$ROOT/scripts/java17-flags.sh"

MASTER="${RECS_MASTER:-local[*]}"
DEPLOY_MODE=client
EXECUTOR_MEMORY=4g
EXECUTOR_CORES=2
DRIVER_MEMORY=4g
NUM_EXECUTORS=""
COMMAND=nightly
CONFS=()
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master) MASTER="$2"; shift 2 ;;
    --deploy-mode) DEPLOY_MODE="$2"; shift 2 ;;
    --executor-memory) EXECUTOR_MEMORY="$2"; shift 2 ;;
    --executor-cores) EXECUTOR_CORES="$2"; shift 2 ;;
    --num-executors) NUM_EXECUTORS="$2"; shift 2 ;;
    --driver-memory) DRIVER_MEMORY="$2"; shift 2 ;;
    --conf) CONFS+=(--conf "$2"); shift 2 ;;
    --command) COMMAND="$2"; shift 2 ;;
    --) shift; ARGS+=("$@"); break ;;
    *) ARGS+=("$1"); shift ;;
  esac
done

JAR="${RECS_CLUSTER_JAR:-$ROOT/pipeline-jobs/target/recs-jobs-cluster.jar}"
if [ ! -f "$JAR" ]; then
  echo "spark-submit-nightly: no cluster jar at $JAR; build it with: mvn -Pcluster -DskipTests package" >&2
  exit 2
fi
: "${SPARK_HOME:?spark-submit-nightly: set SPARK_HOME (a Spark 3.5 installation, or a folder whose jars/ holds Spark)}"

OPENS="-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false ${JAVA17_OPENS[*]} ${RECS_OFFHEAP_OPTS[*]}"
SUBMIT_ARGS=(
  --master "$MASTER" --deploy-mode "$DEPLOY_MODE" --class dev.recs.jobs.Main --name "recs-$COMMAND"
  --driver-memory "$DRIVER_MEMORY" --executor-memory "$EXECUTOR_MEMORY" --executor-cores "$EXECUTOR_CORES"
  --conf "spark.driver.extraJavaOptions=$OPENS -Drecs.home=$ROOT"
  --conf "spark.executor.extraJavaOptions=$OPENS"
  --conf "spark.executorEnv.OMP_NUM_THREADS=$OMP_NUM_THREADS"
  --conf "spark.executorEnv.SPARK_SCALA_VERSION=2.12"
  --conf "spark.sql.session.timeZone=UTC"
)
[ -n "$NUM_EXECUTORS" ] && SUBMIT_ARGS+=(--num-executors "$NUM_EXECUTORS")
if [ "$DEPLOY_MODE" = cluster ]; then
  # standalone cluster mode: report the driver's outcome instead of returning at submission
  SUBMIT_ARGS+=(--conf spark.standalone.submit.waitAppCompletion=true)
fi
[ ${#CONFS[@]} -gt 0 ] && SUBMIT_ARGS+=("${CONFS[@]}")

export SPARK_SCALA_VERSION=2.12
if [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  exec "$SPARK_HOME/bin/spark-submit" "${SUBMIT_ARGS[@]}" "$JAR" "$COMMAND" "${ARGS[@]}"
fi
# shellcheck disable=SC2086
exec java -Xmx"$DRIVER_MEMORY" $OPENS -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
  "${SUBMIT_ARGS[@]}" "$JAR" "$COMMAND" "${ARGS[@]}"

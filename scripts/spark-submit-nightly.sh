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
#   --run-id ID              names the run (default: made up here); its outcome is recorded as
#                            <output>/_runs/dt=<date>/outcome-<ID>.json
#
# Memory: ND4J keeps its arrays off the Java heap; the driver's and the executors' are capped
# (-Dorg.bytedeco.javacpp.maxbytes: RECS_OFFHEAP_MAX, default 4g, for the driver, and
# RECS_EXECUTOR_OFFHEAP_MAX, default 1g, for each executor), and the cap plus 512m is asked of
# the cluster manager as memory overhead (spark.driver.memoryOverhead,
# spark.executor.memoryOverhead), so that YARN or Kubernetes does not kill a container that
# uses what it was allowed.
#
# Cluster deploy mode: the driver runs on a node of the cluster, so --config, the inputs and
# --output must be paths it reads (hdfs://, s3a://, shared storage), or --config a file shipped
# with --conf spark.files=... (YARN and Kubernetes put it in the driver's folder; name it
# --config recs.conf). On a standalone master the submit waits for the night
# (spark.standalone.submit.waitAppCompletion=true).
#
# Environment: SPARK_HOME (spark-submit is $SPARK_HOME/bin/spark-submit; without bin/, as with a
# SPARK_HOME made of Maven jars only, SparkSubmit runs from $SPARK_HOME/jars), RECS_CLUSTER_JAR
# (default pipeline-jobs/target/recs-jobs-cluster.jar), OMP_NUM_THREADS (default 1, forwarded to
# the executors), HADOOP_CONF_DIR (read when the outcome is looked up on hdfs://).
#
# Exit code: the run's own (0 done, 2 bad input or config, 3 quality gate, 1 anything else). A
# cluster manager reports only "failed" (a standalone cluster-mode submit exits 0 whatever the
# driver did), so after the submit the wrapper reads the outcome the run recorded under
# --output (`recs runs --run-id`) and exits with its code; a run that recorded nothing (its
# driver was killed or lost) exits 1, which a scheduler may retry.
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
RUN_ID=""
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
    --run-id) RUN_ID="$2"; shift 2 ;;
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

# the value of a flag of the run (e.g. --output), from the arguments passed on to recs
arg_value() {
  local name="$1"; shift
  while [ $# -gt 0 ]; do
    case "$1" in
      "$name") echo "${2:-}"; return ;;
      "$name"=*) echo "${1#*=}"; return ;;
    esac
    shift
  done
}
OUTPUT="$(arg_value --output "${ARGS[@]}")"
if [ "$DEPLOY_MODE" = cluster ] && [ -z "$OUTPUT" ]; then
  echo "spark-submit-nightly: --deploy-mode cluster needs --output (a path the driver writes, e.g. hdfs:///recs)" >&2
  exit 2
fi
RUN_ID="${RUN_ID:-$(date -u +%Y%m%dT%H%M%S)-$$}"

# size in MiB of 4g / 512m / 2048
mib() {
  local v="${1,,}"
  case "$v" in
    *g) echo $(( ${v%g} * 1024 )) ;;
    *m) echo "${v%m}" ;;
    *) echo $(( v / 1048576 )) ;;
  esac
}
DRIVER_OFFHEAP="${RECS_OFFHEAP_MAX:-4g}"
EXECUTOR_OFFHEAP="${RECS_EXECUTOR_OFFHEAP_MAX:-1g}"
BASE_OPTS="-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false ${JAVA17_OPENS[*]}"
DRIVER_OPTS="$BASE_OPTS -Dorg.bytedeco.javacpp.maxbytes=$DRIVER_OFFHEAP"
# in client mode the driver is this host, and finds the bundled sample; in cluster mode nothing
# on the driver may name this host's paths
[ "$DEPLOY_MODE" = client ] && DRIVER_OPTS="$DRIVER_OPTS -Drecs.home=$ROOT"
SUBMIT_ARGS=(
  --master "$MASTER" --deploy-mode "$DEPLOY_MODE" --class dev.recs.jobs.Main --name "recs-$COMMAND"
  --driver-memory "$DRIVER_MEMORY" --executor-memory "$EXECUTOR_MEMORY" --executor-cores "$EXECUTOR_CORES"
  --conf "spark.driver.extraJavaOptions=$DRIVER_OPTS"
  --conf "spark.executor.extraJavaOptions=$BASE_OPTS -Dorg.bytedeco.javacpp.maxbytes=$EXECUTOR_OFFHEAP"
  --conf "spark.driver.memoryOverhead=$(( $(mib "$DRIVER_OFFHEAP") + 512 ))m"
  --conf "spark.executor.memoryOverhead=$(( $(mib "$EXECUTOR_OFFHEAP") + 512 ))m"
  --conf "spark.recs.runId=$RUN_ID"
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
echo "spark-submit-nightly: run $RUN_ID ($COMMAND, $DEPLOY_MODE mode on $MASTER)" >&2
set +e
if [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  "$SPARK_HOME/bin/spark-submit" "${SUBMIT_ARGS[@]}" "$JAR" "$COMMAND" "${ARGS[@]}"
else
  # shellcheck disable=SC2086
  java -Xmx1g $BASE_OPTS -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
    "${SUBMIT_ARGS[@]}" "$JAR" "$COMMAND" "${ARGS[@]}"
fi
SUBMIT_CODE=$?

# what the run recorded decides, as its exit code would have
OUTCOME="$(java -Xmx256m $BASE_OPTS -cp "$JAR:$SPARK_HOME/jars/*${HADOOP_CONF_DIR:+:$HADOOP_CONF_DIR}" dev.recs.jobs.Main \
  runs --output "${OUTPUT:-output}" --run-id "$RUN_ID" 2>/dev/null)"
RECORDED=$?
set -e
echo "spark-submit-nightly: ${OUTCOME:-run $RUN_ID: outcome unreadable}" >&2
if [[ "$OUTCOME" == *"no outcome recorded"* ]] || [ -z "$OUTCOME" ]; then
  # nothing recorded: the driver died, or the record could not be read; never report success
  [ "$SUBMIT_CODE" -ne 0 ] && exit "$SUBMIT_CODE"
  exit 1
fi
exit "$RECORDED"

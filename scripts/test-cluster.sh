#!/usr/bin/env bash
# The opt-in standalone-cluster test: builds the cluster jar and a SPARK_HOME from Maven's jars
# (scripts/local-cluster.sh), then runs StandaloneClusterTest, which starts a Master and two
# Workers on 127.0.0.1, submits the nightly to them with scripts/spark-submit-nightly.sh and
# compares its tables with a local run's; then submits in --deploy-mode cluster a night whose
# --config is a file: URI (publishes) and a bad-input night (the submit exits 2, recorded under
# the output). About 8 minutes on 2 cores; not part of .ci/run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export RECS_CLUSTER_DIR="${RECS_CLUSTER_DIR:-/tmp/recs-local-cluster}"
echo "test-cluster: building the cluster jar ..." >&2
mvn -q -B -Pcluster -DskipTests package
export SPARK_HOME="$RECS_CLUSTER_DIR/spark-home"   # filled by local-cluster.sh from scripts/spark-home/pom.xml
mvn -B test -Drecs.cluster.test=true -Dtest=StandaloneClusterTest -Dsurefire.failIfNoSpecifiedTests=false

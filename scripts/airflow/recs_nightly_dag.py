"""recs nightly on a Spark cluster, one run per day: retried only when a retry can help.

The task runs scripts/spark-submit-nightly.sh, the same launcher as by hand, so that the DAG
passes exactly its JVM flags and memory settings (the Java 17 --add-opens, ND4J's off-heap caps
for driver and executors, the memory overhead asked of the cluster manager). The launcher exits
with the run's own code, read from the outcome the run records under --output (a cluster
manager passes on only "failed"):

  0  done.
  2  bad input or config: fails the task without retrying (AirflowFailException): fix the input
     or the config, then clear the task.
  3  quality gate failed: yesterday's tables stay published; fails without retrying. Look at
     the report, then rerun with --force if tonight is right after all.
  1  anything else (a lost executor, an out-of-memory driver, a run killed): retried once.

Install: copy the repository (or at least scripts/ and the cluster jar, built with
`mvn -Pcluster -DskipTests package`) to RECS_HOME on the Airflow workers; SPARK_HOME must name a
Spark 3.5 installation there. Settings below, or Airflow Variables of the same names.
"""
import os
import subprocess
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.operators.python import PythonOperator

RECS_HOME = os.environ.get("RECS_HOME", "/opt/recs")
SETTINGS = {
    "master": "spark://spark-master:7077",
    "deploy_mode": "cluster",
    "driver_memory": "8g",
    "executor_memory": "4g",
    "executor_cores": "2",
    "num_executors": "4",
    "config": "hdfs:///data/recs/conf/recs.conf",
    "catalog": "hdfs:///data/raw/catalog",
    "interactions": "hdfs:///data/raw/interactions",
    "output": "hdfs:///data/recs",
    "keep_days": "14",
}
# exit codes a retry cannot mend: a person must look first
NO_RETRY = {2: "bad input or config", 3: "quality gate failed"}


def command(ds, run_id, settings=SETTINGS, home=RECS_HOME):
    """The launcher's command line for the night of ``ds`` (YYYY-MM-DD)."""
    cmd = [
        os.path.join(home, "scripts", "spark-submit-nightly.sh"),
        "--master", settings["master"],
        "--deploy-mode", settings["deploy_mode"],
        "--driver-memory", settings["driver_memory"],
        "--executor-memory", settings["executor_memory"],
        "--executor-cores", settings["executor_cores"],
        "--run-id", run_id,
    ]
    if settings.get("num_executors"):
        cmd += ["--num-executors", settings["num_executors"]]
    cmd += [
        "--",
        "--config", settings["config"],
        "--catalog", settings["catalog"],
        "--interactions", settings["interactions"],
        "--output", settings["output"],
        "--date", ds,
        "--keep-days", settings["keep_days"],
    ]
    return cmd


def decide(exit_code):
    """Turns the launcher's exit code into the task's end: return, fail for good, or fail to retry."""
    if exit_code == 0:
        return
    if exit_code in NO_RETRY:
        raise AirflowFailException(
            "recs nightly exited %d (%s): not retried; see the log and `recs runs`" % (exit_code, NO_RETRY[exit_code]))
    raise AirflowException("recs nightly exited %d: retried" % exit_code)


def run_nightly(ds, ti=None, run=subprocess.run, **_):
    """The task: one launcher run, its output in the task log, its exit code decided on."""
    attempt = getattr(ti, "try_number", 1)
    run_id = "airflow-%s-try%s" % (ds, attempt)
    completed = run(command(ds, run_id), check=False)
    decide(completed.returncode)


default_args = {
    "owner": "data-team",
    # only exit 1 reaches a retry (2 and 3 raise AirflowFailException)
    "retries": 1,
    "retry_delay": timedelta(minutes=15),
    "sla": timedelta(hours=3),
    "email_on_failure": True,
    "email": ["data-team@example.com"],
}

with DAG(
    dag_id="recs_nightly",
    description="Precompute recommendations: ingest, features, train, score, evaluate, publish",
    schedule="15 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["recs"],
) as dag:
    PythonOperator(
        task_id="nightly",
        # Airflow passes ds and ti from the task's context
        python_callable=run_nightly,
        execution_timeout=timedelta(hours=4),
    )

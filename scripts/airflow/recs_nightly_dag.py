"""recs nightly on a Spark cluster, one run per day, with retries and an SLA.

Needs apache-airflow-providers-apache-spark and a Spark connection (conn_id "spark_default")
whose host is the cluster master. The cluster jar is built with `mvn -Pcluster package`
(pipeline-jobs/target/recs-jobs-cluster.jar) and copied where the Airflow workers can read it.

Exit codes of the job: 0 done, 2 bad input or config (retrying will not help: fix the input),
3 quality gate failed (yesterday's tables stay published; rerun with --force after a look),
1 anything else (retried).
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAVA17 = " ".join(
    "--add-opens=java.base/%s=ALL-UNNAMED" % p
    for p in [
        "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
        "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref",
        "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar",
    ]
)

default_args = {
    "owner": "data-team",
    "retries": 2,
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
    SparkSubmitOperator(
        task_id="nightly",
        conn_id="spark_default",
        application="/opt/recs/recs-jobs-cluster.jar",
        java_class="dev.recs.jobs.Main",
        name="recs-nightly-{{ ds }}",
        driver_memory="8g",
        executor_memory="4g",
        executor_cores=2,
        num_executors=4,
        conf={
            "spark.driver.extraJavaOptions": JAVA17,
            "spark.executor.extraJavaOptions": JAVA17,
            "spark.executorEnv.OMP_NUM_THREADS": "1",
            "spark.sql.session.timeZone": "UTC",
        },
        env_vars={"OMP_NUM_THREADS": "1"},
        application_args=[
            "nightly",
            "--config", "/opt/recs/recs.conf",
            "--catalog", "hdfs:///data/raw/catalog",
            "--interactions", "hdfs:///data/raw/interactions",
            "--output", "hdfs:///data/recs",
            "--date", "{{ ds }}",
            "--keep-days", "14",
        ],
        execution_timeout=timedelta(hours=4),
    )

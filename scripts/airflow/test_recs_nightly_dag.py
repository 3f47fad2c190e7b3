"""The DAG's decisions, tested without Airflow: its modules are stubbed before the DAG loads.

Run: python3 -m unittest discover -s scripts/airflow (also run by the Maven suite, AirflowDagTest).
"""
import importlib.util
import os
import sys
import types
import unittest


class AirflowException(Exception):
    pass


class AirflowFailException(AirflowException):
    pass


class _Dag:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.tasks = []

    def __enter__(self):
        _Dag.current = self
        return self

    def __exit__(self, *exc):
        _Dag.current = None


class _PythonOperator:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        _Dag.current.tasks.append(self)


def _load_dag():
    airflow = types.ModuleType("airflow")
    airflow.DAG = _Dag
    exceptions = types.ModuleType("airflow.exceptions")
    exceptions.AirflowException = AirflowException
    exceptions.AirflowFailException = AirflowFailException
    operators = types.ModuleType("airflow.operators")
    python = types.ModuleType("airflow.operators.python")
    python.PythonOperator = _PythonOperator
    sys.modules.update({"airflow": airflow, "airflow.exceptions": exceptions,
                        "airflow.operators": operators, "airflow.operators.python": python})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "recs_nightly_dag.py")
    spec = importlib.util.spec_from_file_location("recs_nightly_dag", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DAG_MODULE = _load_dag()


class _Completed:
    def __init__(self, returncode):
        self.returncode = returncode


class _Ti:
    try_number = 2


class NightlyDagTest(unittest.TestCase):
    def run_with_exit(self, code):
        calls = []

        def fake_run(cmd, check):
            calls.append(cmd)
            return _Completed(code)

        DAG_MODULE.run_nightly("2026-11-01", ti=_Ti(), run=fake_run)
        return calls

    def test_bad_input_and_quality_gate_fail_without_retry(self):
        for code in (2, 3):
            with self.assertRaises(AirflowFailException, msg="exit %d" % code):
                self.run_with_exit(code)

    def test_any_other_failure_is_retried(self):
        for code in (1, 137, 255):
            with self.assertRaises(AirflowException) as raised:
                self.run_with_exit(code)
            self.assertNotIsInstance(raised.exception, AirflowFailException, "exit %d" % code)

    def test_success_ends_the_task(self):
        calls = self.run_with_exit(0)
        self.assertEqual(len(calls), 1)

    def test_the_dag_retries_once_and_only_through_the_launcher(self):
        self.assertEqual(DAG_MODULE.default_args["retries"], 1)
        dag = DAG_MODULE.dag
        self.assertEqual([t.kwargs["task_id"] for t in dag.tasks], ["nightly"])
        self.assertIs(dag.tasks[0].kwargs["python_callable"], DAG_MODULE.run_nightly)

    def test_the_command_is_the_wrapper_in_cluster_mode_with_date_and_a_run_id_per_try(self):
        cmd = self.run_with_exit(0)[0]
        self.assertTrue(cmd[0].endswith("scripts/spark-submit-nightly.sh"))
        self.assertEqual(cmd[cmd.index("--deploy-mode") + 1], "cluster")
        self.assertEqual(cmd[cmd.index("--date") + 1], "2026-11-01")
        self.assertEqual(cmd[cmd.index("--run-id") + 1], "airflow-2026-11-01-try2")
        self.assertLess(cmd.index("--run-id"), cmd.index("--"))


if __name__ == "__main__":
    unittest.main()

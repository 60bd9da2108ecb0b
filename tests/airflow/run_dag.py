"""Run one DAG with ``dag.test()`` and print its outcome as JSON (one line, last).

Executed by the Airflow venv's Python (tests/airflow/test_dags.py): Airflow is not
importable from the project's venv. ``AIRFLOW_HOME`` and the database are set in the
environment before this imports Airflow; ``airflow db migrate`` has run.

    python run_dag.py DAG_ID CONF_JSON
"""

import json
import os
import sys

from airflow.dag_processing.dagbag import DagBag


def main() -> None:
    dag_id, conf = sys.argv[1], json.loads(sys.argv[2])
    bag = DagBag(os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
    if bag.import_errors:
        print(json.dumps({"import_errors": {str(k): v for k, v in bag.import_errors.items()}}))
        sys.exit(1)
    run = bag.get_dag(dag_id).test(run_conf=conf)
    # dag.test() returns a failed DagRun rather than raising: the state is the verdict.
    states = {ti.task_id: str(ti.state) for ti in run.get_task_instances()}
    print(json.dumps({"state": str(run.state), "run_id": run.run_id, "tasks": states}))


if __name__ == "__main__":
    main()

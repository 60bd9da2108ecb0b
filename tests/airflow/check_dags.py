"""Import every DAG file (DagBag) and print what each DAG declares, as JSON (last line).

Executed by the Airflow venv's Python; see run_dag.py.
"""

import json
import os

from airflow.dag_processing.dagbag import DagBag

bag = DagBag(os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
print(
    json.dumps(
        {
            "import_errors": {str(k): v for k, v in bag.import_errors.items()},
            "dags": {
                dag.dag_id: {
                    "doc_md": dag.doc_md or "",
                    "tasks": [t.task_id for t in dag.tasks],
                    "params": {k: p.description or "" for k, p in dag.params.items()},
                    "sensor_modes": {
                        t.task_id: getattr(t, "mode", None) for t in dag.tasks if hasattr(t, "poke")
                    },
                }
                for dag in bag.dags.values()
            },
        }
    )
)

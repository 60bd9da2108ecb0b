"""Bulk backfills and regeneration runs: read a source, publish it in throttled chunks
through the gateway's submission code, wait for every request to conclude, report.

The Airflow DAGs (``airflow/dags``) are thin wrappers over this package; the CLI
(``attrgen backfills``) runs the same steps without Airflow.
"""

"""backfill_catalog: publish a catalog file or collection to attrgen, throttled by lag."""

from shared.backfill.dags import build
from shared.backfill.params import backfill_conf

DOC = """
# backfill_catalog

Reads a catalog (a **JSON Lines** or **CSV** file, or a **MongoDB collection** of raw
products), checks every row as the gateway would, and publishes the valid ones to
`attrgen.requests` in chunks (`source: "backfill"`), then waits until each request is
stored or quarantined and writes a report.

- **Bad rows** are counted and listed with their line numbers in the report; they never
  fail the run.
- **Throttled by lag**: a chunk is published only while the generator group's lag is at
  most `max_lag` and Redis uses at most `max_memory_share` of its maxmemory; otherwise the
  `publish` sensor is rescheduled and frees its worker slot.
- **Publishes nothing twice**: keys derive from the run, the product and its content, so a
  retried task or a cleared run publishes nothing again; products whose content is the
  one attrgen last accepted are skipped (`unchanged`).
- **Report**: the `report` task's log and XCom, MongoDB `backfill_runs`,
  `GET /v1/backfills/<run id>` and `attrgen backfills show <run id>` (the run id is
  `backfill_catalog.<DAG run id>`, printed by `prepare`).

Params: `source_kind` (jsonl | csv | mongo), `path` (files), `columns` and `spec_columns`
(CSV), `collection` and `filter` (MongoDB), `chunk_size`, `max_rate`, `max_lag`,
`max_memory_share`, `completion_timeout_s`, `dry_run`. Example:
`airflow dags trigger backfill_catalog --conf '{"path": "/data/seller.jsonl"}'`.
"""

dag = build("backfill_catalog", "backfill", DOC, backfill_conf)

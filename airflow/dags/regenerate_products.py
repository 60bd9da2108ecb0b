"""regenerate_products: generate stored products again, e.g. after a config change."""

from shared.backfill.dags import build
from shared.backfill.params import regenerate_conf

DOC = """
# regenerate_products

Publishes again the original input of stored products — by default those whose
attributes were made with a config version other than the active one — so they are
generated with the active version. The input comes from what the store kept, never
from the client.

Narrow it with `product_type`, a date window (`since`, `until`: when stored or
quarantined), or add quarantined products with `quarantine_reason` (e.g.
`unknown_value`, after a config learned the missing value). `older_than_active: false`
takes every product of the selection.

Throttling, completion wait and report work as in `backfill_catalog` (`chunk_size`,
`max_rate`, `max_lag`, `max_memory_share`, `completion_timeout_s`, `dry_run`); the run id
is `regenerate_products.<DAG run id>`. Example:
`airflow dags trigger regenerate_products --conf '{"product_type": "kurta"}'`.
"""

dag = build("regenerate_products", "regenerate", DOC, regenerate_conf)

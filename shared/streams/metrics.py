"""What the stream runtime counts, for every worker alike (Prometheus).

Labels are bounded: stream, group, outcome and reason code; never a message,
request or product id.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

MESSAGES = Counter(
    "attrgen_stream_messages_total",
    "Messages handled, by outcome: acked, emitted (downstream), quarantined, failed "
    "(will be retried, counts towards poison), retried (dependency outage), reclaimed",
    ["stream", "group", "outcome"],
)
QUARANTINED = Counter(
    "attrgen_stream_quarantined_total",
    "Messages moved to quarantine, by reason code",
    ["stream", "group", "reason"],
)
HANDLER_SECONDS = Histogram(
    "attrgen_stream_handler_seconds",
    "Time in the handler per read (a batch, or each message of it in turn)",
    ["stream", "group"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
COMMIT_SECONDS = Histogram(
    "attrgen_stream_commit_seconds",
    "Time of the MULTI/EXEC that publishes results and acks a read",
    ["stream", "group"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1),
)
BATCH_SIZE = Histogram(
    "attrgen_stream_batch_size",
    "Entries per read",
    ["stream", "group"],
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024),
)
RECLAIMED_DELIVERIES = Histogram(
    "attrgen_stream_reclaimed_deliveries",
    "Times a message taken over from another consumer had been delivered",
    ["stream", "group"],
    buckets=(1, 2, 3, 4, 5, 6, 8, 10, 20),
)

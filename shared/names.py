"""Every stream, consumer group, Redis key and MongoDB collection name, in one place.

Ops inspecting Redis (``XINFO GROUPS attrgen.requests``) and code share these names,
so they read as ``domain.event``.
"""

from __future__ import annotations

# Streams: one per hand-over between stages.
REQUESTS = "attrgen.requests"
GENERATED = "attrgen.generated"
VALIDATED = "attrgen.validated"
QUARANTINE = "attrgen.quarantine"

# Consumer groups: one per service reading a stream.
GENERATOR_GROUP = "attrgen.generator"
VALIDATOR_GROUP = "attrgen.validator"
STORE_GROUP = "attrgen.store"
QUARANTINE_STORE_GROUP = "attrgen.quarantine-store"
DEAD_LETTER_GROUP = "attrgen.dead-letter-store"

# MongoDB collections.
PRODUCT_ATTRIBUTES = "product_attributes"
QUARANTINE_RECORDS = "quarantine"
REQUEST_STATUS = "request_status"

_PREFIX = "attrgen"


def idempotency_key(key_digest: str) -> str:
    """Redis key remembering which request a given idempotency key produced."""
    return f"{_PREFIX}:idem:{key_digest}"


def last_content_key(product_id: str) -> str:
    """Redis string: content hash and request id of a product's last accepted request."""
    return f"{_PREFIX}:content:{product_id}"


def request_status_key(request_id: str) -> str:
    """Redis hash with the live stage of one request."""
    return f"{_PREFIX}:request:{request_id}"


def attributes_cache_key(product_id: str) -> str:
    """Redis string caching a product's stored attributes for the gateway."""
    return f"{_PREFIX}:attributes:{product_id}"


def attempts_key(group: str, message_id: str) -> str:
    """Redis list of the failed deliveries of one message to one group."""
    return f"{_PREFIX}:attempts:{group}:{message_id}"


def outages_key(group: str, message_id: str) -> str:
    """Redis counter of deliveries of one message that failed on a dependency outage."""
    return f"{_PREFIX}:outages:{group}:{message_id}"


# Records the quarantine's own consumer could not persist (MongoDB rejecting them N times,
# never for an outage); the dead-letter store saves them in a form MongoDB always takes.
QUARANTINE_DEAD = "attrgen.quarantine.dead"


# Which groups read each stream: a stream is trimmed only once all of them exist, so
# entries published before a consumer first started are not lost to it.
READERS: dict[str, tuple[str, ...]] = {
    REQUESTS: (GENERATOR_GROUP,),
    GENERATED: (VALIDATOR_GROUP,),
    VALIDATED: (STORE_GROUP,),
    QUARANTINE: (QUARANTINE_STORE_GROUP,),
    QUARANTINE_DEAD: (DEAD_LETTER_GROUP,),
}
# Config versions (MongoDB) and how activation is announced to running processes.
CONFIG_VERSIONS = "config_versions"
CONFIG_STATE = "config_state"
CONFIG_ACTIVATIONS = "config_activations"
CONFIG_EVENTS = "attrgen.config"


def config_active_key(mongo_db: str) -> str:
    """Redis hash mirroring the active config pointer of one MongoDB database.

    Keyed by database: the pointer lives there, and two deployments (or test modules)
    sharing one Redis must not follow each other's activations.
    """
    return f"{_PREFIX}:config:active:{mongo_db}"


# Sorted set of the replays published in the last second, every caller's.
REPLAY_PACE = f"{_PREFIX}:replay:pace"

# Backfill and regeneration runs (shared/backfill): one document per run with its
# progress and report, and one per source row with the request it became.
BACKFILL_RUNS = "backfill_runs"
BACKFILL_ITEMS = "backfill_items"

"""What the validator does to one set of generated attributes."""

from __future__ import annotations

import structlog

from shared.configs.runtime import Catalogs, catalog_for
from shared.messages import GeneratedAttributes, ValidatedAttributes
from shared.names import GENERATED, VALIDATED, VALIDATOR_GROUP
from shared.streams import Emit, Reject, Router

log = structlog.get_logger("attrgen.validator")


def build_router(catalogs: Catalogs) -> Router:
    router = Router()

    @router.subscriber(
        GENERATED, VALIDATOR_GROUP, GeneratedAttributes, stage="validator", completes="validated"
    )
    async def validate(generated: GeneratedAttributes) -> Emit:
        # The version that generated the message, never simply the active one: during a
        # switch the two differ, and mixing them would quarantine good work.
        catalog = await catalog_for(catalogs, generated.config_version)
        validation = catalog.validate(
            generated.product_type, generated.attributes, generated.issues
        )
        if validation.errors:
            raise Reject(
                sorted({error.reason for error in validation.errors}),
                validation.errors,
                detail="; ".join(f"{e.attribute}: {e.reason}" for e in validation.errors),
            )
        log.info(
            "attributes_validated",
            corrections=len(validation.corrections),
            warnings=len(validation.warnings),
            config_version=generated.config_version,
        )
        return Emit(
            VALIDATED,
            ValidatedAttributes(
                request=generated.request,
                product_type=generated.product_type,
                config_version=generated.config_version,
                attributes=validation.attributes,
                corrections=validation.corrections,
                warnings=validation.warnings,
                missing=validation.missing,
                completeness=validation.completeness,
                generated_at=generated.generated_at,
            ),
        )

    return router

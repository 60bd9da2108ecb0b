"""What the generator does to one request."""

from __future__ import annotations

import structlog

from services.generator.metrics import TALLIES
from shared.configs.runtime import Catalogs, catalog_for
from shared.messages import GeneratedAttributes, GenerationRequest
from shared.names import GENERATED, GENERATOR_GROUP, REQUESTS
from shared.streams import Emit, Reject, Router

log = structlog.get_logger("attrgen.generator")


def build_router(catalogs: Catalogs) -> Router:
    router = Router()

    @router.subscriber(
        REQUESTS, GENERATOR_GROUP, GenerationRequest, stage="generator", completes="generated"
    )
    async def generate(request: GenerationRequest) -> Emit:
        # One catalog for the whole message: a switch lands between messages, not inside.
        catalog = await catalog_for(catalogs, request.config_version)
        generation = catalog.generate(request.product)
        TALLIES.count(generation)
        if generation.product_type is None:
            raise Reject(
                ["unknown_product_type"],
                generation.issues,
                detail="product type not given and not detected",
            )
        log.info(
            "attributes_generated",
            product_type=generation.product_type,
            attributes=len(generation.attributes),
            issues=len(generation.issues),
            config_version=generation.config_version,
        )
        return Emit(
            GENERATED,
            GeneratedAttributes(
                request=request,
                product_type=generation.product_type,
                config_version=generation.config_version,
                attributes=generation.attributes,
                issues=generation.issues,
            ),
        )

    return router

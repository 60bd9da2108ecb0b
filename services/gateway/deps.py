"""What routes get injected: clients opened once in the lifespan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis

from services.gateway.settings import GatewaySettings
from shared.backpressure import PressureGauge
from shared.configs.runtime import Catalogs
from shared.mongo import Document


@dataclass
class GatewayState:
    settings: GatewaySettings
    redis: Redis
    mongo: AsyncMongoClient[Document]
    db: AsyncDatabase[Document]
    # The active catalog follows activations: read ``catalogs.current`` per request.
    catalogs: Catalogs
    pressure: PressureGauge


def get_state(request: Request) -> GatewayState:
    state: GatewayState = request.app.state.gateway
    return state


State = Annotated[GatewayState, Depends(get_state)]

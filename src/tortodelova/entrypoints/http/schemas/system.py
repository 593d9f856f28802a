"""Bodies of /api/health and /api/ready."""

from __future__ import annotations

from typing import Any

import msgspec


class HealthOut(msgspec.Struct):
    status: str


class MlEngineOut(msgspec.Struct):
    mode: str
    translator: str
    generator: str
    warning: str | None
    drafts: bool  # «Черновик» (LCM-LoRA) is offered


class ReadyOut(msgspec.Struct):
    """Documents GET /api/ready; more checks than these may appear (one key each)."""

    status: str
    database: dict[str, Any]
    storage: dict[str, Any]
    ml_engine: MlEngineOut
    workers: dict[str, Any]

"""Readiness: is this API process able to serve? Named async checks plus what the ML engine is.

`GET /api/ready` reports every check; any check that raises, times out or does not say "ok" makes
the answer 503. The ML engine is reported, not checked: the demo engine (tiny random-weight models)
is a working mode, but it carries a loud warning so nobody mistakes its noise for the real thing.

The composition root builds it, e.g.
    Readiness(checks={"database": db_ping, "storage": s3_head_bucket}, ml=MlEngineInfo.demo(...))
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc.ml_engine import DEMO_WARNING, drafts_available, engine_mode

# A check returns "ok", True, or a dict with "status": "ok" when healthy; anything else is a failure.
Check = Callable[[], Awaitable[Any]]

CHECK_TIMEOUT_S = 5.0


@dataclass(frozen=True, slots=True)
class MlEngineInfo:
    mode: Literal["real", "demo"]
    translator_model: str
    generator_model: str
    warning: str | None = None
    drafts: bool = False  # the draft mode (LCM-LoRA) is offered: the SPA hides it otherwise

    @classmethod
    def demo(cls, translator_model: str, generator_model: str, drafts: bool = True) -> MlEngineInfo:
        return cls("demo", translator_model, generator_model, DEMO_WARNING, drafts)

    @classmethod
    def real(cls, translator_model: str, generator_model: str, drafts: bool = False) -> MlEngineInfo:
        return cls("real", translator_model, generator_model, None, drafts)

    def drafts_available(self) -> bool:
        """The DraftAvailability port: /api/ready and the generation endpoints give the same answer."""
        return self.drafts

    def as_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "translator": self.translator_model,
            "generator": self.generator_model,
            "warning": self.warning,
            "drafts": self.drafts,
        }


@dataclass(frozen=True, slots=True)
class ReadinessReport:
    ready: bool
    checks: dict[str, dict[str, Any]]
    ml_engine: dict[str, Any]


def _normalise(result: Any) -> dict[str, Any]:
    if result is True or result == "ok":
        return {"status": "ok"}
    if isinstance(result, Mapping):
        return {"status": "fail", **result} if "status" not in result else dict(result)
    if result is False or result is None:
        return {"status": "fail"}
    return {"status": str(result)}


@dataclass(slots=True)
class Readiness:
    checks: Mapping[str, Check]
    ml: MlEngineInfo
    timeout_s: float = CHECK_TIMEOUT_S
    info: Mapping[str, Check] = field(default_factory=dict)

    async def _run(self, check: Check) -> dict[str, Any]:
        try:
            return _normalise(await asyncio.wait_for(check(), self.timeout_s))
        except TimeoutError:
            return {"status": "timeout"}
        except Exception as exc:  # noqa: BLE001 - a failing dependency is a result here, not an error
            # The type only: exception texts may carry hosts or credentials.
            return {"status": "error", "error": type(exc).__name__}

    async def report(self, extra_info: Mapping[str, Check] | None = None) -> ReadinessReport:
        """Runs every check concurrently. `info` entries are reported but never make it not ready."""
        names = list(self.checks)
        info = {**self.info, **(extra_info or {})}
        results = await asyncio.gather(*(self._run(self.checks[n]) for n in names))
        infos = await asyncio.gather(*(self._run(info[n]) for n in info))
        checks = dict(zip(names, results, strict=True))
        ready = all(r["status"] == "ok" for r in results)
        return ReadinessReport(ready, {**checks, **dict(zip(info, infos, strict=True))}, self.ml.as_json())


def ml_engine_info(settings: Settings) -> MlEngineInfo:
    """The engine this installation runs: ML_ENGINE=auto is resolved from the files on disk."""
    drafts = drafts_available(settings)
    if engine_mode(settings) == "real":
        return MlEngineInfo.real(settings.translator_model, settings.generator_model, drafts)
    return MlEngineInfo.demo(settings.translator_model, settings.generator_model, drafts)

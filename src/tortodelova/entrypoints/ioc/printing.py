"""Printing providers (issue 22): the print renderer and the printing use cases."""

from __future__ import annotations

from dataclasses import dataclass

from dishka import Provider, Scope, provide

from tortodelova.adapters.inscriptions.renderer import PillowInscriptionRenderer
from tortodelova.adapters.printing.renderer import PillowPrintRenderer
from tortodelova.application.ports.events import EventPublisher
from tortodelova.application.ports.inscriptions import InscriptionRenderer
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.printing import PrintRenderer
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.application.use_cases.printing.add_inscription import AddInscription
from tortodelova.application.use_cases.printing.export_print import ExportPrint
from tortodelova.application.use_cases.printing.quote_upscale import QuoteUpscale
from tortodelova.application.use_cases.printing.submit_upscale import SubmitUpscale
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc.ml_engine import upscale_available


@dataclass(frozen=True, slots=True)
class UpscaleOffered:
    """Whether this installation upscales (demo engine, or Real-ESRGAN's weights on disk)."""

    value: bool


class PrintingProvider(Provider):
    export_print = provide(ExportPrint, scope=Scope.REQUEST)
    add_inscription = provide(AddInscription, scope=Scope.REQUEST)
    inscriptions = provide(PillowInscriptionRenderer, provides=InscriptionRenderer, scope=Scope.APP)

    @provide(scope=Scope.APP)
    def upscale_offered(self, settings: Settings) -> UpscaleOffered:
        if settings.upscale_credits < 1:
            raise ValueError("UPSCALE_CREDITS: at least 1 (an upscale is charged like a generation)")
        return UpscaleOffered(upscale_available(settings))  # from the files on disk, once per process

    @provide(scope=Scope.REQUEST)
    def submit_upscale(
        self,
        uow: UnitOfWork,
        ids: IdGenerator,
        clock: Clock,
        events: EventPublisher,
        settings: Settings,
        offered: UpscaleOffered,
    ) -> SubmitUpscale:
        return SubmitUpscale(
            uow=uow,
            ids=ids,
            clock=clock,
            events=events,
            price=settings.upscale_credits,
            available=offered.value,
            max_active=settings.max_active_generations,
        )

    @provide(scope=Scope.REQUEST)
    def quote_upscale(self, uow: UnitOfWork, settings: Settings, offered: UpscaleOffered) -> QuoteUpscale:
        return QuoteUpscale(uow=uow, price=settings.upscale_credits, available=offered.value)

    @provide(scope=Scope.APP)
    def renderer(self) -> PrintRenderer:
        return PillowPrintRenderer()  # one per process: it bounds how many pages render at once

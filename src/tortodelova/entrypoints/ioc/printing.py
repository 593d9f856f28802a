"""Printing providers (issue 22): the print renderer and the printing use cases."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from tortodelova.adapters.inscriptions.renderer import PillowInscriptionRenderer
from tortodelova.adapters.printing.renderer import PillowPrintRenderer
from tortodelova.application.ports.inscriptions import InscriptionRenderer
from tortodelova.application.ports.printing import PrintRenderer
from tortodelova.application.use_cases.printing.add_inscription import AddInscription
from tortodelova.application.use_cases.printing.export_print import ExportPrint


class PrintingProvider(Provider):
    export_print = provide(ExportPrint, scope=Scope.REQUEST)
    add_inscription = provide(AddInscription, scope=Scope.REQUEST)
    inscriptions = provide(PillowInscriptionRenderer, provides=InscriptionRenderer, scope=Scope.APP)

    @provide(scope=Scope.APP)
    def renderer(self) -> PrintRenderer:
        return PillowPrintRenderer()  # one per process: it bounds how many pages render at once

"""Printing providers (issue 22): the print renderer and the printing use cases."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from tortodelova.adapters.printing.renderer import PillowPrintRenderer
from tortodelova.application.ports.printing import PrintRenderer
from tortodelova.application.use_cases.printing.export_print import ExportPrint


class PrintingProvider(Provider):
    renderer = provide(PillowPrintRenderer, provides=PrintRenderer, scope=Scope.APP)
    export_print = provide(ExportPrint, scope=Scope.REQUEST)

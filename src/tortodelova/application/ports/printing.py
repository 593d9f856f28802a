"""Turning a design and a print plan into the file a baker sends to the edible-ink printer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from tortodelova.domain.print_layout import PrintPlan


@dataclass(frozen=True, slots=True)
class PrintFile:
    data: bytes
    content_type: str
    extension: str  # "pdf", "png" or "jpg"
    effective_dpi: int  # what the design's pixels give at the printed size (300 and more: sharp)


class PrintRenderer(Protocol):
    def render(self, picture: bytes, plan: PrintPlan) -> PrintFile:
        """Blocking (the caller runs it in a thread). `picture`: the design's PNG."""
        ...

"""PrintRenderer: the design cropped, lightened and laid out as PDF, PNG or JPEG."""

from __future__ import annotations

import threading

from tortodelova.adapters.printing.pdf import render_pdf
from tortodelova.adapters.printing.picture import cover, lighten, load_rgb
from tortodelova.adapters.printing.raster import render_raster
from tortodelova.application.ports.printing import PrintFile
from tortodelova.domain.print_layout import PrintFormat, PrintPlan, effective_dpi

_TYPES = {
    PrintFormat.PDF: ("application/pdf", "pdf"),
    PrintFormat.PNG: ("image/png", "png"),
    PrintFormat.JPEG: ("image/jpeg", "jpg"),
}


# An A4 page at 300 dpi is 26 MB of pixels (more while encoding): a few at a time per process.
MAX_CONCURRENT = 2


class PillowPrintRenderer:
    def __init__(self, max_concurrent: int = MAX_CONCURRENT) -> None:
        self._slots = threading.BoundedSemaphore(max_concurrent)

    def render(self, picture: bytes, plan: PrintPlan) -> PrintFile:
        with self._slots:
            return self._render(picture, plan)

    def _render(self, picture: bytes, plan: PrintPlan) -> PrintFile:
        image = load_rgb(picture)
        dpi = effective_dpi(image.width, image.height, plan.placements[0].picture)
        prepared = lighten(cover(image, plan.picture_aspect), plan.lighten)
        data = render_pdf(plan, prepared) if plan.format is PrintFormat.PDF else render_raster(plan, prepared)
        content_type, extension = _TYPES[plan.format]
        return PrintFile(data, content_type, extension, dpi)

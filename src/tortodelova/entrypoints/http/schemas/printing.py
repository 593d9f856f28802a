"""Bodies of the print, upscale and inscription endpoints (issue 22). Typed loosely, as schemas.py
explains: msgspec refuses wrong JSON types, the domain checks the ranges and answers in Russian; the
limits are written into the OpenAPI schema from the same domain constants."""

from __future__ import annotations

from typing import Annotated

import msgspec

from tortodelova.domain import inscription as ins
from tortodelova.domain import print_layout as pl
from tortodelova.domain import upscale as up
from tortodelova.entrypoints.http.schemas.common import _doc


class PrintIn(msgspec.Struct):
    layout: Annotated[str, _doc(enum=[v.value for v in pl.Layout])]
    # round: the cake's diameter; cupcakes: one cupcake's (40-80 mm)
    diameter_mm: Annotated[float | None, _doc(minimum=pl.CUPCAKE_MIN, maximum=pl.ROUND_MAX)] = None
    width_mm: Annotated[float | None, _doc(minimum=pl.RECT_MIN, maximum=pl.RECT_MAX)] = None  # rect
    height_mm: Annotated[float | None, _doc(minimum=pl.RECT_MIN, maximum=pl.RECT_MAX)] = None  # rect
    sheet: Annotated[str, _doc(enum=[v.value for v in pl.Sheet])] = pl.Sheet.A4.value
    bleed_mm: Annotated[float, _doc(minimum=pl.BLEED_MIN, maximum=pl.BLEED_MAX)] = pl.BLEED_DEFAULT
    margin_mm: Annotated[float, _doc(minimum=pl.MARGIN_MIN, maximum=pl.MARGIN_MAX)] = pl.MARGIN_DEFAULT
    cut_line: bool = True
    lighten: Annotated[int, _doc(minimum=pl.LIGHTEN_MIN, maximum=pl.LIGHTEN_MAX)] = 0
    format: Annotated[str, _doc(enum=[v.value for v in pl.PrintFormat])] = pl.PrintFormat.PDF.value

    def to_spec(self) -> pl.PrintSpec:
        return pl.PrintSpec.create(
            layout=self.layout,
            diameter_mm=self.diameter_mm,
            width_mm=self.width_mm,
            height_mm=self.height_mm,
            sheet=self.sheet,
            bleed_mm=self.bleed_mm,
            margin_mm=self.margin_mm,
            cut_line=self.cut_line,
            lighten=self.lighten,
            format=self.format,
        )


class UpscaleIn(msgspec.Struct):
    factor: Annotated[int, _doc(enum=list(up.FACTORS))] = 4


class UpscaleQuoteOut(msgspec.Struct):
    credits: int  # UPSCALE_CREDITS: reserved on submit, charged once the picture is stored
    width: int  # the upscaled design's size
    height: int


class InscriptionIn(msgspec.Struct):
    # one or two lines (a line break starts the second), 1-60 characters as sent
    text: Annotated[str, _doc(min_length=ins.TEXT_MIN, max_length=ins.TEXT_MAX, pattern=ins.TEXT_PATTERN)]
    font: Annotated[str, _doc(enum=list(ins.FONTS))] = ins.DEFAULT_FONT
    color: Annotated[str, _doc(pattern=ins.COLOR_PATTERN)] = "#ffffff"
    outline_color: Annotated[str | None, _doc(pattern=ins.COLOR_PATTERN)] = None  # null: no outline
    size: Annotated[str, _doc(enum=[s.value for s in ins.Size])] = ins.Size.MEDIUM.value
    placement: Annotated[str, _doc(enum=[p.value for p in ins.Placement])] = ins.Placement.ARC_TOP.value

    def to_spec(self) -> ins.InscriptionSpec:
        return ins.InscriptionSpec.create(
            text_value=self.text,
            font=self.font,
            color=self.color,
            outline_color=self.outline_color,
            size=self.size,
            placement=self.placement,
        )


class FontOut(msgspec.Struct):
    id: str
    title: str  # Russian, for the font picker
    style: Annotated[str, _doc(enum=[s.value for s in ins.FontStyle])]  # script (handwritten) or plain
    url: str  # the TrueType file, for the live preview


def font_out(face: ins.FontFace) -> FontOut:
    return FontOut(face.id, face.title, face.style.value, f"/api/inscriptions/fonts/{face.id}")

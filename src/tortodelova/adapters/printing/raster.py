"""The print plan as a 300 dpi PNG or JPEG: the page at its physical size in pixels, with the dpi and
the sRGB profile written into the file (a print shop's software then prints it at the right size)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from tortodelova.adapters.printing.colour import srgb_profile
from tortodelova.domain.print_layout import MM_PER_INCH, PRINT_DPI, Box, PrintFormat, PrintPlan, Shape

JPEG_QUALITY = 95
CUT_LINE_GREY = (115, 115, 115)
SUPERSAMPLE = 4  # the circle masks are drawn this much larger, then reduced: smooth edges


def px(mm: float) -> int:
    return round(mm / MM_PER_INCH * PRINT_DPI)


def render_raster(plan: PrintPlan, picture: Image.Image) -> bytes:
    page = Image.new("RGB", (px(plan.page_width), px(plan.page_height)), "white")
    first = plan.placements[0].picture
    size = (px(first.x + first.width) - px(first.x), px(first.y + first.height) - px(first.y))
    scaled = picture.resize(size, Image.Resampling.LANCZOS)  # every picture box is the same size
    mask = _mask(plan.placements[0].shape, size)
    for placement in plan.placements:
        page.paste(scaled, (px(placement.picture.x), px(placement.picture.y)), mask)
    draw = ImageDraw.Draw(page)
    if plan.cut_line:
        for placement in plan.placements:
            _cut_line(draw, placement.shape, placement.cut)
    for mark in plan.crop_marks:
        draw.line([(px(mark.x1), px(mark.y1)), (px(mark.x2), px(mark.y2))], fill="black", width=1)
    out = io.BytesIO()
    options = {"dpi": (PRINT_DPI, PRINT_DPI), "icc_profile": srgb_profile()}
    if plan.format is PrintFormat.JPEG:
        page.save(out, format="JPEG", quality=JPEG_QUALITY, subsampling=0, **options)
    else:
        page.save(out, format="PNG", **options)
    return out.getvalue()


def _mask(shape: Shape, size: tuple[int, int]) -> Image.Image | None:
    if shape is Shape.RECT:
        return None
    big = Image.new("L", (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE), 0)
    ImageDraw.Draw(big).ellipse([0, 0, big.width - 1, big.height - 1], fill=255)
    return big.resize(size, Image.Resampling.LANCZOS)


def _cut_line(draw: ImageDraw.ImageDraw, shape: Shape, cut: Box) -> None:
    corners = [px(cut.x), px(cut.y), px(cut.x + cut.width) - 1, px(cut.y + cut.height) - 1]
    if shape is Shape.CIRCLE:
        draw.ellipse(corners, outline=CUT_LINE_GREY, width=1)
    else:
        draw.rectangle(corners, outline=CUT_LINE_GREY, width=1)

"""The print plan as a PDF: pages in exact physical size, the picture placed at exact size (clipped to
its circle or rectangle), a thin vector cut line, crop marks; the picture tagged sRGB.

reportlab draws the page; pikepdf then gives the picture an ICC-based sRGB colour space and the
document an sRGB output intent, so a RIP converts the colours as they were seen on screen.
"""

from __future__ import annotations

import io

import pikepdf
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from tortodelova.adapters.printing.colour import SRGB_DESCRIPTION, srgb_profile
from tortodelova.domain.print_layout import MM_PER_INCH, Box, PrintPlan, Shape

PT_PER_MM = 72 / MM_PER_INCH
CUT_LINE_PT = 0.3  # a hairline the printer still prints: about 0.1 mm
CUT_LINE_GREY = 0.45
CROP_MARK_PT = 0.3


def render_pdf(plan: PrintPlan, picture: Image.Image) -> bytes:
    out = io.BytesIO()
    page_h = plan.page_height * PT_PER_MM
    canvas = Canvas(out, pagesize=(plan.page_width * PT_PER_MM, page_h), pageCompression=1, invariant=1)
    canvas.setTitle("Печать на торт")
    canvas.setCreator("tortodelova")
    image = ImageReader(picture)

    def rect(box: Box) -> tuple[float, float, float, float]:
        """(x, y, width, height) in points, y from the bottom as PDF counts it."""
        return (
            box.x * PT_PER_MM,
            page_h - (box.y + box.height) * PT_PER_MM,
            box.width * PT_PER_MM,
            box.height * PT_PER_MM,
        )

    for placement in plan.placements:
        x, y, w, h = rect(placement.picture)
        canvas.saveState()
        clip = canvas.beginPath()
        if placement.shape is Shape.CIRCLE:
            clip.circle(x + w / 2, y + h / 2, w / 2)
        else:
            clip.rect(x, y, w, h)
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.drawImage(image, x, y, w, h)
        canvas.restoreState()
    if plan.cut_line:
        canvas.setStrokeGray(CUT_LINE_GREY)
        canvas.setLineWidth(CUT_LINE_PT)
        for placement in plan.placements:
            x, y, w, h = rect(placement.cut)
            if placement.shape is Shape.CIRCLE:
                canvas.circle(x + w / 2, y + h / 2, w / 2, stroke=1, fill=0)
            else:
                canvas.rect(x, y, w, h, stroke=1, fill=0)
    if plan.crop_marks:
        canvas.setStrokeGray(0)
        canvas.setLineWidth(CROP_MARK_PT)
        for mark in plan.crop_marks:
            canvas.line(
                mark.x1 * PT_PER_MM,
                page_h - mark.y1 * PT_PER_MM,
                mark.x2 * PT_PER_MM,
                page_h - mark.y2 * PT_PER_MM,
            )
    canvas.showPage()
    canvas.save()
    return _tag_srgb(out.getvalue())


def _tag_srgb(data: bytes) -> bytes:
    """Every RGB image gets [/ICCBased sRGB]; the document gets an sRGB output intent."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        profile = pikepdf.Stream(pdf, srgb_profile())
        profile.N = 3
        profile.Alternate = pikepdf.Name.DeviceRGB
        srgb = pikepdf.Array([pikepdf.Name.ICCBased, profile])
        for page in pdf.pages:
            for xobject in page.Resources.get("/XObject", {}).values():
                if xobject.get("/ColorSpace") == pikepdf.Name.DeviceRGB:
                    xobject.ColorSpace = srgb
        pdf.Root.OutputIntents = pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.OutputIntent,
                    S=pikepdf.Name.GTS_PDFX,
                    OutputConditionIdentifier=SRGB_DESCRIPTION,
                    Info=SRGB_DESCRIPTION,
                    DestOutputProfile=profile,
                )
            ]
        )
        out = io.BytesIO()
        pdf.save(out, compress_streams=True, deterministic_id=True)
        return out.getvalue()

"""Reading a print PDF back (pikepdf): page size, where each image is drawn, and the stroked paths."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class Drawn:
    """A box in millimetres from the page's bottom-left corner (PDF's own orientation)."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class PageRead:
    width_mm: float
    height_mm: float
    images: list[Drawn]  # each `Do` of an image, placed by the `cm` before it
    strokes: list[tuple[Drawn, bool]]  # each stroked path's bounding box, and whether it has curves
    image_colour_spaces: list[object]
    output_intents: list[object]
    document: pikepdf.Pdf  # kept open: the objects above live in it


def read_first_page(data: bytes) -> PageRead:
    pdf = pikepdf.open(io.BytesIO(data))
    page = pdf.pages[0]
    box = [float(v) for v in page.MediaBox]
    images, strokes = [], []
    matrix: list[float] | None = None
    points: list[tuple[float, float]] = []
    curved = False
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        values = [float(v) for v in operands if not isinstance(v, pikepdf.Object)]
        if op == "cm":
            matrix = values
        elif op == "Do" and matrix is not None:
            a, _, _, d, e, f = matrix
            images.append(Drawn(e * MM_PER_PT, f * MM_PER_PT, a * MM_PER_PT, d * MM_PER_PT))
        elif op in ("m", "l"):
            points.append((values[0], values[1]))
        elif op == "c":
            points.extend([(values[0], values[1]), (values[2], values[3]), (values[4], values[5])])
            curved = True
        elif op == "re":
            x, y, w, h = values
            points.extend([(x, y), (x + w, y + h)])
        elif op in ("S", "s"):
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            bbox = Drawn(
                min(xs) * MM_PER_PT,
                min(ys) * MM_PER_PT,
                (max(xs) - min(xs)) * MM_PER_PT,
                (max(ys) - min(ys)) * MM_PER_PT,
            )
            strokes.append((bbox, curved))
            points, curved = [], False
        elif op == "n":  # a clipping path ends here: not a stroke
            points, curved = [], False
    xobjects = page.Resources.get("/XObject", {})
    spaces = [x.get("/ColorSpace") for x in xobjects.values() if x.get("/Subtype") == pikepdf.Name.Image]
    intents = list(pdf.Root.get("/OutputIntents", []))
    return PageRead(
        (box[2] - box[0]) * MM_PER_PT, (box[3] - box[1]) * MM_PER_PT, images, strokes, spaces, intents, pdf
    )

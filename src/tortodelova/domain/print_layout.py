"""Edible-print layouts: where the picture, its bleed and the cut line go on the page, in millimetres.

A baker sends the file to an edible-ink printer at the cake's exact size. Every shape has a *cut* box
(the cake top: a circle or a rectangle, where the cut line is drawn) and a *picture* box: the cut box
grown by the bleed on every side, so a slightly misaligned cut still lands on picture. The margin keeps
everything inside the printer's printable area (on `fit`, it is the room for the crop marks).

Coordinates: millimetres from the page's top-left corner, y downwards. `plan` is pure geometry; the
printing adapter turns a plan into a PDF or a 300 dpi raster.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from tortodelova.domain.choices import choice
from tortodelova.domain.errors import ValidationFailed

A4_MM = (210.0, 297.0)
PRINT_DPI = 300  # edible-ink printers print at 300 dpi; below it a picture looks soft on the cake
MM_PER_INCH = 25.4
ROUND_MIN, ROUND_MAX = 100.0, 300.0  # cake diameters, mm
CUPCAKE_MIN, CUPCAKE_MAX = 40.0, 80.0
CUPCAKE_GAP = 3.0  # between two cut lines on a cupcake sheet
RECT_MIN, RECT_MAX = 50.0, 400.0  # a side of a rectangular cake (on A4: at most what the sheet holds)
BLEED_MIN, BLEED_MAX, BLEED_DEFAULT = 0.0, 5.0, 3.0
MARGIN_MIN, MARGIN_MAX, MARGIN_DEFAULT = 0.0, 10.0, 5.0
LIGHTEN_MIN, LIGHTEN_MAX = 0, 40  # percent: edible inks print darker than the screen shows
CROP_MARK_MM = 5.0  # the longest a crop mark is; shorter when the margin is narrower
CROP_MARK_GAP = 1.0  # between the bleed's edge and a crop mark


class Layout(enum.StrEnum):
    ROUND = "round"  # one round cake
    RECT = "rect"  # one rectangular cake
    CUPCAKES = "cupcakes"  # circles repeated on the sheet
    SHEET = "sheet"  # the whole printable area


class Sheet(enum.StrEnum):
    A4 = "a4"
    FIT = "fit"  # the page is the layout itself (plus margin for crop marks)


class PrintFormat(enum.StrEnum):
    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"


class Shape(enum.StrEnum):
    CIRCLE = "circle"
    RECT = "rect"


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def grown(self, by: float) -> Box:
        return Box(self.x - by, self.y - by, self.width + 2 * by, self.height + 2 * by)


@dataclass(frozen=True, slots=True)
class Placement:
    """One cake top on the page: its shape, the cut box, and the picture box (cut + bleed)."""

    shape: Shape
    cut: Box
    picture: Box


@dataclass(frozen=True, slots=True)
class CropMark:
    """A short line (x1, y1) -> (x2, y2), mm."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True, slots=True)
class PrintPlan:
    page_width: float
    page_height: float
    placements: tuple[Placement, ...]
    cut_line: bool
    crop_marks: tuple[CropMark, ...]
    lighten: int
    format: PrintFormat

    @property
    def picture_aspect(self) -> float:
        """Width / height of every picture box (all the same): the design is cropped to it."""
        box = self.placements[0].picture
        return box.width / box.height


@dataclass(frozen=True, slots=True)
class PrintSpec:
    """Validated print options. Build with `PrintSpec.create`."""

    layout: Layout
    width_mm: float  # the cut box: a diameter for circles
    height_mm: float
    sheet: Sheet
    bleed_mm: float
    margin_mm: float
    cut_line: bool
    lighten: int
    format: PrintFormat

    @classmethod
    def create(
        cls,
        *,
        layout: str,
        diameter_mm: float | None = None,
        width_mm: float | None = None,
        height_mm: float | None = None,
        sheet: str | None = None,
        bleed_mm: float | None = None,
        margin_mm: float | None = None,
        cut_line: bool = True,
        lighten: int | None = None,
        format: str | None = None,
    ) -> PrintSpec:
        errors: dict[str, str] = {}
        kind = choice(
            Layout,
            layout,
            "layout",
            "раскладка: round (круглый торт), rect (прямоугольный), "
            "cupcakes (капкейки) или sheet (весь лист)",
            errors,
        )
        page = choice(Sheet, sheet or Sheet.A4, "sheet", "лист: a4 или fit (по размеру торта)", errors)
        fmt = choice(PrintFormat, format or PrintFormat.PDF, "format", "формат: pdf, png или jpeg", errors)
        bleed = _number(
            bleed_mm, BLEED_DEFAULT, BLEED_MIN, BLEED_MAX, "bleed_mm", "вылет за линию реза", errors
        )
        margin = _number(margin_mm, MARGIN_DEFAULT, MARGIN_MIN, MARGIN_MAX, "margin_mm", "поле", errors)
        light = lighten if lighten is not None else 0
        if not LIGHTEN_MIN <= light <= LIGHTEN_MAX:
            errors["lighten"] = f"осветление от {LIGHTEN_MIN} до {LIGHTEN_MAX} %"
        width = height = 0.0
        if kind in (Layout.ROUND, Layout.CUPCAKES):
            low, high = (ROUND_MIN, ROUND_MAX) if kind is Layout.ROUND else (CUPCAKE_MIN, CUPCAKE_MAX)
            what = "торта" if kind is Layout.ROUND else "капкейка"
            if diameter_mm is None:
                errors["diameter_mm"] = f"укажите диаметр {what}: от {low:g} до {high:g} мм"
            elif not low <= diameter_mm <= high:
                errors["diameter_mm"] = f"диаметр {what} от {low:g} до {high:g} мм"
            else:
                width = height = float(diameter_mm)
        elif kind is Layout.RECT:
            for field, value in (("width_mm", width_mm), ("height_mm", height_mm)):
                if value is None or not RECT_MIN <= value <= RECT_MAX:
                    errors[field] = f"стороны прямоугольного торта от {RECT_MIN:g} до {RECT_MAX:g} мм"
            if "width_mm" not in errors and "height_mm" not in errors:
                width, height = float(width_mm or 0), float(height_mm or 0)
        if kind in (Layout.CUPCAKES, Layout.SHEET) and page is Sheet.FIT:
            errors["sheet"] = "капкейки и весь лист печатаются на листе A4"
        if errors:
            raise ValidationFailed(errors)
        assert kind is not None and page is not None and fmt is not None
        spec = cls(kind, width, height, page, bleed, margin, bool(cut_line), light, fmt)
        spec.plan()  # a shape that does not fit the sheet is refused here, with the reason
        return spec

    def plan(self) -> PrintPlan:
        """The page and where each shape goes; ValidationFailed when it does not fit an A4 sheet."""
        placements, page = _PLANNERS[self.layout](self)
        marks = _crop_marks(placements[0], self.bleed_mm, self.margin_mm) if self.sheet is Sheet.FIT else ()
        return PrintPlan(page[0], page[1], tuple(placements), self.cut_line, marks, self.lighten, self.format)


def effective_dpi(pixels_wide: int, pixels_high: int, box: Box) -> int:
    """Dots per inch the picture gets when cropped to cover `box` (the lower of the two axes after
    the crop, which is the same on both: cover scaling uses one scale)."""
    scale_mm_per_px = max(box.width / pixels_wide, box.height / pixels_high)
    return math.floor(MM_PER_INCH / scale_mm_per_px + 1e-9)


def cupcake_count(diameter: float, bleed: float, margin: float) -> tuple[int, int]:
    """(columns, rows) of cupcakes on A4: a square grid, pitch = diameter + the gap, where the gap is
    3 mm or the bleed if wider (so one cupcake's bleed never reaches into its neighbour's cut circle)."""
    gap = max(CUPCAKE_GAP, bleed)
    usable_w, usable_h = (side - 2 * margin - 2 * bleed for side in A4_MM)
    columns = math.floor((usable_w + gap) / (diameter + gap) + 1e-9)
    rows = math.floor((usable_h + gap) / (diameter + gap) + 1e-9)
    return max(columns, 0), max(rows, 0)


# --- planners: (placements, (page width, page height)) -----------------------------------------


def _single(spec: PrintSpec, shape: Shape) -> tuple[list[Placement], tuple[float, float]]:
    reach = spec.bleed_mm + spec.margin_mm  # from the cut line to the page's edge, at least
    outer = (spec.width_mm + 2 * reach, spec.height_mm + 2 * reach)
    page = outer if spec.sheet is Sheet.FIT else _a4_for(*outer)
    if page is None:
        field = "diameter_mm" if shape is Shape.CIRCLE else "width_mm"
        room = A4_MM[0] - 2 * reach
        raise ValidationFailed(
            {
                field: (
                    f"не помещается на лист A4 с полем {spec.margin_mm:g} мм и вылетом {spec.bleed_mm:g} мм: "
                    f"на нём до {room:g} мм по короткой стороне; уменьшите размер, поле или вылет, "
                    "или выберите лист по размеру торта (fit)"
                )
            }
        )
    cut = Box((page[0] - spec.width_mm) / 2, (page[1] - spec.height_mm) / 2, spec.width_mm, spec.height_mm)
    return [Placement(shape, cut, cut.grown(spec.bleed_mm))], page


def _a4_for(width: float, height: float) -> tuple[float, float] | None:
    """A4 portrait, or landscape for a wide rectangle, if the shape fits."""
    portrait, landscape = A4_MM, (A4_MM[1], A4_MM[0])
    for page in (portrait, landscape):
        if width <= page[0] + 1e-9 and height <= page[1] + 1e-9:
            return page
    return None


def _round(spec: PrintSpec) -> tuple[list[Placement], tuple[float, float]]:
    return _single(spec, Shape.CIRCLE)


def _rect(spec: PrintSpec) -> tuple[list[Placement], tuple[float, float]]:
    return _single(spec, Shape.RECT)


def _cupcakes(spec: PrintSpec) -> tuple[list[Placement], tuple[float, float]]:
    d, bleed = spec.width_mm, spec.bleed_mm
    columns, rows = cupcake_count(d, bleed, spec.margin_mm)
    if columns == 0 or rows == 0:
        raise ValidationFailed({"margin_mm": "с таким полем и вылетом на лист не помещается ни один капкейк"})
    pitch = d + max(CUPCAKE_GAP, bleed)
    grid_w, grid_h = columns * pitch - (pitch - d), rows * pitch - (pitch - d)
    left, top = (A4_MM[0] - grid_w) / 2, (A4_MM[1] - grid_h) / 2  # centred in the sheet
    placements = []
    for row in range(rows):
        for column in range(columns):
            cut = Box(left + column * pitch, top + row * pitch, d, d)
            placements.append(Placement(Shape.CIRCLE, cut, cut.grown(bleed)))
    return placements, A4_MM


def _sheet(spec: PrintSpec) -> tuple[list[Placement], tuple[float, float]]:
    m, bleed = spec.margin_mm, spec.bleed_mm
    picture = Box(m, m, A4_MM[0] - 2 * m, A4_MM[1] - 2 * m)
    cut = picture.grown(-bleed)
    return [Placement(Shape.RECT, cut, picture)], A4_MM


_PLANNERS = {Layout.ROUND: _round, Layout.RECT: _rect, Layout.CUPCAKES: _cupcakes, Layout.SHEET: _sheet}


def _crop_marks(placement: Placement, bleed: float, margin: float) -> tuple[CropMark, ...]:
    """Marks on the lines of the cut box's edges, in the margin outside the bleed: two at each corner."""
    length = min(CROP_MARK_MM, margin - CROP_MARK_GAP)
    if length <= 0:
        return ()
    c = placement.cut
    start = bleed + CROP_MARK_GAP  # from the cut line outwards
    marks = []
    for x in (c.x, c.x + c.width):
        for y, sign in ((c.y, -1), (c.y + c.height, 1)):
            marks.append(CropMark(x, y + sign * start, x, y + sign * (start + length)))  # vertical
    for y in (c.y, c.y + c.height):
        for x, sign in ((c.x, -1), (c.x + c.width, 1)):
            marks.append(CropMark(x + sign * start, y, x + sign * (start + length), y))  # horizontal
    return tuple(marks)


# --- validation helpers --------------------------------------------------------------------------


def _number(
    value: float | None,
    default: float,
    low: float,
    high: float,
    field: str,
    what: str,
    errors: dict[str, str],
) -> float:
    number = default if value is None else float(value)
    if not (low <= number <= high) or math.isnan(number):
        errors[field] = f"{what} от {low:g} до {high:g} мм"
    return number

"""Drawing an inscription on a design with Pillow and FreeType.

The size asked for is a wish: the text shrinks until every letter's box lies inside the safe circle
(domain.inscription.safe_radius), so nothing reaches the cake's edge. Straight text is centred; arc
text is set letter by letter along a circle concentric with the cake top, each letter turned to
stand on it (upright outwards over the top, towards the centre under the bottom).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageColor, ImageDraw, ImageFont

from tortodelova.adapters.inscriptions.fonts import font_path
from tortodelova.domain.inscription import InscriptionSpec, Placement, safe_radius

MIN_PX = 8  # smaller than this a letter is not legible on a cake; the text is then drawn at this size
SHRINK = 0.92  # each try that does not fit goes down by this factor
ARC_SPAN_MAX = math.radians(160)  # an arc's text covers at most this much of the circle
LINE_GAP = 0.15  # between two lines, a share of the line height
BOTTOM_AT = 0.5  # `bottom`: the block's centre this far below the centre, a share of the safe radius


@cache
def _font(font_id: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(font_id)), px)


def _stroke(px: int, outlined: bool) -> int:
    return max(1, round(px * 0.06)) if outlined else 0


@dataclass(frozen=True, slots=True)
class _Ink:
    fill: tuple[int, int, int, int]
    outline: tuple[int, int, int, int] | None


class PillowInscriptionRenderer:
    def render(self, picture: bytes, spec: InscriptionSpec) -> bytes:
        with Image.open(io.BytesIO(picture)) as source:
            base = source.convert("RGBA")
        layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
        ink = _Ink(
            ImageColor.getcolor(spec.color, "RGBA"),  # type: ignore[arg-type]
            ImageColor.getcolor(spec.outline_color, "RGBA") if spec.outline_color else None,  # type: ignore[arg-type]
        )
        wanted = max(MIN_PX, round(spec.size.line_height * min(base.size)))
        if spec.placement in (Placement.ARC_TOP, Placement.ARC_BOTTOM):
            _draw_arc(layer, spec, ink, wanted)
        else:
            _draw_straight(layer, spec, ink, wanted)
        out = io.BytesIO()
        Image.alpha_composite(base, layer).convert("RGB").save(out, format="PNG", compress_level=1)
        return out.getvalue()


def _sizes(wanted: int):  # noqa: ANN202 - Iterator[int]
    px = wanted
    while px > MIN_PX:
        yield px
        px = max(MIN_PX, int(px * SHRINK))
    yield MIN_PX


# --- straight ------------------------------------------------------------------------------------


def _draw_straight(layer: Image.Image, spec: InscriptionSpec, ink: _Ink, wanted: int) -> None:
    width, height = layer.size
    cx, cy, safe = width / 2, height / 2, safe_radius(width, height)
    draw = ImageDraw.Draw(layer)
    for px in _sizes(wanted):
        font, stroke = _font(spec.font, px), _stroke(px, ink.outline is not None)
        centre = (cx, cy + (BOTTOM_AT * safe if spec.placement is Placement.BOTTOM else 0))
        options = {"font": font, "anchor": "mm", "align": "center", "spacing": round(px * LINE_GAP)}
        left, top, right, bottom = draw.multiline_textbbox(centre, spec.text, stroke_width=stroke, **options)
        corners = [(left, top), (right, top), (left, bottom), (right, bottom)]
        if all(math.dist(c, (cx, cy)) <= safe for c in corners) or px == MIN_PX:
            break
    draw.multiline_text(
        centre, spec.text, fill=ink.fill, stroke_width=stroke, stroke_fill=ink.outline, **options
    )


# --- along an arc --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Glyph:
    char: str
    advance: float  # along the arc, px


def _draw_arc(layer: Image.Image, spec: InscriptionSpec, ink: _Ink, wanted: int) -> None:
    width, height = layer.size
    cx, cy, safe = width / 2, height / 2, safe_radius(width, height)
    top = spec.placement is Placement.ARC_TOP
    for px in _sizes(wanted):
        font, stroke = _font(spec.font, px), _stroke(px, ink.outline is not None)
        ascent, descent = font.getmetrics()
        box_h = ascent + descent + 2 * stroke
        lines = [[_Glyph(c, font.getlength(c) + 2 * stroke) for c in line] for line in spec.lines]
        widest = max(g.advance for line in lines for g in line)
        # a letter's box, centred on the circle of radius r, reaches sqrt((r + h/2)^2 + (w/2)^2)
        outer = math.sqrt(max(safe**2 - (widest / 2) ** 2, 0)) - box_h / 2
        radii = [outer - i * box_h * (1 + LINE_GAP) for i in range(len(lines))]
        if not top:  # under the bottom the first line reads above the second: nearer the centre
            radii.reverse()
        fits = all(
            r > box_h and sum(g.advance for g in line) / r <= ARC_SPAN_MAX
            for line, r in zip(lines, radii, strict=True)
        )
        if fits or px == MIN_PX:
            break
    for line, radius in zip(lines, radii, strict=True):
        _set_on_circle(layer, line, max(radius, box_h), (cx, cy), top, font, stroke, ascent, box_h, ink)


def _set_on_circle(
    layer: Image.Image,
    line: list[_Glyph],
    radius: float,
    centre: tuple[float, float],
    top: bool,
    font: ImageFont.FreeTypeFont,
    stroke: int,
    ascent: int,
    box_h: int,
    ink: _Ink,
) -> None:
    """Each letter at its angle (screen angles, y down: the top is -90°), turned to stand on the circle."""
    span = sum(g.advance for g in line) / radius
    # over the top the letters run clockwise from the left; under the bottom, anticlockwise
    angle = -math.pi / 2 - span / 2 if top else math.pi / 2 + span / 2
    step = 1 if top else -1
    for glyph in line:
        half = glyph.advance / 2 / radius
        angle += step * half
        if not glyph.char.isspace():
            box = Image.new("RGBA", (math.ceil(glyph.advance), box_h), (0, 0, 0, 0))
            ImageDraw.Draw(box).text(
                (glyph.advance / 2, stroke + ascent),
                glyph.char,
                font=font,
                anchor="ms",
                fill=ink.fill,
                stroke_width=stroke,
                stroke_fill=ink.outline,
            )
            turn = angle + math.pi / 2 if top else angle - math.pi / 2
            turned = box.rotate(-math.degrees(turn), resample=Image.Resampling.BICUBIC, expand=True)
            x = centre[0] + radius * math.cos(angle) - turned.width / 2
            y = centre[1] + radius * math.sin(angle) - turned.height / 2
            layer.paste(turned, (round(x), round(y)), turned)  # the mask keeps the neighbours' pixels
        angle += step * half

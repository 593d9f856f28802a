"""An inscription set on a design («С днём рождения, Маша!»): the text Stable Diffusion cannot write.

The text, its face, colours, size and placement are validated here; the inscriptions adapter draws it
with FreeType. Where it may go is geometry, also here: the cake top is the circle inscribed in the
design, and the text stays inside its *safe zone*, a concentric circle a little smaller, so the cut
and the cake's edge never eat a letter.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from tortodelova.domain import text
from tortodelova.domain.choices import choice
from tortodelova.domain.errors import ValidationFailed

TEXT_MIN, TEXT_MAX = 1, 60
LINES_MAX = 2
SAFE_ZONE = 0.88  # the safe circle's radius, as a share of the cake top's (half the short side)
COLOR_PATTERN = "^#[0-9A-Fa-f]{6}$"
_COLOR = re.compile("#[0-9A-Fa-f]{6}")  # fullmatch: no trailing newline either
# The schema's statement of the text rule: something visible, at most one line break, no control or
# invisible format character (text.CHAR less the line breaks and the format characters).
_LINE = text.CHAR[:-1] + text.FORMAT_BMP + "\\n\\r]"
TEXT_PATTERN = f"^(?={text.CHAR}*{text.VISIBLE}){_LINE}*(\\r\\n|\\r|\\n)?{_LINE}*$"


class FontStyle(enum.StrEnum):
    SCRIPT = "script"  # handwritten or calligraphic
    PLAIN = "plain"


@dataclass(frozen=True, slots=True)
class FontFace:
    id: str
    title: str  # Russian, as the SPA lists it
    style: FontStyle


FONTS: dict[str, FontFace] = {
    f.id: f
    for f in (
        FontFace("marck-script", "Каллиграфия", FontStyle.SCRIPT),
        FontFace("bad-script", "От руки", FontStyle.SCRIPT),
        FontFace("lobster", "Праздничный", FontStyle.SCRIPT),
        FontFace("comfortaa", "Простой", FontStyle.PLAIN),
    )
}
DEFAULT_FONT = "marck-script"


class Placement(enum.StrEnum):
    ARC_TOP = "arc_top"  # along the cake's edge, over the top
    ARC_BOTTOM = "arc_bottom"  # along the cake's edge, under the bottom
    CENTER = "center"
    BOTTOM = "bottom"  # a straight line in the lower part of the cake top


class Size(enum.StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"

    @property
    def line_height(self) -> float:
        """The letters' height wanted, as a share of the cake top's diameter (smaller when it does not fit)."""
        return {Size.SMALL: 0.07, Size.MEDIUM: 0.10, Size.LARGE: 0.14}[self]


@dataclass(frozen=True, slots=True)
class InscriptionSpec:
    """Validated inscription. Build with `InscriptionSpec.create`."""

    lines: tuple[str, ...]  # one or two, stripped, NFC
    font: str
    color: str  # "#rrggbb"
    outline_color: str | None
    size: Size
    placement: Placement

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @classmethod
    def create(
        cls,
        *,
        text_value: str,
        font: str | None = None,
        color: str | None = None,
        outline_color: str | None = None,
        size: str | None = None,
        placement: str | None = None,
    ) -> InscriptionSpec:
        errors: dict[str, str] = {}
        lines: tuple[str, ...] = ()
        try:
            raw = text.clean("text", text_value or "", multiline=True, forbid_format=True)
        except ValidationFailed as exc:
            errors.update(exc.errors)
        else:
            # a line break (LF, CRLF or CR) starts the second line; runs of spaces and tabs are one space
            split = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            lines = tuple(" ".join(line.split()) for line in split)
            lines = tuple(line for line in lines if line)
            if not TEXT_MIN <= len(raw) <= TEXT_MAX:
                errors["text"] = f"надпись от {TEXT_MIN} до {TEXT_MAX} символов"
            elif not lines:
                errors["text"] = "введите надпись"
            elif len(lines) > LINES_MAX:
                errors["text"] = f"не более {LINES_MAX} строк"
        face = font or DEFAULT_FONT
        if face not in FONTS:
            errors["font"] = f"неизвестный шрифт; допустимые: {', '.join(FONTS)}"
        fill = color or "#ffffff"
        if not _COLOR.fullmatch(fill):
            errors["color"] = "цвет в виде #RRGGBB, например #C2185B"
        if outline_color is not None and not _COLOR.fullmatch(outline_color):
            errors["outline_color"] = "цвет обводки в виде #RRGGBB или null (без обводки)"
        chosen_size = choice(Size, size or Size.MEDIUM, "size", "размер: small, medium или large", errors)
        where = choice(
            Placement,
            placement or Placement.ARC_TOP,
            "placement",
            "расположение: arc_top (дугой сверху), arc_bottom (дугой снизу), center (в центре) или bottom (внизу)",
            errors,
        )
        if errors:
            raise ValidationFailed(errors)
        assert chosen_size is not None and where is not None
        return cls(
            lines,
            face,
            fill.lower(),
            outline_color.lower() if outline_color else None,
            chosen_size,
            where,
        )


def safe_radius(width: int, height: int) -> float:
    """The radius of the circle every letter stays inside, in pixels, centred in the design."""
    return SAFE_ZONE * min(width, height) / 2

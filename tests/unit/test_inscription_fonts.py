"""Every inscription font writes every letter of the Russian alphabet (ё included), upper and lower."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from tortodelova.adapters.inscriptions.fonts import FONTS_DIR, font_path
from tortodelova.domain.inscription import FONTS, FontStyle

RUSSIAN = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
ALPHABET = RUSSIAN + RUSSIAN.lower()


def test_the_catalogue_has_two_script_faces_and_a_plain_one_each_with_its_licence():
    assert len(FONTS) >= 4
    styles = [face.style for face in FONTS.values()]
    assert styles.count(FontStyle.SCRIPT) >= 2 and FontStyle.PLAIN in styles
    for face in FONTS.values():
        path = font_path(face.id)
        assert path.is_file()
        licence = FONTS_DIR / path.name.replace(path.name.split("-")[-1], "OFL.txt")
        assert "SIL Open Font License, Version 1.1" in licence.read_text(encoding="utf-8")
        names = TTFont(path)["name"]
        assert "Open Font License" in str(names.getDebugName(13)), face.id  # the font's own licence field


@pytest.mark.parametrize("font_id", list(FONTS))
def test_every_russian_letter_has_a_glyph(font_id: str):
    path = font_path(font_id)
    cmap = TTFont(path).getBestCmap()
    missing = [c for c in ALPHABET if ord(c) not in cmap or cmap[ord(c)] == ".notdef"]
    assert len(ALPHABET) == 66 and missing == []
    # ... and FreeType draws each as a glyph of its own, not the empty or missing-glyph box
    font = ImageFont.truetype(str(path), 48)
    notdef = _drawn(font, "\U000f0000")  # a private-use code point no font maps
    for letter in ALPHABET:
        drawn = _drawn(font, letter)
        assert drawn.getbbox() is not None, f"{font_id}: {letter} draws nothing"
        assert drawn.tobytes() != notdef.tobytes(), f"{font_id}: {letter} is the missing-glyph box"


def _drawn(font: ImageFont.FreeTypeFont, char: str) -> Image.Image:
    image = Image.new("L", (96, 96), 0)
    ImageDraw.Draw(image).text((48, 48), char, font=font, fill=255, anchor="mm")
    return image

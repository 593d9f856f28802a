"""The font files of the inscription faces (domain.inscription.FONTS), shipped in fonts/ with their
licences (SIL Open Font License 1.1; fonts/README.md says where each comes from)."""

from __future__ import annotations

from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FILES = {
    "marck-script": "MarckScript-Regular.ttf",
    "bad-script": "BadScript-Regular.ttf",
    "lobster": "Lobster-Regular.ttf",
    "comfortaa": "Comfortaa-Bold.ttf",
}


def font_path(font_id: str) -> Path:
    """The TrueType file of a face of domain.inscription.FONTS (KeyError for any other id)."""
    return FONTS_DIR / FILES[font_id]

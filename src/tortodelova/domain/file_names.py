"""The name a design's picture is saved under: its description in Latin letters and the day it was asked for.

«Двухъярусный торт с клубникой», asked on 7 December 2026, saves as
`dvukhyarusnyy-tort-s-klubnikoy-2026-12-07.png`: a baker with dozens of downloads finds each by what
it shows. Latin letters only, so the name survives every file system, archive and messenger (and
travels in an HTTP header as it is).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

_CYRILLIC = {
    **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
    **{"ё": "yo", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya"},
    **{"ъ": "", "ь": ""},  # no letter of their own
}
SLUG_MAX = 60  # the description's part; a long description keeps its first words
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _latin(text: str) -> str:
    """Cyrillic spelled in Latin letters; other letters lose their accents (é -> e), the rest goes."""
    spelled = "".join(_CYRILLIC.get(c, c) for c in unicodedata.normalize("NFC", text).lower())
    return unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()


def slug(text: str, limit: int = SLUG_MAX) -> str:
    """Lower-case Latin words joined by hyphens, cut at a word boundary within `limit` characters."""
    words = _NOT_SLUG.sub(" ", _latin(text)).split()
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > limit:
            break
        kept.append(word)
    return "-".join(kept) or (words[0][:limit] if words else "")


def design_file_name(description: str, asked_at: datetime) -> str:
    """`<slug of the description>-<YYYY-MM-DD>.png`, the date in UTC; `tort-<date>.png` when the
    description has no letters or digits to spell."""
    day = asked_at.astimezone(UTC).date().isoformat()
    return f"{slug(description) or 'tort'}-{day}.png"

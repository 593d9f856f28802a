"""A downloaded design is named after its description and day, in Latin letters (issue 20)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from tortodelova.domain.file_names import SLUG_MAX, design_file_name, slug

DAY = datetime(2026, 12, 7, 10, 30, tzinfo=UTC)
NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*-\d{4}-\d{2}-\d{2}\.png$")


def test_the_description_is_spelled_in_latin_letters_with_the_day():
    assert (
        design_file_name("Двухъярусный бенто-торт с клубникой и белым кремом", DAY)
        == "dvukhyarusnyy-bento-tort-s-klubnikoy-i-belym-kremom-2026-12-07.png"
    )
    assert (
        design_file_name("Щедрый ЁЖИК, «Прага» и café!", DAY)
        == "shchedryy-yozhik-praga-i-cafe-2026-12-07.png"
    )


def test_a_long_description_keeps_its_first_whole_words():
    name = design_file_name("Торт " + "с розами и клубникой " * 20, DAY)
    assert name.startswith("tort-s-rozami-i-klubnikoy-") and name.endswith("-2026-12-07.png")
    assert len(name.removesuffix("-2026-12-07.png")) <= SLUG_MAX
    assert slug("о" * 300) == "o" * SLUG_MAX  # one endless word (Cyrillic о): cut inside it


def test_nothing_to_spell_is_a_cake_and_the_day_is_utc():
    assert design_file_name("🍓 🍓 !!!", DAY) == "tort-2026-12-07.png"
    moscow = timezone(timedelta(hours=3))
    assert design_file_name("торт", datetime(2026, 12, 8, 1, 0, tzinfo=moscow)) == "tort-2026-12-07.png"


@given(st.text(max_size=1000))
def test_any_description_gives_a_safe_name(description: str):
    name = design_file_name(description, DAY)
    assert NAME.match(name), name
    assert len(name) <= SLUG_MAX + len("-2026-12-07.png")

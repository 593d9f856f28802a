"""The inscription renderer: letters stay inside the cake top's safe zone, an arc follows the circle."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from PIL import Image

from tortodelova.adapters.inscriptions.renderer import PillowInscriptionRenderer
from tortodelova.domain.inscription import FONTS, InscriptionSpec, Placement, safe_radius

BASE = (40, 90, 160)
SIDE = 400


def _base(width: int = SIDE, height: int = SIDE) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), BASE).save(out, format="PNG")
    return out.getvalue()


def _inked(spec: InscriptionSpec, width: int = SIDE, height: int = SIDE) -> np.ndarray:
    """(y, x) of every pixel the inscription changed."""
    drawn = Image.open(io.BytesIO(PillowInscriptionRenderer().render(_base(width, height), spec)))
    assert drawn.size == (width, height)
    pixels = np.asarray(drawn.convert("RGB"), dtype=np.int16)
    return np.argwhere(np.abs(pixels - np.array(BASE)).sum(axis=2) > 0)


LONG = "С днём рождения, дорогая\nМаша! Счастья, ёлки-палки"  # 51 characters on two lines


@pytest.mark.parametrize("placement", list(Placement))
@pytest.mark.parametrize("font", list(FONTS))
def test_every_letter_stays_inside_the_safe_zone(font: str, placement: Placement):
    spec = InscriptionSpec.create(
        text_value=LONG,
        font=font,
        color="#ffee00",
        outline_color="#000000",
        size="large",
        placement=placement,
    )
    for width, height in ((SIDE, SIDE), (SIDE, SIDE * 3 // 2)):
        inked = _inked(spec, width, height)
        assert len(inked) > 500, "the inscription was drawn"
        radii = np.hypot(inked[:, 1] + 0.5 - width / 2, inked[:, 0] + 0.5 - height / 2)
        assert radii.max() <= safe_radius(width, height) + 1.0


def _polar(inked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    dy, dx = inked[:, 0] + 0.5 - SIDE / 2, inked[:, 1] + 0.5 - SIDE / 2
    return np.hypot(dx, dy), np.degrees(np.arctan2(dy, dx))


def test_an_arc_over_the_top_follows_the_circle():
    spec = InscriptionSpec.create(text_value="С днём рождения, Маша!", placement="arc_top", size="medium")
    radius, angle = _polar(_inked(spec))
    safe = safe_radius(SIDE, SIDE)
    # a ring hugging the safe circle: every inked pixel within one line's height of it ...
    assert radius.min() >= safe * 0.65 and radius.max() <= safe + 1
    # ... spread over the top (screen angles: -90° is straight up), most of the way round
    assert np.percentile(angle, 1) < -150 and np.percentile(angle, 99) > -30
    assert (angle < 0).mean() > 0.97
    # and the ring holds everywhere along it: sectors of 20° each hold letters at the same radius
    sectors = [radius[(angle >= a) & (angle < a + 20)] for a in range(-150, -30, 20)]
    assert all(len(s) and abs(np.median(s) - np.median(radius)) < safe * 0.08 for s in sectors)


def test_an_arc_under_the_bottom_mirrors_it():
    spec = InscriptionSpec.create(text_value="Поздравляем!", placement="arc_bottom", size="medium")
    radius, angle = _polar(_inked(spec))
    assert radius.min() >= safe_radius(SIDE, SIDE) * 0.65
    assert (angle > 0).mean() > 0.97 and math.isclose(np.median(angle), 90, abs_tol=12)


def test_straight_text_is_centred_or_low():
    centred = _inked(InscriptionSpec.create(text_value="Маша", placement="center"))
    low = _inked(InscriptionSpec.create(text_value="Маша", placement="bottom"))
    assert (
        abs(centred[:, 0].mean() - SIDE / 2) < SIDE * 0.05
        and abs(centred[:, 1].mean() - SIDE / 2) < SIDE * 0.1
    )
    assert low[:, 0].mean() > SIDE / 2 + SIDE * 0.15


def test_a_bigger_size_draws_bigger_letters():
    sizes = [
        len(_inked(InscriptionSpec.create(text_value="Маша", size=s, placement="center")))
        for s in ("small", "medium", "large")
    ]
    assert sizes[0] < sizes[1] < sizes[2]

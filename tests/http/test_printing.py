"""Issue 22: the edible-print export, read back with a PDF library and Pillow."""

from __future__ import annotations

import io
import math
from typing import Any

import pikepdf
import pytest
from PIL import Image, ImageCms

from tests.http.harness import Harness, assert_problem
from tests.support.pdf_reading import read_first_page
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.domain.generation import design_key
from tortodelova.domain.print_layout import cupcake_count

IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}
TOLERANCE_MM = 0.5


def picture(width: int, height: int) -> bytes:
    """A gradient (so a crop or a lightening shows), as the worker stores designs: PNG."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


async def finished_design(api: Harness, headers: dict[str, str], size: tuple[int, int] = (512, 512)) -> str:
    """A design the worker finished, its stored image replaced by a `size` picture."""
    created = await api.client.post("/api/generations", json=IDEA, headers=headers)
    assert created.status_code == 202, created.text
    generation = created.json()["generation"]
    assert [o.status.value for o in await api.run_worker()] == ["success"]
    store = await api.container.get(ObjectStore)
    await store.put(design_key(generation["user_id"], generation["id"]), picture(*size), "image/png")  # type: ignore[arg-type]
    return generation["id"]


async def print_file(api: Harness, headers: dict[str, str], design: str, **body: Any):  # noqa: ANN201
    return await api.client.post(f"/api/generations/{design}/print", json=body, headers=headers)


def close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE_MM


async def test_round_on_a4_is_a_physical_page_with_the_picture_at_size_plus_bleed(api: Harness):
    headers = await api.user("baker@example.com")
    design = await finished_design(api, headers)
    response = await print_file(api, headers, design, layout="round", diameter_mm=180)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="tort-{design}-round-180mm.pdf"'
    # 512 px across 180 + 2 x 3 mm of bleed: 69.9 dpi
    assert response.headers["x-effective-dpi"] == str(math.floor(512 / (186 / 25.4)))
    page = read_first_page(response.content)
    assert close(page.width_mm, 210) and close(page.height_mm, 297)
    [image] = page.images
    assert close(image.width, 186) and close(image.height, 186)
    assert close(image.x, (210 - 186) / 2) and close(image.y, (297 - 186) / 2)  # centred
    [(cut, curved)] = page.strokes  # the cut line: one vector circle, no crop marks on A4
    assert curved and close(cut.width, 180) and close(cut.height, 180)
    assert close(cut.x + 90, 105) and close(cut.y + 90, 148.5)
    [space] = page.image_colour_spaces  # the picture is tagged sRGB
    assert space[0] == pikepdf.Name.ICCBased and space[1].N == 3
    [intent] = page.output_intents
    assert "sRGB" in str(intent.OutputConditionIdentifier)
    assert ImageCms.getProfileDescription(
        ImageCms.ImageCmsProfile(io.BytesIO(space[1].read_bytes()))
    ).startswith("sRGB")


@pytest.mark.parametrize(
    ("body", "page_mm", "picture_mm", "count", "cut_mm", "curved"),
    [
        (
            {"layout": "round", "diameter_mm": 200, "sheet": "fit"},
            (216, 216),
            (206, 206),
            1,
            (200, 200),
            True,
        ),
        (
            {"layout": "round", "diameter_mm": 300, "sheet": "fit", "bleed_mm": 5, "margin_mm": 10},
            (330, 330),
            (310, 310),
            1,
            (300, 300),
            True,
        ),
        ({"layout": "rect", "width_mm": 150, "height_mm": 100}, (210, 297), (156, 106), 1, (150, 100), False),
        # a rectangle wider than A4's short side turns the sheet landscape
        ({"layout": "rect", "width_mm": 250, "height_mm": 180}, (297, 210), (256, 186), 1, (250, 180), False),
        (
            {"layout": "rect", "width_mm": 300, "height_mm": 200, "sheet": "fit"},
            (316, 216),
            (306, 206),
            1,
            (300, 200),
            False,
        ),
        ({"layout": "cupcakes", "diameter_mm": 60}, (210, 297), (66, 66), 12, (60, 60), True),
        (
            {"layout": "cupcakes", "diameter_mm": 40, "bleed_mm": 2, "margin_mm": 3},
            (210, 297),
            (44, 44),
            4 * 6,
            (40, 40),
            True,
        ),
        ({"layout": "sheet"}, (210, 297), (200, 287), 1, (194, 281), False),
    ],
)
async def test_every_layout_reads_back_at_its_size(
    api: Harness,
    body: dict[str, Any],
    page_mm: tuple[float, float],
    picture_mm: tuple[float, float],
    count: int,
    cut_mm: tuple[float, float],
    curved: bool,
):
    headers = await api.user("baker@example.com")
    design = await finished_design(api, headers)
    response = await print_file(api, headers, design, **body)
    assert response.status_code == 200, response.text
    page = read_first_page(response.content)
    assert close(page.width_mm, page_mm[0]) and close(page.height_mm, page_mm[1]), page
    assert len(page.images) == count
    for image in page.images:
        assert close(image.width, picture_mm[0]) and close(image.height, picture_mm[1])
        assert image.x >= -TOLERANCE_MM and image.x + image.width <= page.width_mm + TOLERANCE_MM
    cuts = [(box, c) for box, c in page.strokes if close(box.width, cut_mm[0])]
    assert len(cuts) == count and all(c is curved and close(b.height, cut_mm[1]) for b, c in cuts)
    marks = [box for box, c in page.strokes if not close(box.width, cut_mm[0])]
    assert len(marks) == (8 if body.get("sheet") == "fit" else 0)  # two crop marks at each corner
    assert response.headers["x-effective-dpi"] == str(math.floor(512 / (max(picture_mm) / 25.4)))


async def test_cupcakes_fill_at_least_a_square_grid_with_3_mm_gaps(api: Harness):
    for diameter in (40, 50, 60, 70, 80):
        columns = math.floor((210 - 2 * 5 - 2 * 3 + 3) / (diameter + 3))
        rows = math.floor((297 - 2 * 5 - 2 * 3 + 3) / (diameter + 3))
        assert cupcake_count(diameter, 3, 5) == (columns, rows)
    headers = await api.user("baker@example.com")
    design = await finished_design(api, headers)
    page = read_first_page(
        (await print_file(api, headers, design, layout="cupcakes", diameter_mm=50)).content
    )
    assert len(page.images) == 15  # 3 x 5 circles of 50 mm with 3 mm between their cut lines


async def test_without_the_cut_line_nothing_is_stroked(api: Harness):
    headers = await api.user("baker@example.com")
    design = await finished_design(api, headers)
    response = await print_file(api, headers, design, layout="round", diameter_mm=160, cut_line=False)
    page = read_first_page(response.content)
    assert len(page.images) == 1 and page.strokes == []


async def test_an_upscaled_design_prints_at_300_dpi(api: Harness):
    headers = await api.user("baker@example.com")
    design = await finished_design(api, headers, size=(2560, 2560))
    response = await print_file(api, headers, design, layout="round", diameter_mm=200, sheet="fit")
    assert int(response.headers["x-effective-dpi"]) == math.floor(2560 / (206 / 25.4)) >= 300


@pytest.mark.parametrize(("fmt", "mime"), [("png", "image/png"), ("jpeg", "image/jpeg")])
async def test_png_and_jpeg_are_300_dpi_with_an_srgb_profile(api: Harness, fmt: str, mime: str):
    headers = await api.user("baker@example.com")
    design = await finished_design(api, headers)
    response = await print_file(api, headers, design, layout="round", diameter_mm=180, format=fmt)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == mime
    assert response.headers["content-disposition"].endswith(f'.{"jpg" if fmt == "jpeg" else "png"}"')
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (round(210 / 25.4 * 300), round(297 / 25.4 * 300))  # A4 at 300 dpi
    assert tuple(round(v) for v in image.info["dpi"]) == (300, 300)
    profile = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
    assert ImageCms.getProfileDescription(profile).startswith("sRGB")
    if fmt == "jpeg":
        assert image.quantization[0][0] <= 3  # the luminance table of quality 92 or better
    rgb = image.convert("RGB")
    assert rgb.getpixel((5, 5)) == (255, 255, 255)  # outside the circle: paper
    centre = rgb.getpixel((image.width // 2, image.height // 2))
    assert abs(centre[0] - 127) <= 6  # the gradient's middle row sits in the middle of the circle


async def test_lighten_lifts_the_mid_tones(api: Harness):
    headers = await api.user("baker@example.com")
    design = await finished_design(api, headers)

    async def centre(lighten: int) -> int:
        response = await print_file(
            api, headers, design, layout="rect", width_mm=100, height_mm=100, format="png", lighten=lighten
        )
        image = Image.open(io.BytesIO(response.content)).convert("L")
        return image.getpixel((image.width // 2, image.height // 2))  # type: ignore[return-value]

    plain, lighter = await centre(0), await centre(40)
    assert lighter - plain >= 25  # mid-grey ~128 becomes ~157


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"layout": "oval", "diameter_mm": 200}, "layout", "раскладка"),
        ({"layout": "round"}, "diameter_mm", "укажите диаметр"),
        ({"layout": "round", "diameter_mm": 50}, "diameter_mm", "от 100 до 300 мм"),
        ({"layout": "round", "diameter_mm": 350, "sheet": "fit"}, "diameter_mm", "от 100 до 300 мм"),
        ({"layout": "round", "diameter_mm": 200}, "diameter_mm", "не помещается на лист A4"),
        ({"layout": "rect", "width_mm": 150}, "height_mm", "от 50 до 400 мм"),
        ({"layout": "rect", "width_mm": 300, "height_mm": 250}, "width_mm", "не помещается"),
        ({"layout": "cupcakes", "diameter_mm": 90}, "diameter_mm", "капкейка от 40 до 80 мм"),
        ({"layout": "cupcakes", "diameter_mm": 60, "sheet": "fit"}, "sheet", "на листе A4"),
        ({"layout": "round", "diameter_mm": 150, "sheet": "a3"}, "sheet", "лист"),
        ({"layout": "round", "diameter_mm": 150, "bleed_mm": 6}, "bleed_mm", "вылет"),
        ({"layout": "round", "diameter_mm": 150, "margin_mm": -1}, "margin_mm", "поле"),
        ({"layout": "round", "diameter_mm": 150, "lighten": 41}, "lighten", "осветление"),
        ({"layout": "round", "diameter_mm": 150, "format": "tiff"}, "format", "формат"),
    ],
)
async def test_invalid_options_are_422_in_russian(api: Harness, body: dict[str, Any], field: str, words: str):
    headers = await api.user("baker@example.com")
    design = await finished_design(api, headers)
    problem = assert_problem(await print_file(api, headers, design, **body), 422)
    messages = {e["field"]: e["message"] for e in problem["errors"]}
    assert words in messages[field], problem


async def test_another_users_or_an_unfinished_design(api: Harness):
    owner = await api.user("baker@example.com")
    design = await finished_design(api, owner)
    stranger = await api.user("other@example.com")
    problem = assert_problem(await print_file(api, stranger, design, layout="round", diameter_mm=150), 404)
    assert problem["detail"] == "Дизайн не найден"
    queued = (await api.client.post("/api/generations", json=IDEA, headers=owner)).json()["generation"]["id"]
    problem = assert_problem(await print_file(api, owner, queued, layout="round", diameter_mm=150), 409)
    assert "готовый дизайн" in problem["detail"]
    assert (await api.client.delete(f"/api/generations/{design}", headers=owner)).status_code == 204
    assert_problem(await print_file(api, owner, design, layout="round", diameter_mm=150), 404)

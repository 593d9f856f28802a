"""POST/GET /api/uploads: reference photos and masks, verified, cleaned and kept privately in S3.

The `s3_api` tests run the production wiring: PostgreSQL and a real S3 server, read back over plain HTTP
as a browser (or a stranger) would."""

from __future__ import annotations

import io
import struct
import uuid
from typing import Any

import httpx
from PIL import Image, ImageOps

from tests.http.harness import Harness, assert_problem
from tests.support.pictures import (
    EXIF_GPS_IFD,
    encode,
    jpeg_with_gps_and_orientation,
    png_chunk_types,
    png_declaring,
    png_with_profile_and_text,
    two_colour,
)
from tortodelova.adapters.storage.s3 import S3ObjectStore

BARE_PNG_CHUNKS = {"IHDR", "IDAT", "IEND"}  # what is left once every metadata chunk is gone


async def upload(api: Harness, headers: dict[str, str], data: bytes, **form: str) -> httpx.Response:
    return await api.client.post(
        "/api/uploads", files={"file": ("cake.jpg", data, "image/jpeg")}, data=form, headers=headers
    )


async def fetch(url: str) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        return await http.get(url)


def key_of(body: dict[str, Any], user_id: str) -> str:
    return f"uploads/{user_id}/{body['id']}.png"


async def test_a_photo_is_turned_upright_stripped_and_kept_privately(s3_api: Harness) -> None:
    headers = await s3_api.user("baker@example.com")
    me = await s3_api.me(headers)
    photo = jpeg_with_gps_and_orientation()
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(EXIF_GPS_IFD)  # the test photo does carry GPS

    response = await upload(s3_api, headers, photo)

    assert response.status_code == 201, response.text
    body = response.json()["upload"]
    assert response.headers["location"] == f"/api/uploads/{body['id']}"
    assert (body["purpose"], body["width"], body["height"]) == ("reference", 20, 40)  # upright: was 40x20
    signed = await fetch(body["url"])
    assert signed.status_code == 200 and signed.headers["content-type"] == "image/png"
    stored = Image.open(io.BytesIO(signed.content))
    assert (stored.format, stored.mode, stored.size) == ("PNG", "RGB", (20, 40))
    upright = ImageOps.exif_transpose(Image.open(io.BytesIO(photo))).convert("RGB")
    assert stored.tobytes() == upright.tobytes()  # the same pixels, rotated as a viewer shows them
    assert stored.getpixel((10, 2))[0] > 180 and stored.getpixel((10, 37))[2] > 180  # red on top
    assert set(png_chunk_types(signed.content)) == BARE_PNG_CHUNKS  # no eXIf: no GPS, no orientation
    assert b"Exif" not in signed.content

    store = await s3_api.container.get(S3ObjectStore)
    anonymous = await fetch(store.public_url(key_of(body, me["id"])))
    assert anonymous.status_code == 403  # the object itself is private

    again = await s3_api.client.get(f"/api/uploads/{body['id']}", headers=headers)
    assert again.status_code == 200
    fresh = again.json()["upload"]
    assert {k: v for k, v in fresh.items() if k != "url"} == {k: v for k, v in body.items() if k != "url"}
    assert (await fetch(fresh["url"])).content == signed.content


async def test_colour_profile_text_and_xmp_are_dropped(s3_api: Harness) -> None:
    headers = await s3_api.user("baker@example.com")
    original = png_with_profile_and_text()
    assert {"iCCP", "tEXt", "iTXt"} <= set(png_chunk_types(original))

    response = await upload(s3_api, headers, original)

    assert response.status_code == 201, response.text
    stored = (await fetch(response.json()["upload"]["url"])).content
    assert set(png_chunk_types(stored)) == BARE_PNG_CHUNKS
    assert b"Baker Street" not in stored and b"xmpmeta" not in stored


async def test_a_mask_is_kept_as_black_and_white_grayscale(s3_api: Harness) -> None:
    headers = await s3_api.user("baker@example.com")
    me = await s3_api.me(headers)
    brush = Image.new("RGBA", (32, 32), (0, 0, 0, 0))  # a brush layer: transparent where not painted
    brush.paste((255, 255, 255, 255), (8, 8, 24, 24))
    brush.paste((90, 90, 90, 255), (0, 28, 32, 32))  # a dark stroke is not "redraw"

    response = await upload(s3_api, headers, encode(brush, "PNG"), purpose="mask")

    assert response.status_code == 201, response.text
    body = response.json()["upload"]
    assert body["purpose"] == "mask"
    # read back as the worker will: through the store, not a URL
    stored = await (await s3_api.container.get(S3ObjectStore)).get(key_of(body, me["id"]))
    mask = Image.open(io.BytesIO(stored))
    assert (mask.mode, mask.size) == ("L", (32, 32))
    assert sorted(set(mask.tobytes())) == [0, 255]
    assert mask.getpixel((16, 16)) == 255 and mask.getpixel((2, 2)) == 0 and mask.getpixel((16, 30)) == 0


async def test_another_users_upload_is_not_found(s3_api: Harness) -> None:
    owner = await s3_api.user("owner@example.com")
    stranger = await s3_api.user("stranger@example.com")
    created = (await upload(s3_api, owner, encode(two_colour(), "WEBP"))).json()["upload"]

    for headers, upload_id in ((stranger, created["id"]), (owner, str(uuid.uuid4()))):
        response = await s3_api.client.get(f"/api/uploads/{upload_id}", headers=headers)
        body = assert_problem(response, 404)
        assert "не найдено" in body["detail"]
    assert (await s3_api.client.get(f"/api/uploads/{created['id']}")).status_code == 401


async def test_files_that_are_not_jpeg_png_or_webp_are_422_in_russian(api: Harness) -> None:
    headers = await api.user("baker@example.com")
    truncated = encode(two_colour((400, 400)), "JPEG")[:600]
    for data in (b"just text", encode(two_colour(), "GIF"), encode(two_colour(), "BMP"), truncated, b""):
        body = assert_problem(await upload(api, headers, data), 422)
        assert body["detail"] == "Файл не похож на изображение JPEG, PNG или WebP."
        assert body["errors"] == [{"field": "file", "message": body["detail"]}]


async def test_decompression_bombs_are_refused_before_decoding(api: Harness) -> None:
    headers = await api.user("baker@example.com")
    for width, height in ((8000, 6000), (100_000, 100_000)):  # 48 MP; 10 GP (Pillow's own bomb limit)
        bomb = png_declaring(width, height)
        assert len(bomb) < 100 and struct.unpack_from(">II", bomb, 16) == (width, height)

        body = assert_problem(await upload(api, headers, bomb), 422)

        assert "40 мегапикселей" in body["detail"] and body["type"].endswith("too_many_pixels")
    assert (await api.db()).tables.uploads == {}


async def test_a_file_over_ten_megabytes_is_413_in_russian(api: Harness) -> None:
    headers = await api.user("baker@example.com")
    just_over = b"\xff" * (10 * 1024 * 1024 + 1)  # fits the request cap: refused by the use case
    far_over = b"\xff" * (12 * 1024 * 1024)  # past the request cap: refused while the body arrives
    bodies = [assert_problem(await upload(api, headers, data), 413) for data in (just_over, far_over)]
    assert bodies[0]["detail"].startswith("Файл больше 10 МБ")
    assert bodies[0]["type"].endswith("image_too_large") and bodies[0]["title"] == "Файл слишком большой"
    assert bodies[1] == bodies[0]  # the request cap answers exactly as the use case does
    # other routes keep their small cap
    assert assert_problem(
        await api.client.post("/api/generations", content=b"{" + b" " * 70_000, headers=headers), 413
    )["detail"].endswith("64 КиБ.")


async def test_a_body_that_is_not_multipart_or_lacks_the_file_is_refused(api: Harness) -> None:
    headers = await api.user("baker@example.com")
    no_file = await api.client.post(
        "/api/uploads",
        data={"purpose": "mask"},
        files={"note": ("a.txt", b"x", "text/plain")},
        headers=headers,
    )
    assert assert_problem(no_file, 422)["errors"] == [{"field": "file", "message": "обязательное поле"}]
    url_encoded = await api.client.post("/api/uploads", data={"purpose": "mask"}, headers=headers)
    assert "multipart/form-data" in assert_problem(url_encoded, 400)["detail"]
    broken = await api.client.post(
        "/api/uploads",
        content=b"--xx\r\nbroken",
        headers={**headers, "content-type": "multipart/form-data; boundary=xx"},
    )
    assert "multipart/form-data" in assert_problem(broken, 400)["detail"]
    wrong_purpose = await upload(api, headers, encode(two_colour(), "PNG"), purpose="poster")
    assert assert_problem(wrong_purpose, 422)["errors"][0]["field"] == "purpose"


async def test_uploads_are_rate_limited_per_user(api: Harness) -> None:
    baker = await api.user("baker@example.com")
    other = await api.user("other@example.com")
    for _ in range(30):
        assert (await upload(api, baker, b"x")).status_code == 422

    refused = await upload(api, baker, encode(two_colour(), "PNG"))

    assert_problem(refused, 429)
    assert int(refused.headers["retry-after"]) > 0
    assert (await upload(api, other, encode(two_colour(), "PNG"))).status_code == 201

"""Uploads on the stack `make dev` runs (embedded SeaweedFS with its anonymous identity): the picture is
private, its presigned URL works from a plain client, and finished designs stay public beside it."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image

from tests.e2e.client import register_and_login
from tests.support.pictures import jpeg_with_gps_and_orientation, png_chunk_types

pytestmark = pytest.mark.xdist_group("stack")


def test_an_upload_is_private_and_its_presigned_url_works(live_backend):
    user = register_and_login(live_backend)

    r = user.post("/api/uploads", files={"file": ("cake.jpg", jpeg_with_gps_and_orientation(), "image/jpeg")})

    assert r.status_code == 201, r.text
    upload = r.json()["upload"]
    signed = httpx.get(upload["url"], timeout=10)
    assert signed.status_code == 200
    assert Image.open(io.BytesIO(signed.content)).size == (upload["width"], upload["height"]) == (20, 40)
    assert set(png_chunk_types(signed.content)) == {"IHDR", "IDAT", "IEND"}
    unsigned = httpx.get(upload["url"].split("?", 1)[0], timeout=10)  # the object's plain URL
    assert unsigned.status_code == 403

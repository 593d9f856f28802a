"""PillowSanitizer on the formats and modes real uploads come in (the API tests cover the HTTP path)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from tests.support.pictures import encode, png_chunk_types, png_declaring, two_colour
from tortodelova.adapters.images.sanitize import PillowSanitizer
from tortodelova.domain.images import MAX_STORED_SIDE, NotAnImage, TooManyPixels


@pytest.fixture
def sanitizer() -> PillowSanitizer:
    return PillowSanitizer()


def decoded(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and set(png_chunk_types(png)) == {"IHDR", "IDAT", "IEND"}
    return image


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_each_accepted_format_becomes_a_bare_rgb_png(sanitizer: PillowSanitizer, fmt: str) -> None:
    clean = sanitizer.sanitize(encode(two_colour(), fmt, quality=95), mask=False)

    image = decoded(clean.png)
    assert (image.mode, image.size, clean.width, clean.height) == ("RGB", (40, 20), 40, 20)
    assert image.getpixel((5, 10))[0] > 180 and image.getpixel((35, 10))[2] > 180


def test_cmyk_jpeg_and_16_bit_png_become_rgb(sanitizer: PillowSanitizer) -> None:
    cmyk = encode(two_colour().convert("CMYK"), "JPEG")
    deep = encode(Image.fromarray(np.full((8, 8), 65535, dtype=np.uint16)), "PNG")

    assert decoded(sanitizer.sanitize(cmyk, mask=False).png).mode == "RGB"
    white = decoded(sanitizer.sanitize(deep, mask=False).png)
    assert white.mode == "RGB" and white.getpixel((0, 0)) == (255, 255, 255)


def test_transparency_becomes_white_in_a_reference(sanitizer: PillowSanitizer) -> None:
    cut_out = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    cut_out.paste((200, 0, 0, 255), (0, 0, 5, 10))
    palette = Image.new("P", (4, 4), 0)
    palette.putpalette([0, 0, 0, 10, 200, 10])
    palette.info["transparency"] = 0

    rgb = decoded(sanitizer.sanitize(encode(cut_out, "PNG"), mask=False).png)
    from_palette = decoded(sanitizer.sanitize(encode(palette, "PNG", transparency=0), mask=False).png)

    assert rgb.getpixel((1, 1)) == (200, 0, 0) and rgb.getpixel((8, 8)) == (255, 255, 255)
    assert from_palette.getpixel((0, 0)) == (255, 255, 255)


def test_an_animation_keeps_its_first_frame(sanitizer: PillowSanitizer) -> None:
    frames = [Image.new("RGB", (8, 8), c) for c in ((250, 0, 0), (0, 250, 0))]
    animated = encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], lossless=True)

    image = decoded(sanitizer.sanitize(animated, mask=False).png)

    assert image.getpixel((4, 4)) == (250, 0, 0)


def test_a_grey_mask_is_thresholded_to_black_and_white(sanitizer: PillowSanitizer) -> None:
    ramp = Image.fromarray(np.tile(np.arange(256, dtype=np.uint8), (4, 1)))  # 0..255 left to right

    mask = decoded(sanitizer.sanitize(encode(ramp, "PNG"), mask=True).png)

    row = list(mask.crop((0, 0, 256, 1)).tobytes())
    assert mask.mode == "L" and row == [0] * 128 + [255] * 128


def test_the_pixel_limit_is_checked_from_the_header(sanitizer: PillowSanitizer) -> None:
    small = PillowSanitizer(max_pixels=100)
    with pytest.raises(TooManyPixels):
        small.sanitize(encode(Image.new("RGB", (11, 10)), "PNG"), mask=False)
    assert small.sanitize(encode(Image.new("RGB", (10, 10)), "PNG"), mask=False).width == 10
    with pytest.raises(TooManyPixels):
        sanitizer.sanitize(png_declaring(40_000, 40_000), mask=False)


@pytest.mark.parametrize(
    "data",
    [b"", b"\x89PNG\r\n\x1a\n", encode(two_colour(), "TIFF"), encode(two_colour(), "GIF"), b"<svg/>"],
    ids=["empty", "bare-signature", "tiff", "gif", "svg"],
)
def test_anything_else_is_not_an_image(sanitizer: PillowSanitizer, data: bytes) -> None:
    with pytest.raises(NotAnImage):
        sanitizer.sanitize(data, mask=False)


def test_a_png_with_a_broken_checksum_fails_verification(sanitizer: PillowSanitizer) -> None:
    png = bytearray(encode(two_colour(), "PNG"))
    idat = png.index(b"IDAT")
    png[idat + 6] ^= 0xFF  # a flipped byte inside the image data: its CRC no longer matches

    with pytest.raises(NotAnImage):
        sanitizer.sanitize(bytes(png), mask=False)


def test_a_big_picture_is_scaled_down_to_the_stored_side_keeping_its_shape(
    sanitizer: PillowSanitizer,
) -> None:
    wide = encode(two_colour((3000, 1000)), "JPEG")
    big_mask = Image.new("L", (1000, 2500), 0)
    big_mask.paste(200, (0, 0, 1000, 1250))

    reference = sanitizer.sanitize(wide, mask=False)
    mask = sanitizer.sanitize(encode(big_mask, "PNG"), mask=True)

    assert (reference.width, reference.height) == (MAX_STORED_SIDE, 683)
    assert decoded(reference.png).size == (MAX_STORED_SIDE, 683)
    scaled = decoded(mask.png)
    assert (scaled.mode, scaled.size) == ("L", (819, MAX_STORED_SIDE))
    assert sorted(set(scaled.tobytes())) == [0, 255]  # still hard-edged after the resampling
    small = sanitizer.sanitize(encode(two_colour((300, 200)), "PNG"), mask=False)
    assert (small.width, small.height) == (300, 200)  # never scaled up

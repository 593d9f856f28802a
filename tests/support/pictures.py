"""Pictures for upload tests, built in memory: photos with EXIF/GPS, profiles and text, masks, bombs."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

EXIF_ORIENTATION = 0x0112
EXIF_GPS_IFD = 0x8825
ROTATE_90_CW = 6  # "the camera was turned": viewers rotate the stored pixels 90° clockwise


def two_colour(size: tuple[int, int] = (40, 20)) -> Image.Image:
    """Left half red, right half blue: a rotation shows in where the colours end up."""
    image = Image.new("RGB", size, (220, 30, 30))
    image.paste((30, 30, 220), (size[0] // 2, 0, size[0], size[1]))
    return image


def jpeg_with_gps_and_orientation() -> bytes:
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = ROTATE_90_CW
    gps = exif.get_ifd(EXIF_GPS_IFD)
    gps[1], gps[2] = "N", (55.0, 45.0, 21.0)  # GPSLatitudeRef, GPSLatitude: a baker's kitchen
    gps[3], gps[4] = "E", (37.0, 37.0, 4.0)
    buf = io.BytesIO()
    two_colour().save(buf, format="JPEG", exif=exif, quality=95)
    return buf.getvalue()


def png_with_profile_and_text() -> bytes:
    info = PngInfo()
    info.add_text("Comment", "secret address: 5 Baker Street")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>private</x:xmpmeta>")
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buf = io.BytesIO()
    two_colour((16, 16)).save(buf, format="PNG", pnginfo=info, icc_profile=profile)
    return buf.getvalue()


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **options)
    return buf.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims width x height: a decompression bomb."""
    data = bytearray(encode(Image.new("L", (1, 1)), "PNG"))
    struct.pack_into(">II", data, 16, width, height)  # IHDR's data starts after signature, length, type
    struct.pack_into(">I", data, 29, zlib.crc32(bytes(data[12:29])))  # CRC over type + data
    return bytes(data)


def png_chunk_types(png: bytes) -> list[str]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    types, offset = [], 8
    while offset < len(png):
        (length,) = struct.unpack_from(">I", png, offset)
        types.append(png[offset + 4 : offset + 8].decode("ascii"))
        offset += 12 + length
    return types

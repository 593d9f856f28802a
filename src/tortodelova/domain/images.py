"""What the service accepts as an uploaded picture: limits and the errors that refuse the rest."""

from __future__ import annotations

from tortodelova.domain.errors import DomainError, ValidationFailed

MAX_UPLOAD_MB = 10
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_MEGAPIXELS = 40
MAX_PIXELS = MAX_MEGAPIXELS * 1_000_000
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# Kept at most this many pixels on the long side (scaled down, never up): Stable Diffusion 1.5 works at
# 512-768 px, and a 40 MP photo kept whole is a ~100 MB PNG the worker would read for nothing.
MAX_STORED_SIDE = 2048
# A mask is black (kept) and white (redrawn): grey at or above this counts as white, both when an
# uploaded mask is stored and when the generator reads it back.
MASK_THRESHOLD = 128


class ImageTooLarge(DomainError):
    """Файл слишком большой."""

    code = "image_too_large"

    def __init__(self) -> None:
        super().__init__(f"Файл больше {MAX_UPLOAD_MB} МБ. Уменьшите изображение и загрузите его снова.")


class ImageRejected(ValidationFailed):
    """Изображение не принято. The message is the detail; the same goes under `errors.file`."""

    code = "image_rejected"

    def __init__(self, message: str) -> None:
        self.errors = {"file": message}
        DomainError.__init__(self, message)


class NotAnImage(ImageRejected):
    """Файл не является изображением JPEG, PNG или WebP."""

    code = "not_an_image"

    def __init__(self) -> None:
        super().__init__("Файл не похож на изображение JPEG, PNG или WebP.")


class TooManyPixels(ImageRejected):
    """Слишком большое изображение."""

    code = "too_many_pixels"

    def __init__(self) -> None:
        super().__init__(
            f"Изображение больше {MAX_MEGAPIXELS} мегапикселей. Уменьшите его и загрузите снова."
        )

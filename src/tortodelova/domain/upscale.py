"""Upscaling a design for print: which factors, which inputs, and the size of the result."""

from __future__ import annotations

from tortodelova.domain.errors import DomainError, ValidationFailed

FACTORS = (2, 4)  # x4 is the model's own; x2 is x4 reduced (high-quality Lanczos)
MAX_INPUT_SIDE = 1024  # px: 4096 px out, about 80 dpi more than a 30 cm cake needs


class UpscaleUnavailable(DomainError):
    """Увеличение для печати недоступно: на сервере нет весов Real-ESRGAN. Загрузите их командой
    `tortodelova models pull`."""

    code = "upscale_unavailable"


def check_factor(factor: int) -> None:
    if factor not in FACTORS:
        raise ValidationFailed({"factor": "увеличить можно в 2 или в 4 раза"})


def upscaled_size(width: int, height: int, factor: int) -> tuple[int, int]:
    """The size the upscale of a `width` x `height` design by `factor` has; ValidationFailed otherwise."""
    check_factor(factor)
    if max(width, height) > MAX_INPUT_SIDE:
        raise ValidationFailed(
            {
                "factor": f"этот дизайн уже {width}×{height} px: увеличивать можно до {MAX_INPUT_SIDE} px по стороне"
            }
        )
    return width * factor, height * factor

"""The cake style catalogue: what the user picks in the studio, what the model is told."""

from __future__ import annotations

from dataclasses import dataclass

from tortodelova.domain.errors import ValidationFailed


@dataclass(frozen=True, slots=True)
class CakeStyle:
    code: str
    title: str  # Russian, shown in the UI
    description: str  # Russian, shown in the UI
    prompt: str  # English fragment appended to the user's idea
    negative: str  # English negative prompt fragment


_COMMON_NEGATIVE = (
    "lowres, blurry, deformed, disfigured, bad anatomy, watermark, text, signature, logo, "
    "jpeg artifacts, cropped, out of frame, ugly, messy, melted"
)

STYLES: dict[str, CakeStyle] = {
    s.code: s
    for s in (
        CakeStyle(
            "minimal",
            "Минимализм",
            "Чистые линии, гладкое покрытие, один-два акцента",
            "minimalist cake design, smooth clean finish, simple elegant decoration, soft neutral palette",
            "cluttered, busy decoration, too many elements",
        ),
        CakeStyle(
            "kids",
            "Детский",
            "Яркие цвета, игрушечные фигурки, весёлые детали",
            "cute children's birthday cake, playful colorful decorations, cartoon fondant figurines, cheerful",
            "scary, dark, gloomy",
        ),
        CakeStyle(
            "wedding",
            "Свадебный",
            "Многоярусный, белый и пастельный, цветы и кружево",
            "elegant multi-tier wedding cake, white and pastel tones, sugar flowers, delicate lace details",
            "casual, cartoon, garish colors",
        ),
        CakeStyle(
            "birthday",
            "День рождения",
            "Праздничный торт со свечами и декором",
            "festive birthday cake, candles, celebratory decorations, sprinkles",
            "gloomy, plain",
        ),
        CakeStyle(
            "themed",
            "Тематический",
            "Торт по теме праздника или увлечения",
            "themed celebration cake, detailed sculpted decorations matching the theme, creative design",
            "generic, plain",
        ),
        CakeStyle(
            "bento",
            "Бенто",
            "Маленький торт на одного-двух, лаконичная надпись",
            "small bento cake in a take-away box, minimalist korean style, simple piped decoration",
            "multi-tier, huge, oversized",
        ),
        CakeStyle(
            "classic",
            "Классический",
            "Традиционный торт с кремом, ягодами и шоколадом",
            "classic layered cake, buttercream frosting, fresh berries, chocolate details, traditional bakery style",
            "futuristic, abstract",
        ),
    )
}

NEGATIVE_BASE = _COMMON_NEGATIVE
PHOTO_PROMPT = "professional food photography, studio lighting, high detail, sharp focus"


def get_style(code: str) -> CakeStyle:
    try:
        return STYLES[code]
    except KeyError:
        raise ValidationFailed(
            {"style": f"неизвестный стиль «{code}»; допустимые: {', '.join(STYLES)}"}
        ) from None

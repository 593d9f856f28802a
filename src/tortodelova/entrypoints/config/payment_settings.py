"""Which payment service this deployment uses, what it sells, and what `serve` refuses to start with."""

from __future__ import annotations

from tortodelova.domain.payments import Catalogue, parse_packs
from tortodelova.entrypoints.config.settings import Settings

PROVIDERS = ("yookassa", "sandbox", "none")


def provider(settings: Settings) -> str:
    """PAYMENT_PROVIDER; unset means none (`tortodelova dev` sets sandbox before this is read)."""
    return settings.payment_provider.strip().lower() or "none"


def catalogue(settings: Settings) -> Catalogue:
    name = provider(settings)
    if name not in PROVIDERS:
        raise ValueError(
            f"PAYMENT_PROVIDER: {settings.payment_provider!r} is not one of {', '.join(PROVIDERS)}"
        )
    return Catalogue(name, parse_packs(settings.credit_packs) if name != "none" else ())


def payment_problems(settings: Settings) -> list[str]:
    """Why the API must not start with these payment settings; empty when they are fine."""
    try:
        chosen = catalogue(settings)
    except ValueError as exc:
        return [str(exc)]
    found = []
    if chosen.enabled and not chosen.packs:
        found.append("CREDIT_PACKS: no packs to sell / нет ни одного пакета кредитов")
    if chosen.provider == "sandbox" and not settings.allow_sandbox_payments:
        found.append(
            "PAYMENT_PROVIDER: sandbox credits packs without any money; set ALLOW_SANDBOX_PAYMENTS=true to run"
            " it anyway / тестовая оплата начисляет кредиты без денег: включите ALLOW_SANDBOX_PAYMENTS=true,"
            " если это нужно"
        )
    if chosen.provider == "yookassa":
        for name in ("yookassa_shop_id", "yookassa_secret_key"):
            if not getattr(settings, name):
                found.append(
                    f"{name.upper()}: required with PAYMENT_PROVIDER=yookassa / обязателен для ЮKassa"
                )
    return found

"""Where the payment service's notifications may come from, and where it sends the payer back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection

from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.http.pages.site_url import PublicBaseUrl
from tortodelova.entrypoints.http.proxies import TrustedProxies


@dataclass(frozen=True, slots=True)
class PaymentNotifiers:
    """The networks notifications are accepted from (HttpProvider: one per process)."""

    networks: TrustedProxies

    def trusts(self, host: str) -> bool:
        return self.networks.trusts(host)


@dataclass(frozen=True, slots=True)
class PaymentReturnUrl:
    """YOOKASSA_RETURN_URL, else the balance page of this site."""

    configured: str = ""

    def of(self, connection: ASGIConnection[Any, Any, Any, Any], site: PublicBaseUrl) -> str:
        return self.configured or f"{site.of(connection)}/balance"


def notifier_networks(settings: Settings) -> TrustedProxies:
    """YOOKASSA_WEBHOOK_TRUSTED_IPS, else the networks YooKassa publishes (its SDK's SecurityHelper).
    The address checked is the client's as decided with TRUSTED_PROXIES (proxies.py)."""
    from yookassa.domain.common.security_helper import SecurityHelper

    configured = settings.yookassa_webhook_trusted_ips.replace(",", " ").split()
    try:
        return TrustedProxies(configured or SecurityHelper.YOOKASSA_NETWORKS)
    except ValueError as exc:
        raise ValueError(f"YOOKASSA_WEBHOOK_TRUSTED_IPS: {exc}") from None

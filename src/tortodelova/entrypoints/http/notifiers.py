"""Where the payment service's notifications may come from."""

from __future__ import annotations

from tortodelova.entrypoints.http.proxies import TrustedProxies
from tortodelova.entrypoints.settings import Settings


def notifier_networks(settings: Settings) -> TrustedProxies:
    """YOOKASSA_WEBHOOK_TRUSTED_IPS, else the networks YooKassa publishes (its SDK's SecurityHelper).
    The address checked is the client's as decided with TRUSTED_PROXIES (proxies.py)."""
    from yookassa.domain.common.security_helper import SecurityHelper

    configured = settings.yookassa_webhook_trusted_ips.replace(",", " ").split()
    try:
        return TrustedProxies(configured or SecurityHelper.YOOKASSA_NETWORKS)
    except ValueError as exc:
        raise ValueError(f"YOOKASSA_WEBHOOK_TRUSTED_IPS: {exc}") from None

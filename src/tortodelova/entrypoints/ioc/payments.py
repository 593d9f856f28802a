"""PaymentsProvider: what this deployment sells (the Catalogue) and the payment service, from
PAYMENT_PROVIDER: YooKassa's SDK, the sandbox, or none. One gateway per process (APP scope): the
sandbox keeps its payments in it, and the SDK's configuration is process-wide."""

from __future__ import annotations

from collections.abc import Iterator

from dishka import Provider, Scope, provide

from tortodelova.adapters.payments.disabled import DisabledGateway
from tortodelova.adapters.payments.sandbox import SandboxGateway
from tortodelova.application.ports.payments import PaymentGateway
from tortodelova.domain.payments import Catalogue
from tortodelova.entrypoints.config.payment_settings import catalogue
from tortodelova.entrypoints.config.settings import Settings


class PaymentsProvider(Provider):
    scope = Scope.APP

    @provide
    def catalogue(self, settings: Settings) -> Catalogue:
        return catalogue(settings)

    @provide
    def gateway(self, settings: Settings, offer: Catalogue) -> Iterator[PaymentGateway]:
        if offer.provider == "yookassa":
            from tortodelova.adapters.payments.yookassa import YooKassaConfig, YooKassaGateway

            gateway = YooKassaGateway(
                YooKassaConfig(
                    shop_id=settings.yookassa_shop_id,
                    secret_key=settings.yookassa_secret_key,
                    api_url=settings.yookassa_api_url,
                    receipts=settings.yookassa_receipts,
                    vat_code=settings.yookassa_vat_code,
                )
            )
            yield gateway
            gateway.close()
        elif offer.provider == "sandbox":
            yield SandboxGateway()
        else:
            yield DisabledGateway()

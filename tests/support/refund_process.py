"""`python -m tests.support.refund_process ADMIN_ID PAYMENT_ID`: one admin refund, run the way the API
runs it (the production container from the environment's settings: PostgreSQL, the YooKassa SDK), in a
process of its own that a test can kill between the refund's steps."""

from __future__ import annotations

import asyncio
import sys
from uuid import UUID

from tortodelova.application.use_cases.payments.refund_payment import RefundPayment
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc import in_request, make_container


async def main(admin_id: UUID, payment_id: UUID) -> None:
    container = make_container(Settings.from_env())
    try:
        async with in_request(container, RefundPayment) as refund:
            payment = await refund(admin_id, payment_id)
        print(payment.status.value, flush=True)
    finally:
        await container.close()


if __name__ == "__main__":
    asyncio.run(main(UUID(sys.argv[1]), UUID(sys.argv[2])))

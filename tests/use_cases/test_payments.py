"""Buying credit packs (the sandbox service): credited once, only after the service says so; lost
notifications reconciled; refunds. Runs on memory and PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import replace

import pytest

from tests.support.gateways import Faulty
from tests.support.invariants import check_money_invariants
from tests.support.world import WELCOME_BONUS, World, idea
from tortodelova.adapters.payments.sandbox import SandboxGateway
from tortodelova.application.ports.payments import PaymentServiceRefused, PaymentServiceUnavailable
from tortodelova.application.ports.queries import Page, PaymentFilter, TransactionFilter
from tortodelova.application.use_cases.payments.refund_payment import RefundPayment
from tortodelova.domain.errors import (
    Forbidden,
    IdempotencyMismatch,
    NotFound,
    RefundRefused,
    ValidationFailed,
)
from tortodelova.domain.payments import Catalogue, Money, PaymentStatus
from tortodelova.domain.transactions import TxKind, TxType

RETURN = "https://cakes.example/balance"


def sandbox(world: World) -> SandboxGateway:
    gateway = world.gateway
    while isinstance(gateway, Faulty):
        gateway = gateway.inner
    assert isinstance(gateway, SandboxGateway)
    return gateway


async def balance(world: World, user_id: uuid.UUID) -> int:
    return (await world.profile()(user_id)).balance_credits


async def top_ups(world: World, user_id: uuid.UUID) -> list:
    page = await world.list_transactions().for_user(user_id, TransactionFilter(kind=TxKind.TOP_UP), Page())
    return page.items


async def start(world: World, user_id: uuid.UUID, pack: str = "pack-100", key: str | None = None):  # noqa: ANN201
    created = await world.create_payment()(user_id, pack, RETURN, key)
    return created.payment


async def test_paid_pack_is_credited_once_after_the_service_confirms(world):
    user_id = await world.new_user()
    payment = await start(world, user_id)
    assert payment.status is PaymentStatus.PENDING and (payment.credits, payment.amount) == (
        100,
        Money(59000),
    )
    assert payment.confirmation_url == f"https://cakes.example/pay/sandbox/{payment.external_id}"
    assert sandbox(world).return_urls[payment.external_id] == f"{RETURN}?payment={payment.id}"
    assert await balance(world, user_id) == WELCOME_BONUS  # nothing before the service says so

    sandbox(world).pay(payment.external_id)
    await world.notify()("payment.succeeded", payment.external_id)

    assert await balance(world, user_id) == WELCOME_BONUS + 100
    [tx] = await top_ups(world, user_id)
    assert (tx.type, tx.amount, tx.payment_id) == (TxType.CREDIT, 100, payment.id)
    paid = await world.check_payment()(user_id, payment.id)
    assert paid.status is PaymentStatus.SUCCEEDED and paid.settled_at == world.clock.now()
    await check_money_invariants(world.new_uow())


async def test_the_same_notification_five_times_in_a_row_and_at_once_credits_once(world):
    user_id = await world.new_user()
    payment = await start(world, user_id)
    sandbox(world).pay(payment.external_id)
    await asyncio.gather(*(world.notify()("payment.succeeded", payment.external_id) for _ in range(5)))
    for _ in range(5):
        await world.notify()("payment.succeeded", payment.external_id)
    assert await balance(world, user_id) == WELCOME_BONUS + 100
    assert len(await top_ups(world, user_id)) == 1
    await check_money_invariants(world.new_uow())


async def test_a_notification_saying_succeeded_for_a_payment_still_pending_changes_nothing(world):
    user_id = await world.new_user()
    payment = await start(world, user_id)
    await world.notify()("payment.succeeded", payment.external_id)  # forged: the service says pending
    assert await balance(world, user_id) == WELCOME_BONUS
    assert (await world.check_payment()(user_id, payment.id)).status is PaymentStatus.PENDING
    await check_money_invariants(world.new_uow())


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda p: replace(p, amount=Money(100)), id="amount"),
        pytest.param(lambda p: replace(p, amount=Money(59000, "USD")), id="currency"),
        pytest.param(lambda p: replace(p, metadata={**p.metadata, "user_id": str(uuid.uuid4())}), id="payer"),
        pytest.param(lambda p: replace(p, metadata={}), id="no-metadata"),
    ],
)
async def test_a_paid_payment_that_disagrees_with_the_pack_is_not_credited_and_is_logged(
    world, tamper, caplog
):
    user_id = await world.new_user()
    payment = await start(world, user_id)
    service = sandbox(world)
    service.pay(payment.external_id)
    service.payments[payment.external_id] = tamper(service.payments[payment.external_id])
    with caplog.at_level(logging.ERROR, logger="tortodelova.payments"):
        await world.notify()("payment.succeeded", payment.external_id)
    assert await balance(world, user_id) == WELCOME_BONUS
    assert (await world.list_payments().for_user(user_id, PaymentFilter(), Page())).items[0].status is (
        PaymentStatus.PENDING
    )
    assert any(
        "payment anomaly" in r.getMessage() and str(payment.id) in r.getMessage() for r in caplog.records
    )
    await check_money_invariants(world.new_uow())


async def test_a_notification_about_a_payment_we_never_created_changes_nothing(world, caplog):
    user_id = await world.new_user()
    with caplog.at_level(logging.WARNING, logger="tortodelova.payments"):
        await world.notify()("payment.succeeded", "2419a771-000f-5000-9000-1edaf29243f2")
    assert await balance(world, user_id) == WELCOME_BONUS
    assert any("payment anomaly" in r.getMessage() for r in caplog.records)


async def test_a_canceled_payment_credits_nothing_and_says_why(world):
    user_id = await world.new_user()
    payment = await start(world, user_id)
    sandbox(world).decline(payment.external_id)
    await world.notify()("payment.canceled", payment.external_id)
    await world.notify()("payment.succeeded", payment.external_id)  # out of order, or forged: nothing
    canceled = await world.check_payment()(user_id, payment.id)
    assert canceled.status is PaymentStatus.CANCELED
    assert canceled.cancel_reason == "вы отказались от оплаты"
    assert await balance(world, user_id) == WELCOME_BONUS
    await check_money_invariants(world.new_uow())


async def test_a_lost_notification_is_reconciled_after_two_minutes(world):
    user_id = await world.new_user()
    payment = await start(world, user_id)
    sandbox(world).pay(payment.external_id)  # the notification never arrives
    world.clock.advance(60)
    assert (await world.reconcile()()).checked == 0  # too young to ask about
    world.clock.advance(61)
    done = await world.reconcile()()
    assert (done.checked, done.settled) == (1, 1)
    assert await balance(world, user_id) == WELCOME_BONUS + 100
    world.clock.advance(600)
    assert (await world.reconcile()()).checked == 0  # settled: never asked about again
    await check_money_invariants(world.new_uow())


async def test_the_reconciler_asks_about_a_pending_payment_at_most_every_two_minutes_until_it_expires(world):
    user_id = await world.new_user()
    payment = await start(world, user_id)
    world.clock.advance(121)
    assert (await world.reconcile()()).checked == 1
    assert (await world.reconcile()()).checked == 0  # just asked
    world.clock.advance(121)
    assert (await world.reconcile()()).checked == 1
    world.clock.advance(25 * 3600)
    assert (await world.reconcile()()).checked == 0  # past PAYMENT_CHECK_HOURS: no more asking
    sandbox(world).pay(payment.external_id)  # ...yet a late notification still settles it
    await world.notify()("payment.succeeded", payment.external_id)
    assert await balance(world, user_id) == WELCOME_BONUS + 100


async def test_the_payers_status_check_settles_a_payment_whose_notification_is_lost(world):
    user_id = await world.new_user()
    payment = await start(world, user_id)
    assert (await world.check_payment()(user_id, payment.id)).status is PaymentStatus.PENDING
    sandbox(world).pay(payment.external_id)
    world.clock.advance(2)
    assert (await world.check_payment()(user_id, payment.id)).status is PaymentStatus.SUCCEEDED
    assert await balance(world, user_id) == WELCOME_BONUS + 100
    other = await world.new_user("other@example.com")
    with pytest.raises(NotFound):
        await world.check_payment()(other, payment.id)


async def test_a_payment_the_service_never_created_is_canceled_by_the_reconciler(world):
    user_id = await world.new_user()
    world.gateway = Faulty(world.gateway, fail={"create": PaymentServiceUnavailable("timeout")})
    with pytest.raises(PaymentServiceUnavailable):
        await start(world, user_id, key="k")
    [payment] = (await world.list_payments().for_user(user_id, PaymentFilter(), Page())).items
    assert (payment.status, payment.external_id) == (PaymentStatus.PENDING, None)
    world.gateway.fail.clear()
    retried = await start(world, user_id, key="k")  # the retry creates it at the service, same payment
    assert retried.id == payment.id and retried.external_id is not None

    world.gateway.fail["create"] = PaymentServiceUnavailable("timeout")
    with pytest.raises(PaymentServiceUnavailable):
        await start(world, user_id, key="k2")
    world.clock.advance(121)
    await world.reconcile()()
    items = (
        await world.list_payments().for_user(user_id, PaymentFilter(status=PaymentStatus.CANCELED), Page())
    ).items
    assert [p.cancel_code for p in items] == ["not_created"]
    await check_money_invariants(world.new_uow())


async def test_create_with_an_idempotency_key_returns_the_first_payment(world):
    user_id = await world.new_user()
    first = await world.create_payment()(user_id, "pack-30", RETURN, "key-1")
    again = await world.create_payment()(user_id, "pack-30", RETURN, "key-1")
    assert again.replayed and again.payment.id == first.payment.id
    assert again.payment.external_id == first.payment.external_id
    with pytest.raises(IdempotencyMismatch):
        await world.create_payment()(user_id, "pack-100", RETURN, "key-1")
    assert (await world.list_payments().for_user(user_id, PaymentFilter(), Page())).total == 1
    assert len(sandbox(world).payments) == 1


async def test_an_unknown_pack_is_refused_and_changes_nothing(world):
    user_id = await world.new_user()
    with pytest.raises(ValidationFailed) as err:
        await world.create_payment()(user_id, "pack-7", RETURN)
    assert "pack_id" in err.value.errors
    assert (await world.list_payments().for_user(user_id, PaymentFilter(), Page())).total == 0


async def test_payments_are_listed_per_user_and_for_the_admin(world):
    alice = await world.new_user("alice@example.com")
    bob = await world.new_user("bob@example.com")
    await world.buy(alice, "pack-30")
    world.clock.advance(1)
    await start(world, alice, "pack-300")
    await world.buy(bob)
    mine = await world.list_payments().for_user(alice, PaymentFilter(), Page())
    assert [p.credits for p in mine.items] == [300, 30]
    admin = world.list_payments()
    assert (await admin(PaymentFilter(status=PaymentStatus.SUCCEEDED), Page())).total == 2
    assert [p.user_id for p in (await admin(PaymentFilter(email="BOB@"), Page())).items] == [bob]


# --- refunds ------------------------------------------------------------------------------------


async def test_an_admin_refunds_a_paid_payment_once(world):
    admin = await world.new_admin()
    user_id = await world.new_user()
    payment = await world.buy(user_id)
    refunded = await world.refund()(admin, payment.id)
    assert refunded.status is PaymentStatus.REFUNDED and refunded.refund_id is not None
    assert await balance(world, user_id) == WELCOME_BONUS
    again = await world.refund()(admin, payment.id)
    assert again.status is PaymentStatus.REFUNDED
    assert len(sandbox(world).refunds) == 1
    debits = await world.list_transactions().for_user(user_id, TransactionFilter(kind=TxKind.REFUND), Page())
    assert [(t.type, t.amount, t.payment_id, t.created_by) for t in debits.items] == [
        (TxType.DEBIT, 100, payment.id, admin)
    ]
    await check_money_invariants(world.new_uow())


async def test_a_refund_is_refused_while_the_credits_are_spent_or_reserved(world):
    admin = await world.new_admin()
    user_id = await world.new_user()  # 30 welcome credits
    payment = await world.buy(user_id, "pack-30")  # 60
    for seed in range(4):  # 40 reserved by four generations in the queue: 20 available < 30
        await world.submit()(user_id, idea(seed=seed))
    with pytest.raises(RefundRefused):
        await world.refund()(admin, payment.id)
    assert (await balance(world, user_id), len(sandbox(world).refunds)) == (60, 0)
    assert (await world.check_payment()(user_id, payment.id)).status is PaymentStatus.SUCCEEDED
    await check_money_invariants(world.new_uow())


async def test_only_a_paid_payment_is_refunded_and_only_by_an_admin(world):
    admin = await world.new_admin()
    user_id = await world.new_user()
    pending = await start(world, user_id)
    with pytest.raises(RefundRefused):
        await world.refund()(admin, pending.id)
    paid = await world.buy(user_id)
    with pytest.raises(Forbidden):
        await world.refund()(user_id, paid.id)
    with pytest.raises(NotFound):
        await world.refund()(admin, uuid.uuid4())
    assert await balance(world, user_id) == WELCOME_BONUS + 100


async def test_a_refund_the_service_refuses_gives_the_credits_back(world):
    admin = await world.new_admin()
    user_id = await world.new_user()
    payment = await world.buy(user_id)
    world.gateway = Faulty(world.gateway, fail={"refund": PaymentServiceRefused("refund not allowed")})
    with pytest.raises(RefundRefused):
        await world.refund()(admin, payment.id)
    assert await balance(world, user_id) == WELCOME_BONUS + 100
    assert (await world.check_payment()(user_id, payment.id)).status is PaymentStatus.SUCCEEDED
    world.gateway.fail.clear()  # a later attempt may succeed
    assert (await world.refund()(admin, payment.id)).status is PaymentStatus.REFUNDED
    assert await balance(world, user_id) == WELCOME_BONUS
    await check_money_invariants(world.new_uow())


async def test_a_refund_the_service_did_not_answer_is_finished_by_the_reconciler(world):
    admin = await world.new_admin()
    user_id = await world.new_user()
    payment = await world.buy(user_id)
    world.gateway = Faulty(world.gateway, fail={"refund": PaymentServiceUnavailable("timeout")})
    pending = await world.refund()(admin, payment.id)
    assert pending.status is PaymentStatus.REFUNDING
    assert await balance(world, user_id) == WELCOME_BONUS  # debited first: never lost
    await check_money_invariants(world.new_uow())
    world.gateway.fail.clear()
    await world.reconcile()()
    assert (await world.check_payment()(user_id, payment.id)).status is PaymentStatus.REFUNDED
    assert len(sandbox(world).refunds) == 1
    await check_money_invariants(world.new_uow())


async def test_concurrent_refunds_of_one_payment_debit_once(world):
    admin = await world.new_admin()
    user_id = await world.new_user()
    payment = await world.buy(user_id)
    results = await asyncio.gather(*(world.refund()(admin, payment.id) for _ in range(5)))
    assert {r.status for r in results} == {PaymentStatus.REFUNDED}
    assert len(sandbox(world).refunds) == 1
    assert await balance(world, user_id) == WELCOME_BONUS
    await check_money_invariants(world.new_uow())


async def test_a_payment_taken_by_another_service_is_not_refunded_here(world):
    admin = await world.new_admin()
    user_id = await world.new_user()
    payment = await world.buy(user_id)  # on the sandbox; the site has switched to YooKassa since
    refund = RefundPayment(
        uow=world.new_uow(),
        complete=world.complete_refund(),
        catalogue=Catalogue("yookassa", ()),
        ids=world.ids,
        clock=world.clock,
    )
    with pytest.raises(RefundRefused, match="sandbox"):
        await refund(admin, payment.id)
    assert await balance(world, user_id) == WELCOME_BONUS + 100
    assert not sandbox(world).refunds

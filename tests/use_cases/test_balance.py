from __future__ import annotations

import uuid

import pytest

from tests.support.invariants import check_money_invariants
from tests.support.world import WELCOME_BONUS
from tortodelova.application.ports.queries import Page, TransactionFilter
from tortodelova.domain.errors import IdempotencyMismatch, NotFound, ValidationFailed
from tortodelova.domain.transactions import TxKind, TxType


async def test_top_up_adds_credits_and_a_credit_transaction(world):
    user_id = await world.new_user()
    entry = await world.top_up()(user_id, 250)
    assert entry.user.balance_credits == WELCOME_BONUS + 250
    assert (entry.transaction.type, entry.transaction.kind, entry.transaction.amount) == (
        TxType.CREDIT,
        TxKind.TOP_UP,
        250,
    )
    await check_money_invariants(world.new_uow())


@pytest.mark.parametrize("amount", [0, -5, 10_001, 10**9])
async def test_top_up_out_of_range_changes_nothing(world, amount):
    user_id = await world.new_user()
    with pytest.raises(ValidationFailed) as err:
        await world.top_up()(user_id, amount)
    assert "amount" in err.value.errors
    assert (await world.profile()(user_id)).balance_credits == WELCOME_BONUS


async def test_top_up_replay_with_same_key_returns_first_result(world):
    user_id = await world.new_user()
    first = await world.top_up()(user_id, 100, "key-1")
    again = await world.top_up()(user_id, 100, "key-1")
    assert again.replayed and again.transaction.id == first.transaction.id
    assert (await world.profile()(user_id)).balance_credits == WELCOME_BONUS + 100


async def test_top_up_same_key_different_body_is_rejected(world):
    user_id = await world.new_user()
    await world.top_up()(user_id, 100, "key-1")
    with pytest.raises(IdempotencyMismatch):
        await world.top_up()(user_id, 101, "key-1")
    assert (await world.profile()(user_id)).balance_credits == WELCOME_BONUS + 100


async def test_idempotency_keys_are_per_user(world):
    a = await world.new_user("a@example.com")
    b = await world.new_user("b@example.com")
    await world.top_up()(a, 100, "shared")
    entry = await world.top_up()(b, 100, "shared")
    assert not entry.replayed


async def test_top_up_unknown_user(world):
    with pytest.raises(NotFound):
        await world.top_up()(uuid.uuid4(), 10)


async def test_transactions_filter_and_paginate(world):
    user_id = await world.new_user()
    for amount in (10, 20, 30):
        world.clock.advance(60)
        await world.top_up()(user_id, amount)
    lt = world.list_transactions()
    page = await lt.for_user(user_id, TransactionFilter(kind=TxKind.TOP_UP), Page(2, 0))
    assert page.total == 3 and [t.amount for t in page.items] == [30, 20]
    page = await lt.for_user(user_id, TransactionFilter(kind=TxKind.TOP_UP), Page(2, 2))
    assert [t.amount for t in page.items] == [10]
    bonus = await lt.for_user(user_id, TransactionFilter(kind=TxKind.BONUS), Page())
    assert bonus.total == 1
    since = world.clock.now()
    recent = await lt.for_user(user_id, TransactionFilter(date_from=since), Page())
    assert [t.amount for t in recent.items] == [30]
    other = await world.new_user("other@example.com")
    assert (await lt.for_user(other, TransactionFilter(kind=TxKind.TOP_UP), Page())).total == 0


@pytest.mark.parametrize("page", [Page(0, 0), Page(101, 0), Page(10, -1)])
async def test_bad_pagination_is_a_validation_error(world, page):
    with pytest.raises(ValidationFailed):
        await world.list_transactions()(TransactionFilter(), page)

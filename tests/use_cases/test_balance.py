from __future__ import annotations

import pytest

from tests.support.invariants import check_money_invariants
from tortodelova.application.ports.queries import Page, TransactionFilter
from tortodelova.domain.errors import ValidationFailed
from tortodelova.domain.transactions import TxKind, TxType


async def test_transactions_filter_and_paginate(world):
    user_id = await world.new_user()
    for pack in ("pack-30", "pack-100", "pack-300"):
        world.clock.advance(60)
        await world.buy(user_id, pack)
    lt = world.list_transactions()
    page = await lt.for_user(user_id, TransactionFilter(kind=TxKind.TOP_UP), Page(2, 0))
    assert page.total == 3 and [t.amount for t in page.items] == [300, 100]
    page = await lt.for_user(user_id, TransactionFilter(kind=TxKind.TOP_UP), Page(2, 2))
    assert [t.amount for t in page.items] == [30]
    bonus = await lt.for_user(user_id, TransactionFilter(kind=TxKind.BONUS), Page())
    assert bonus.total == 1
    credits = await lt.for_user(user_id, TransactionFilter(type=TxType.CREDIT), Page())
    assert credits.total == 4
    since = world.clock.now()
    recent = await lt.for_user(user_id, TransactionFilter(date_from=since), Page())
    assert [t.amount for t in recent.items] == [300]
    other = await world.new_user("other@example.com")
    assert (await lt.for_user(other, TransactionFilter(kind=TxKind.TOP_UP), Page())).total == 0
    await check_money_invariants(world.new_uow())


@pytest.mark.parametrize("page", [Page(0, 0), Page(101, 0), Page(10, -1)])
async def test_bad_pagination_is_a_validation_error(world, page):
    with pytest.raises(ValidationFailed):
        await world.list_transactions()(TransactionFilter(), page)

from __future__ import annotations

import pytest

from tests.support.invariants import check_money_invariants
from tests.support.world import WELCOME_BONUS, idea
from tortodelova.application.ports.queries import Page, TransactionFilter
from tortodelova.domain.errors import Forbidden, InsufficientCredits, ValidationFailed
from tortodelova.domain.generation import Status
from tortodelova.domain.transactions import TxKind, TxType


async def test_adjustment_credits_and_debits_with_admin_id(world):
    admin = await world.new_admin()
    user_id = await world.new_user()
    plus = await world.adjust()(admin, user_id, 70, "  Компенсация за сбой ")
    assert plus.user.balance_credits == WELCOME_BONUS + 70
    assert (plus.transaction.type, plus.transaction.kind, plus.transaction.created_by) == (
        TxType.CREDIT,
        TxKind.ADMIN_ADJUSTMENT,
        admin,
    )
    assert plus.transaction.description == "Компенсация за сбой"
    minus = await world.adjust()(admin, user_id, -50, "Списание ошибочного пополнения")
    assert minus.transaction.type is TxType.DEBIT and minus.transaction.amount == 50
    assert minus.user.balance_credits == WELCOME_BONUS + 20
    journal = await world.list_transactions()(TransactionFilter(kind=TxKind.ADMIN_ADJUSTMENT), Page())
    assert journal.total == 2
    await check_money_invariants(world.new_uow())


async def test_debit_may_not_go_below_reserved(world):
    admin = await world.new_admin()
    user_id = await world.new_user()
    await world.submit()(user_id, idea())  # reserves 10 of 30
    with pytest.raises(InsufficientCredits):
        await world.adjust()(admin, user_id, -21, "слишком много")
    entry = await world.adjust()(admin, user_id, -20, "ровно доступное")
    assert (entry.user.balance_credits, entry.user.reserved_credits) == (10, 10)
    await check_money_invariants(world.new_uow())


@pytest.mark.parametrize(
    ("amount", "description", "field"),
    [
        (0, "ноль", "amount"),
        (10, "   ", "description"),
        (10, "", "description"),
    ],
)
async def test_adjustment_validation(world, amount, description, field):
    admin = await world.new_admin()
    user_id = await world.new_user()
    with pytest.raises(ValidationFailed) as err:
        await world.adjust()(admin, user_id, amount, description)
    assert field in err.value.errors
    assert (await world.profile()(user_id)).balance_credits == WELCOME_BONUS


async def test_only_admins_adjust(world):
    user_id = await world.new_user()
    with pytest.raises(Forbidden):
        await world.adjust()(user_id, user_id, 1000, "сам себе")


async def test_list_users_search(world):
    await world.new_user("anna@bakery.ru")
    await world.new_user("boris@cakes.com")
    lu = world.list_users()
    assert (await lu(None, Page())).total == 2
    found = await lu("BAKERY", Page())
    assert [u.email.value for u in found.items] == ["anna@bakery.ru"]


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)  # the StatsReader is SQL only
async def test_stats(world):
    user_id = await world.new_user(top_up=100)
    for _ in range(3):
        await world.submit()(user_id, idea())
    await world.run_worker_once(limit=1)
    world.clock.advance(5)
    await world.queue.report_alive("w1", 1)
    stats = await world.stats()()
    assert stats.users_total == 1 and stats.generations_total == 3
    assert stats.by_status["success"] == 1 and stats.queue_depth == 2 and stats.processing == 0
    assert stats.credits_spent_total == 10
    assert len(stats.generations_per_hour) == 24 and sum(b.count for b in stats.generations_per_hour) == 1
    assert [w.id for w in stats.workers] == ["w1"] and stats.workers[0].jobs_done == 1
    assert stats.avg_duration_s is not None and stats.avg_duration_s >= 0
    assert Status.PENDING.value in stats.by_status

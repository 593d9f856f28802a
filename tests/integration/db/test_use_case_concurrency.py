"""The money use cases under real concurrency on PostgreSQL: each task gets its own use case and
unit of work, exactly as concurrent HTTP requests do."""

from __future__ import annotations

import asyncio

from tests.support.backends import make_world
from tests.support.invariants import check_money_invariants
from tests.support.world import idea
from tortodelova.application.ports.queries import GenerationFilter, Page, TransactionFilter
from tortodelova.domain.errors import InsufficientCredits
from tortodelova.domain.generation import Status
from tortodelova.domain.transactions import TxKind


async def test_fifty_concurrent_submits_against_five_generations_worth(db):
    async with make_world("postgres", db) as world:
        user_id = await world.new_user()  # 30 credits
        await world.top_up()(user_id, 20)  # 50 credits = exactly 5 generations of 10
        results = await asyncio.gather(
            *(world.submit()(user_id, idea(seed=i)) for i in range(50)), return_exceptions=True
        )
        accepted = [r for r in results if not isinstance(r, BaseException)]
        refused = [r for r in results if isinstance(r, InsufficientCredits)]
        assert (len(accepted), len(refused)) == (5, 45), [r for r in results if isinstance(r, BaseException)][
            :3
        ]
        user = await world.profile()(user_id)
        assert (user.balance_credits, user.reserved_credits, user.available_credits) == (50, 50, 0)
        await check_money_invariants(world.new_uow())


async def test_twenty_concurrent_top_ups_with_one_key_make_one_transaction(db):
    async with make_world("postgres", db) as world:
        user_id = await world.new_user()
        entries = await asyncio.gather(*(world.top_up()(user_id, 75, "same-key") for _ in range(20)))
        assert len({e.transaction.id for e in entries}) == 1
        assert sum(not e.replayed for e in entries) == 1
        page = await world.list_transactions().for_user(
            user_id, TransactionFilter(kind=TxKind.TOP_UP), Page()
        )
        assert page.total == 1
        assert (await world.profile()(user_id)).balance_credits == 30 + 75
        await check_money_invariants(world.new_uow())


async def test_concurrent_workers_never_double_debit(db):
    async with make_world("postgres", db) as world:
        user_id = await world.new_user(top_up=200)
        for i in range(12):
            await world.submit()(user_id, idea(seed=i))
        outcomes = await asyncio.gather(*(world.run_worker_once(f"w{i}", limit=3) for i in range(6)))
        done = [o for batch in outcomes for o in batch if o.status is Status.SUCCESS]
        assert len(done) == len({o.request_id for o in done}) == 12
        page = await world.list_generations().for_user(
            user_id, GenerationFilter(status=Status.SUCCESS), Page(50, 0)
        )
        assert page.total == 12
        debits = await world.list_transactions().for_user(
            user_id, TransactionFilter(kind=TxKind.GENERATION), Page(50, 0)
        )
        assert debits.total == 12
        await check_money_invariants(world.new_uow())


async def test_twenty_concurrent_upscales_against_ten_upscales_worth(db):
    from tortodelova.application.use_cases.printing.submit_upscale import SubmitUpscale

    async with make_world("postgres", db) as world:
        user_id = await world.new_user()  # 30 credits
        parent = (await world.submit()(user_id, idea(seed=1))).view.request.id
        [done] = await world.run_worker_once()
        assert done.status is Status.SUCCESS  # 20 credits left: ten upscales of 2
        results = await asyncio.gather(
            *(world._use_case(SubmitUpscale)(user_id, parent, 4) for _ in range(20)), return_exceptions=True
        )
        accepted = [r for r in results if not isinstance(r, BaseException)]
        refused = [r for r in results if isinstance(r, InsufficientCredits)]
        assert (len(accepted), len(refused)) == (10, 10), [
            r for r in results if isinstance(r, BaseException)
        ][:3]
        user = await world.profile()(user_id)
        assert (user.balance_credits, user.reserved_credits) == (20, 20)
        await check_money_invariants(world.new_uow())

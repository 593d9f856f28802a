"""Variants under real concurrency on PostgreSQL: submits of several variants race for one wallet and
the all-or-nothing reservation holds (each task has its own use case and unit of work)."""

from __future__ import annotations

import asyncio

from tests.support.backends import make_world
from tests.support.invariants import check_money_invariants
from tests.support.world import idea
from tortodelova.application.ports.queries import GenerationFilter, Page
from tortodelova.domain.errors import InsufficientCredits, TooManyActiveGenerations


async def test_two_four_variant_submits_racing_for_one_submits_worth(db):
    async with make_world("postgres", db) as world:
        user_id = await world.new_user()  # 30 credits
        await world.grant(user_id, 10)  # 40 = exactly one submit of four variants at 10
        results = await asyncio.gather(
            *(world.submit()(user_id, idea(variants=4, seed=i * 10)) for i in range(2)),
            return_exceptions=True,
        )
        accepted = [r for r in results if not isinstance(r, BaseException)]
        refused = [r for r in results if isinstance(r, InsufficientCredits)]
        assert (len(accepted), len(refused)) == (1, 1), results
        page = await world.list_generations().for_user(user_id, GenerationFilter(), Page(50, 0))
        assert page.total == 4 and {v.request.group_id for v in page.items} == {
            accepted[0].view.request.group_id
        }
        user = await world.profile()(user_id)
        assert (user.balance_credits, user.reserved_credits) == (40, 40)
        await check_money_invariants(world.new_uow())


async def test_racing_variant_submits_never_pass_the_active_cap(db):
    async with make_world("postgres", db) as world:
        world.max_active = 5
        user_id = await world.new_user(top_up=1000)
        results = await asyncio.gather(
            *(world.submit()(user_id, idea(variants=3, seed=i * 10)) for i in range(6)),
            return_exceptions=True,
        )
        accepted = [r for r in results if not isinstance(r, BaseException)]
        assert len(accepted) == 1 and all(
            isinstance(r, TooManyActiveGenerations) for r in results if isinstance(r, BaseException)
        )
        assert (await world.profile()(user_id)).reserved_credits == 30
        await check_money_invariants(world.new_uow())

"""At most `max_active` pending + processing generations per user (memory and PostgreSQL)."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.invariants import check_money_invariants
from tests.support.world import idea
from tortodelova.application.ports.queries import GenerationFilter, Page
from tortodelova.domain.errors import TooManyActiveGenerations
from tortodelova.domain.generation import Status


async def test_the_cap_counts_pending_and_processing_and_frees_up_on_finish(world):
    world.max_active = 3
    user = await world.new_user(top_up=1000)
    other = await world.new_user("other@example.com", top_up=1000)
    jobs = []
    for i in range(3):
        jobs.append((await world.submit()(user, idea(), f"k{i}")).view.request)
        world.clock.advance(1)  # a strict order: the claim below takes jobs[0]
    await world.queue.claim("w1", 1, lease_seconds=60)  # one processing, two pending: still 3 active

    with pytest.raises(TooManyActiveGenerations) as err:
        await world.submit()(user, idea())
    assert "3" in err.value.message
    assert (await world.submit()(other, idea())).view.request.status is Status.PENDING  # per user
    replay = await world.submit()(user, idea(), "k0")  # a replay creates nothing: allowed
    assert replay.replayed and replay.view.request.id == jobs[0].id

    await world.cancel()(user, jobs[2].id)
    assert (await world.submit()(user, idea())).view.request.status is Status.PENDING
    await check_money_invariants(world.new_uow())


async def test_concurrent_submits_never_exceed_the_cap(world):
    world.max_active = 3
    user = await world.new_user(top_up=1000)

    async def attempt():  # noqa: ANN202
        try:
            return await world.submit()(user, idea())
        except TooManyActiveGenerations:
            return None

    results = await asyncio.gather(*(attempt() for _ in range(10)))
    assert sum(r is not None for r in results) == 3
    page = await world.list_generations().for_user(user, GenerationFilter(), Page())
    assert page.total == 3
    await check_money_invariants(world.new_uow())

"""Cancelling a pending generation: on memory and on PostgreSQL."""

from __future__ import annotations

import uuid

import pytest

from tests.support.invariants import check_money_invariants
from tests.support.world import WELCOME_BONUS, idea
from tortodelova.application.ports.queries import GenerationFilter, Page
from tortodelova.domain.errors import NotCancellable, NotFound
from tortodelova.domain.generation import Status


async def test_cancel_releases_the_reservation_and_spends_nothing(world):
    user_id = await world.new_user()
    job = (await world.submit()(user_id, idea())).view.request
    world.clock.advance(5)

    view = await world.cancel()(user_id, job.id)

    assert view.request.status is Status.CANCELLED and view.request.finished_at == world.clock.now()
    stored = await world.get_generation()(user_id, job.id)
    assert stored.request.status is Status.CANCELLED and stored.request.credits_spent == 0
    profile = await world.profile()(user_id)
    assert (profile.balance_credits, profile.reserved_credits) == (WELCOME_BONUS, 0)
    assert world.events.published[-1].request_id == job.id
    assert world.events.published[-1].status is Status.CANCELLED
    assert await world.run_worker_once() == []  # a cancelled job is never claimed
    await check_money_invariants(world.new_uow())


async def test_a_running_or_finished_generation_cannot_be_cancelled(world):
    user_id = await world.new_user(top_up=100)
    running = (await world.submit()(user_id, idea())).view.request
    [claimed] = await world.queue.claim("w1", 1, lease_seconds=60)
    assert claimed.id == running.id
    with pytest.raises(NotCancellable):
        await world.cancel()(user_id, running.id)
    await world.process()("w1", [claimed])  # the worker still settles it
    assert (await world.get_generation()(user_id, running.id)).request.status is Status.SUCCESS
    with pytest.raises(NotCancellable):
        await world.cancel()(user_id, running.id)

    cancelled = (await world.submit()(user_id, idea())).view.request
    await world.cancel()(user_id, cancelled.id)
    with pytest.raises(NotCancellable):
        await world.cancel()(user_id, cancelled.id)
    await check_money_invariants(world.new_uow())


async def test_another_users_or_an_unknown_generation_is_not_found(world):
    owner = await world.new_user("owner@example.com")
    other = await world.new_user("other@example.com")
    job = (await world.submit()(owner, idea())).view.request
    with pytest.raises(NotFound):
        await world.cancel()(other, job.id)
    with pytest.raises(NotFound):
        await world.cancel()(owner, uuid.uuid4())
    assert (await world.get_generation()(owner, job.id)).request.status is Status.PENDING


async def test_cancelling_one_job_moves_the_next_up_the_queue(world):
    user_id = await world.new_user(top_up=100)
    first = (await world.submit()(user_id, idea())).view.request
    world.clock.advance(1)
    second = (await world.submit()(user_id, idea())).view.request
    assert (await world.get_generation()(user_id, second.id)).queue_position == 1
    await world.cancel()(user_id, first.id)
    assert (await world.get_generation()(user_id, second.id)).queue_position == 0
    [claimed] = await world.queue.claim("w1", 4, lease_seconds=60)
    assert claimed.id == second.id


async def test_positions_in_lists_and_reads_follow_the_fair_order(world):
    a = await world.new_user("a@example.com", top_up=100)
    b = await world.new_user("b@example.com", top_up=100)
    a_jobs = []
    for _ in range(3):
        a_jobs.append((await world.submit()(a, idea())).view.request)
        world.clock.advance(1)
    b_job = (await world.submit()(b, idea())).view.request
    assert (await world.get_generation()(b, b_job.id)).queue_position == 1  # right after A's oldest
    listed = await world.list_generations().for_user(a, GenerationFilter(), Page())
    assert {v.request.id: v.queue_position for v in listed.items} == {
        a_jobs[0].id: 0,
        a_jobs[1].id: 2,
        a_jobs[2].id: 3,
    }

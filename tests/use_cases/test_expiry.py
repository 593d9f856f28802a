"""Requests pending longer than the TTL fail with their reservation released (memory and PostgreSQL)."""

from __future__ import annotations

from tests.support.invariants import check_money_invariants
from tests.support.world import idea
from tortodelova.domain.failures import Failure
from tortodelova.domain.generation import Status

HOUR = 3600


async def test_only_pending_requests_older_than_the_ttl_expire(world):
    alice = await world.new_user("alice@example.com", top_up=100)
    bob = await world.new_user("bob@example.com", top_up=100)
    old_a = (await world.submit()(alice, idea())).view.request
    world.clock.advance(1)
    old_b = (await world.submit()(bob, idea())).view.request
    stale = (await world.submit()(bob, idea())).view.request
    [claimed] = await world.queue.claim("w1", 1, lease_seconds=48 * HOUR)  # fair order: alice's first
    assert claimed.id == old_a.id
    world.clock.advance(20 * HOUR)
    young = (await world.submit()(alice, idea())).view.request
    world.clock.advance(5 * HOUR)  # old ones: 25 h, young: 5 h

    assert await world.expire(ttl_seconds=24 * HOUR)() == 2

    statuses = {
        r: (await world.get_generation()(u, r)).request
        for u, r in [(alice, old_a.id), (bob, old_b.id), (bob, stale.id), (alice, young.id)]
    }
    assert statuses[old_a.id].status is Status.PROCESSING  # a worker holds it: not the TTL's business
    for expired in (old_b.id, stale.id):
        assert (
            statuses[expired].status is Status.FAILED and statuses[expired].error == Failure.EXPIRED.message
        )
        assert statuses[expired].credits_spent == 0 and statuses[expired].finished_at == world.clock.now()
    assert statuses[young.id].status is Status.PENDING
    profile = await world.profile()(bob)
    assert profile.reserved_credits == 0 and profile.balance_credits == 130
    failed_events = [e for e in world.events.published if e.status is Status.FAILED]
    assert {e.request_id for e in failed_events} == {old_b.id, stale.id}
    assert await world.expire(ttl_seconds=24 * HOUR)() == 0  # nothing twice
    await check_money_invariants(world.new_uow())


async def test_expiry_works_in_batches(world):
    user = await world.new_user(top_up=1000)
    for _ in range(5):
        await world.submit()(user, idea())
    world.clock.advance(2 * HOUR)
    assert await world.expire(ttl_seconds=HOUR)(2) == 2
    assert await world.expire(ttl_seconds=HOUR)(2) == 2
    assert await world.expire(ttl_seconds=HOUR)(2) == 1
    assert (await world.profile()(user)).reserved_credits == 0
    await check_money_invariants(world.new_uow())

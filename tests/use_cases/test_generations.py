from __future__ import annotations

import uuid

import pytest

from tests.support.fake_ml import SolidColorGenerator
from tests.support.invariants import check_money_invariants
from tests.support.world import WELCOME_BONUS, idea
from tortodelova.application.ports.errors import OutOfGpuMemory, TransientError
from tortodelova.application.ports.queries import GenerationFilter, Page
from tortodelova.application.ports.queue import held_by_claim
from tortodelova.domain.errors import (
    IdempotencyMismatch,
    InsufficientCredits,
    NotFound,
    ValidationFailed,
)
from tortodelova.domain.failures import Failure
from tortodelova.domain.generation import Status
from tortodelova.domain.pricing import price


async def test_quote_matches_the_reservation(world):
    user_id = await world.new_user(top_up=100)
    quoted = (await world.quote()(user_id, idea(width=768, height=768, steps=40))).credits
    submitted = await world.submit()(user_id, idea(width=768, height=768, steps=40))
    assert submitted.view.request.credits_reserved == quoted
    profile = await world.profile()(user_id)
    assert profile.reserved_credits == quoted and profile.balance_credits == WELCOME_BONUS + 100


async def test_submit_reserves_and_queues(world):
    user_id = await world.new_user()
    first = await world.submit()(user_id, idea())
    world.clock.advance(1)
    second = await world.submit()(user_id, idea(prompt_ru="Торт с мастикой"))
    assert first.view.request.status is Status.PENDING
    assert (first.view.queue_position, second.view.queue_position) == (0, 1)
    assert first.view.request.params.seed != second.view.request.params.seed  # random when absent
    assert world.events.submitted == 2
    await check_money_invariants(world.new_uow())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"prompt_ru": "ab"}, "prompt_ru"),
        ({"prompt_ru": "я" * 1001}, "prompt_ru"),
        ({"style": "gothic"}, "style"),
        ({"width": 640, "height": 480}, "width"),
        ({"steps": 9}, "steps"),
        ({"steps": 41}, "steps"),
        ({"guidance": 0.5}, "guidance"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**32}, "seed"),
    ],
)
async def test_submit_validation_changes_nothing(world, overrides, field):
    user_id = await world.new_user()
    with pytest.raises(ValidationFailed) as err:
        await world.submit()(user_id, idea(**overrides))
    assert field in err.value.errors
    assert (await world.profile()(user_id)).reserved_credits == 0
    assert (await world.list_generations().for_user(user_id, GenerationFilter(), Page())).total == 0


async def test_submit_without_enough_credits_is_refused(world):
    user_id = await world.new_user()  # 30 credits: three standard generations
    for _ in range(3):
        await world.submit()(user_id, idea())
    with pytest.raises(InsufficientCredits):
        await world.submit()(user_id, idea())
    assert (await world.profile()(user_id)).available_credits == 0
    await check_money_invariants(world.new_uow())


async def test_submit_replay_and_mismatch(world):
    user_id = await world.new_user()
    first = await world.submit()(user_id, idea(), "gen-1")
    again = await world.submit()(user_id, idea(), "gen-1")
    assert again.replayed and again.view.request.id == first.view.request.id
    with pytest.raises(IdempotencyMismatch):
        await world.submit()(user_id, idea(prompt_ru="Совсем другой торт"), "gen-1")
    assert (await world.profile()(user_id)).reserved_credits == first.view.request.credits_reserved


async def test_worker_success_debits_once_after_upload(world):
    user_id = await world.new_user()
    sub = await world.submit()(user_id, idea(prompt_ru="торт с ягодами"))
    outcomes = await world.run_worker_once()
    assert [o.status for o in outcomes] == [Status.SUCCESS]
    view = await world.get_generation()(user_id, sub.view.request.id)
    r = view.request
    assert r.status is Status.SUCCESS and r.progress == 1.0
    assert r.prompt_en.startswith("cake with berries") and r.s3_key == f"designs/{user_id}/{r.id}.png"
    assert world.store.objects[r.s3_key].content_type == "image/png"
    day = r.created_at.date().isoformat()
    assert world.store.objects[r.s3_key].download_name == f"tort-s-yagodami-{day}.png"  # «торт с ягодами»
    assert world.store.objects[r.s3_key].data.startswith(b"\x89PNG")
    assert r.public_url == world.store.public_url(r.s3_key)
    assert r.credits_spent == r.credits_reserved == price(r.params)
    profile = await world.profile()(user_id)
    assert profile.balance_credits == WELCOME_BONUS - r.credits_spent and profile.reserved_credits == 0
    assert [e.status for e in world.events.published][-1] is Status.SUCCESS
    # progress events were published while rendering
    assert any(e.status is Status.PROCESSING for e in world.events.published)
    await check_money_invariants(world.new_uow())


async def test_compatible_jobs_are_rendered_as_one_batch(world):
    user_id = await world.new_user(top_up=100)
    for _ in range(3):
        await world.submit()(user_id, idea())
    await world.run_worker_once(limit=3)
    assert world.generator.batches == [3]


async def test_generator_failure_fails_without_charge(world):
    world.generator = SolidColorGenerator(fail_with=RuntimeError("CUDA error: device-side assert"))
    user_id = await world.new_user()
    sub = await world.submit()(user_id, idea())
    [outcome] = await world.run_worker_once()
    assert outcome.status is Status.FAILED
    r = (await world.get_generation()(user_id, sub.view.request.id)).request
    assert r.status is Status.FAILED and r.credits_spent == 0
    assert r.error == Failure.MODEL_ERROR.message  # the fixed message; the exception is only logged
    profile = await world.profile()(user_id)
    assert (profile.balance_credits, profile.reserved_credits) == (WELCOME_BONUS, 0)
    await check_money_invariants(world.new_uow())


async def test_transient_storage_error_retries_then_succeeds(world):
    user_id = await world.new_user()
    sub = await world.submit()(user_id, idea())
    world.store.fail_next = TransientError("S3 503 Slow Down")
    [first] = await world.run_worker_once()
    assert first.status is Status.PENDING
    [second] = await world.run_worker_once()
    assert second.status is Status.SUCCESS
    r = (await world.get_generation()(user_id, sub.view.request.id)).request
    assert r.attempts == 2 and r.error is None
    await check_money_invariants(world.new_uow())


async def test_transient_errors_stop_after_max_attempts(world):
    world.generator = SolidColorGenerator(
        fail_with=OutOfGpuMemory("CUDA out of memory. Tried to allocate 2.00 GiB")
    )
    user_id = await world.new_user()
    sub = await world.submit()(user_id, idea())
    statuses = [(await world.run_worker_once())[0].status for _ in range(world.max_attempts)]
    assert statuses == [Status.PENDING] * (world.max_attempts - 1) + [Status.FAILED]
    assert (await world.profile()(user_id)).reserved_credits == 0
    r = (await world.get_generation()(user_id, sub.view.request.id)).request
    assert r.error == Failure.OUT_OF_MEMORY.message and "GiB" not in r.error
    await check_money_invariants(world.new_uow())


async def test_expired_lease_is_reclaimed_and_late_settlement_refused(world):
    user_id = await world.new_user()
    sub = await world.submit()(user_id, idea())
    stale = await world.queue.claim("w1", 1, lease_seconds=30)
    assert await world.queue.claim("w2", 1, lease_seconds=30) == []  # lease still valid
    world.clock.advance(31)
    taken = await world.queue.claim("w2", 1, lease_seconds=30)
    assert [r.id for r in taken] == [sub.view.request.id] and taken[0].attempts == 2
    [late] = await world.process()("w1", stale)  # the first worker wakes up and finishes
    assert late.status is Status.PROCESSING  # dropped: not settled, not debited
    [done] = await world.process()("w2", taken)
    assert done.status is Status.SUCCESS
    await check_money_invariants(world.new_uow())


async def test_heartbeat_and_release(world):
    user_id = await world.new_user()
    sub = await world.submit()(user_id, idea())
    [job] = await world.queue.claim("w1", 1, lease_seconds=30)
    world.clock.advance(20)
    assert await world.queue.heartbeat("w1", held_by_claim([job]), 30) == [job.id]
    world.clock.advance(20)  # 40 s after claim, but the lease was extended
    assert await world.queue.claim("w2", 1, lease_seconds=30) == []
    assert await world.queue.heartbeat("w2", {job.id: job.lease_seq}, 30) == []
    await world.queue.release("w1", held_by_claim([job]))
    r = (await world.get_generation()(user_id, sub.view.request.id)).request
    assert r.status is Status.PENDING and r.lease_owner is None


async def test_job_that_keeps_killing_workers_fails_after_max_attempts(world):
    user_id = await world.new_user()
    await world.submit()(user_id, idea())
    for _ in range(world.max_attempts):  # each worker dies: lease expires
        await world.queue.claim("dying", 1, lease_seconds=10)
        world.clock.advance(11)
    [outcome] = await world.run_worker_once()
    assert outcome.status is Status.FAILED
    [r] = (await world.list_generations().for_user(user_id, GenerationFilter(), Page())).items
    assert r.request.error == Failure.ATTEMPTS_EXHAUSTED.message
    await check_money_invariants(world.new_uow())


async def test_other_users_generation_is_not_found(world):
    owner = await world.new_user("owner@example.com")
    other = await world.new_user("other@example.com")
    sub = await world.submit()(owner, idea())
    with pytest.raises(NotFound):
        await world.get_generation()(other, sub.view.request.id)
    with pytest.raises(NotFound):
        await world.get_generation()(owner, uuid.uuid4())


async def test_gallery_filters(world):
    user_id = await world.new_user(top_up=500)
    await world.submit()(user_id, idea(style="wedding"))
    world.clock.advance(3600)
    await world.submit()(user_id, idea(style="kids", width=768, height=768))
    await world.run_worker_once(limit=1)  # the older (wedding) one
    lg = world.list_generations()
    everything = await lg.for_user(user_id, GenerationFilter(), Page())
    assert [r.request.params.style for r in everything.items] == ["kids", "wedding"]  # newest first
    assert (await lg.for_user(user_id, GenerationFilter(style="wedding"), Page())).total == 1
    assert (await lg.for_user(user_id, GenerationFilter(status=Status.SUCCESS), Page())).total == 1
    assert (await lg.for_user(user_id, GenerationFilter(credits_min=10, credits_max=10), Page())).total == 1
    assert (await lg.for_user(user_id, GenerationFilter(credits_min=11), Page())).total == 0
    since = world.clock.now()
    assert (await lg.for_user(user_id, GenerationFilter(date_from=since), Page())).total == 1
    other = await world.new_user("other@example.com")
    assert (await lg.for_user(other, GenerationFilter(), Page())).total == 0
    with pytest.raises(ValidationFailed):
        await lg.for_user(
            user_id, GenerationFilter(date_from=since, date_to=since.replace(year=2020)), Page()
        )

"""Worker failures on every backend: fixed messages per failure class, a poisonous job fails alone,
a graceful release costs no attempt, and settlement is fenced by the claim number too."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

import pytest

from tests.support.fake_ml import SolidColorGenerator
from tests.support.invariants import check_money_invariants
from tests.support.world import WELCOME_BONUS, idea
from tortodelova.application.ports.errors import TransientError
from tortodelova.application.ports.ml import ImageJob, ProgressCallback
from tortodelova.application.ports.queries import GenerationFilter, Page
from tortodelova.application.ports.queue import held_by_claim
from tortodelova.domain.failures import NO_CHARGE, RETRYING, Failure
from tortodelova.domain.generation import Status

S3_DETAIL = "S3 put failed: AccessDenied at http://seaweed.internal:8333/tortodelova"


class PoisonedGenerator(SolidColorGenerator):
    """Breaks on any batch holding a prompt with the poison word, as a model bug would."""

    def generate(
        self, jobs: Sequence[ImageJob], on_progress: ProgressCallback | None = None, on_preview=None
    ) -> list[bytes]:  # noqa: ANN001
        if any("poison" in j.prompt for j in jobs):
            raise IndexError("index out of range in self")
        return super().generate(jobs, on_progress)


async def generations(world, user_id):  # noqa: ANN001, ANN201
    page = await world.list_generations().for_user(user_id, GenerationFilter(), Page(100, 0))
    return {v.request.params.prompt_ru: v.request for v in page.items}


def test_every_failure_class_has_a_fixed_russian_message_saying_nothing_was_charged():
    for failure in Failure:
        assert failure.message.endswith(NO_CHARGE) and len(failure.message) > len(NO_CHARGE) + 5
    assert len({f.message for f in Failure}) == len(Failure)


async def test_model_error_shows_the_fixed_message_and_logs_the_details_with_the_job_id(world, caplog):
    world.generator = SolidColorGenerator(fail_with=IndexError("index out of range in self"))
    user_id = await world.new_user()
    sub = await world.submit()(user_id, idea(prompt_ru="<b>Торт</b> \"с ягодами\" & 'кремом' <script>"))
    with caplog.at_level(
        logging.WARNING, logger="tortodelova.application.use_cases.generations.process_generation"
    ):
        [outcome] = await world.run_worker_once()
    assert outcome.status is Status.FAILED
    r = (await world.get_generation()(user_id, sub.view.request.id)).request
    assert r.error == "Не удалось создать изображение: ошибка модели. Кредиты не списаны."
    logged = "\n".join(rec.getMessage() for rec in caplog.records)
    assert str(r.id) in logged and "index out of range in self" in logged
    assert [e.error for e in world.events.published if e.status is Status.FAILED] == [r.error]


async def test_storage_failure_hides_the_endpoint_from_the_user(world, caplog):
    user_id = await world.new_user()
    sub = await world.submit()(user_id, idea())
    world.store.fail_next = RuntimeError(S3_DETAIL)  # not transient: fails at once
    with caplog.at_level(logging.WARNING):
        [outcome] = await world.run_worker_once()
    assert outcome.status is Status.FAILED
    r = (await world.get_generation()(user_id, sub.view.request.id)).request
    assert r.error == Failure.STORAGE_UNAVAILABLE.message and "http" not in r.error
    assert S3_DETAIL in caplog.text and str(r.id) in caplog.text
    profile = await world.profile()(user_id)
    assert (profile.balance_credits, profile.reserved_credits) == (WELCOME_BONUS, 0)


async def test_a_requeued_job_says_it_will_be_retried_not_why(world):
    user_id = await world.new_user()
    sub = await world.submit()(user_id, idea())
    world.store.fail_next = TransientError(S3_DETAIL)
    [outcome] = await world.run_worker_once()
    assert outcome.status is Status.PENDING
    r = (await world.get_generation()(user_id, sub.view.request.id)).request
    assert r.error == RETRYING


async def test_a_poisonous_job_fails_alone_and_its_batch_mates_succeed(world):
    world.generator = PoisonedGenerator()
    user_id = await world.new_user(top_up=100)
    for prompt in ("торт с ягодами", "торт poison", "розовый торт"):
        await world.submit()(user_id, idea(prompt_ru=prompt))
        world.clock.advance(1)
    outcomes = await world.run_worker_once(limit=3)
    assert sorted(o.status for o in outcomes) == [Status.FAILED, Status.SUCCESS, Status.SUCCESS]
    by_prompt = await generations(world, user_id)
    assert by_prompt["торт poison"].status is Status.FAILED
    assert by_prompt["торт poison"].error == Failure.MODEL_ERROR.message
    assert by_prompt["торт с ягодами"].status is by_prompt["розовый торт"].status is Status.SUCCESS
    assert all(r.attempts == 1 for r in by_prompt.values())  # the split retry spends no attempt
    assert world.generator.batches == [1, 1]  # the failed batch of 3, then one by one
    profile = await world.profile()(user_id)
    assert profile.reserved_credits == 0 and profile.balance_credits == WELCOME_BONUS + 100 - 20
    await check_money_invariants(world.new_uow())


async def test_a_transient_batch_failure_is_not_split_but_requeued(world):
    world.generator = SolidColorGenerator(fail_with=TransientError("CUDA busy"))
    user_id = await world.new_user(top_up=100)
    for _ in range(2):
        await world.submit()(user_id, idea())
    outcomes = await world.run_worker_once(limit=2)
    assert [o.status for o in outcomes] == [Status.PENDING, Status.PENDING]


async def test_a_graceful_release_gives_the_attempt_back(world):
    user_id = await world.new_user()
    sub = await world.submit()(user_id, idea())
    for _ in range(world.max_attempts + 2):  # rolling restarts, more than the attempts allowed
        [job] = await world.queue.claim("w1", 1, lease_seconds=30)
        await world.queue.release("w1", held_by_claim([job]))
    r = (await world.get_generation()(user_id, sub.view.request.id)).request
    assert (r.status, r.attempts, r.lease_seq) == (Status.PENDING, 0, world.max_attempts + 2)
    [outcome] = await world.run_worker_once()
    assert outcome.status is Status.SUCCESS


async def test_a_release_after_an_error_keeps_the_attempt_spent(world):
    user_id = await world.new_user()
    sub = await world.submit()(user_id, idea())
    [job] = await world.queue.claim("w1", 1, lease_seconds=30)
    await world.queue.release("w1", held_by_claim([job]), attempt_spent=True)
    r = (await world.get_generation()(user_id, sub.view.request.id)).request
    assert (r.status, r.attempts) == (Status.PENDING, 1)


@pytest.mark.parametrize("how", ["lease expired", "released"])
async def test_a_late_settlement_of_an_earlier_claim_by_the_same_worker_id_is_refused(world, how):
    user_id = await world.new_user()
    sub = await world.submit()(user_id, idea())
    [stale] = await world.queue.claim("twin", 1, lease_seconds=30)
    if how == "released":
        await world.queue.release("twin", held_by_claim([stale]))
    else:
        world.clock.advance(31)
    [fresh] = await world.queue.claim("twin", 1, lease_seconds=30)  # a second process, same --id
    assert (stale.lease_seq, fresh.lease_seq) == (1, 2)
    [late] = await world.process()("twin", [stale])
    assert late.status is Status.PROCESSING  # dropped: not settled, not debited
    r = (await world.get_generation()(user_id, sub.view.request.id)).request
    assert r.status is Status.PROCESSING and r.credits_spent == 0
    [done] = await world.process()("twin", [fresh])
    assert done.status is Status.SUCCESS
    await check_money_invariants(world.new_uow())


async def test_a_superseded_claim_of_the_same_worker_id_can_neither_extend_nor_release_the_new_one(world):
    user_id = await world.new_user()
    sub = await world.submit()(user_id, idea())
    [stale] = await world.queue.claim("twin", 1, lease_seconds=30)
    world.clock.advance(31)  # the first process stalls past its lease
    [fresh] = await world.queue.claim("twin", 1, lease_seconds=30)  # a second process, same --id
    world.clock.advance(20)
    assert await world.queue.heartbeat("twin", held_by_claim([stale]), 30) == []
    await world.queue.release("twin", held_by_claim([stale]))
    await world.queue.release("twin", held_by_claim([stale]), attempt_spent=True)
    r = (await world.get_generation()(user_id, sub.view.request.id)).request
    assert (r.status, r.lease_owner, r.lease_seq, r.attempts) == (Status.PROCESSING, "twin", 2, 2)
    assert r.lease_expires_at == fresh.lease_expires_at  # not extended by the stale beat
    assert await world.queue.claim("other", 1, lease_seconds=30) == []  # not handed back either

    assert await world.queue.heartbeat("twin", held_by_claim([fresh]), 30) == [fresh.id]  # the holder can
    r = (await world.get_generation()(user_id, sub.view.request.id)).request
    assert r.lease_expires_at == world.clock.now() + timedelta(seconds=30)
    await world.queue.release("twin", held_by_claim([fresh]))
    r = (await world.get_generation()(user_id, sub.view.request.id)).request
    assert (r.status, r.lease_owner, r.attempts) == (Status.PENDING, None, 1)

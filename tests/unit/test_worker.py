from __future__ import annotations

import asyncio
import threading

import pytest

from tests.support.backends import memory_world
from tests.support.fake_ml import SolidColorGenerator
from tests.support.invariants import check_money_invariants
from tests.support.world import World, idea
from tortodelova.application.ports.queries import GenerationFilter, Page
from tortodelova.application.ports.queue import held_by_claim
from tortodelova.domain.generation import Status
from tortodelova.entrypoints.worker.loop import Worker


async def statuses(world: World, user_id) -> list[Status]:  # noqa: ANN001
    page = await world.list_generations().for_user(user_id, GenerationFilter(), Page(100, 0))
    return sorted(v.request.status for v in page.items)


async def lease_of(world: World, user_id):  # noqa: ANN001, ANN201
    """The only request's status and claim (number, expiry)."""
    [view] = (await world.list_generations().for_user(user_id, GenerationFilter(), Page(100, 0))).items
    return view.request.status, view.request.lease_seq, view.request.lease_expires_at


@pytest.mark.parametrize("pipeline", [True, False])
async def test_worker_drains_the_queue_in_compatible_batches_then_stops(pipeline: bool):
    world = memory_world()
    user_id = await world.new_user(top_up=500)
    for size in (512, 512, 768, 512):
        await world.submit()(user_id, idea(width=size, height=size))
    worker = Worker(
        "w1",
        world.queue,
        world.process,
        batch_size=4,
        lease_seconds=30,
        poll_interval=0.05,
        pipeline=pipeline,
    )
    task = asyncio.create_task(worker.run())
    for _ in range(100):
        if await statuses(world, user_id) == [Status.SUCCESS] * 4:
            break
        await asyncio.sleep(0.02)
    worker.stopping.set()
    await asyncio.wait_for(task, 5)
    assert sorted(world.generator.batches) == [1, 3]
    assert worker.jobs_done == 4 and not worker.held
    assert [(w.id, w.jobs_done) for w in await world.queue.workers()] == [("w1", 4)]
    await check_money_invariants(world.new_uow())


async def test_graceful_stop_gives_unstarted_jobs_back():
    world = memory_world()
    user_id = await world.new_user(top_up=500)
    await world.submit()(user_id, idea(width=512, height=512))
    await world.submit()(user_id, idea(width=768, height=768))
    worker = Worker("w1", world.queue, world.process, batch_size=4, lease_seconds=30, poll_interval=0.05)
    original = world.process

    class StopWhileRendering:  # the stop signal arrives while the first batch renders
        def __init__(self) -> None:
            self.inner = original()
            self.prepare, self.finish = self.inner.prepare, self.inner.finish

        async def render(self, worker_id, work):  # noqa: ANN001, ANN202
            worker.stopping.set()
            return await self.inner.render(worker_id, work)

    def process_then_stop():
        return StopWhileRendering()

    worker.process = process_then_stop
    await asyncio.wait_for(worker.run(), 5)
    assert await statuses(world, user_id) == [Status.PENDING, Status.SUCCESS]
    page = await world.list_generations().for_user(user_id, GenerationFilter(status=Status.PENDING), Page())
    given_back = page.items[0].request
    assert given_back.lease_owner is None
    assert (given_back.attempts, given_back.lease_seq) == (0, 1)  # a graceful stop spends no attempt
    await check_money_invariants(world.new_uow())


async def test_cancelled_worker_releases_everything():
    world = memory_world()
    user_id = await world.new_user(top_up=500)
    await world.submit()(user_id, idea())
    started = asyncio.Event()

    class Hanging:
        async def prepare(self, worker_id, group):  # noqa: ANN001
            started.set()
            await asyncio.sleep(3600)

    worker = Worker("w1", world.queue, lambda: Hanging(), batch_size=4, lease_seconds=30, poll_interval=0.05)
    task = asyncio.create_task(worker.run())
    await asyncio.wait_for(started.wait(), 5)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert await statuses(world, user_id) == [Status.PENDING]


async def test_a_heartbeat_in_flight_does_not_drop_jobs_claimed_meanwhile():
    world = memory_world()
    user_id = await world.new_user(top_up=500)
    await world.submit()(user_id, idea())
    await world.submit()(user_id, idea())
    worker = Worker("w1", world.queue, world.process, batch_size=1, lease_seconds=30, poll_interval=0.05)
    [first] = await world.queue.claim("w1", 1, 30)
    worker.held[first.id] = first.lease_seq
    beat = world.queue.heartbeat

    async def heartbeat_while_the_batch_ends(worker_id, held, lease_seconds):  # noqa: ANN001
        # While this beat is on its way, the batch settles and the loop claims the next job.
        await world.process()("w1", [first])
        del worker.held[first.id]
        [second] = await world.queue.claim("w1", 1, 30)
        worker.held[second.id] = second.lease_seq
        return await beat(worker_id, held, lease_seconds)

    world.queue.heartbeat = heartbeat_while_the_batch_ends  # type: ignore[method-assign]
    await worker._beat()
    assert len(worker.held) == 1 and first.id not in worker.held
    await check_money_invariants(world.new_uow())


async def test_a_stalled_twin_with_the_same_id_neither_gives_back_nor_keeps_the_new_claim():
    world = memory_world()
    user_id = await world.new_user(top_up=500)
    await world.submit()(user_id, idea())
    stalled = Worker("twin", world.queue, world.process, batch_size=1, lease_seconds=30, poll_interval=0.05)
    [stale] = await world.queue.claim("twin", 1, 30)
    stalled.held.update(held_by_claim([stale]))
    world.clock.advance(31)  # stalled past its lease; a restarted process with the same --id claims the job
    [fresh] = await world.queue.claim("twin", 1, 30)

    await stalled._give_back()  # e.g. it gets SIGTERM now
    assert await lease_of(world, user_id) == (Status.PROCESSING, fresh.lease_seq, fresh.lease_expires_at)
    stalled.held.update(held_by_claim([stale]))
    world.clock.advance(20)
    await stalled._beat()
    assert not stalled.held  # the beat found its claim superseded and forgot it
    assert await lease_of(world, user_id) == (Status.PROCESSING, fresh.lease_seq, fresh.lease_expires_at)
    [done] = await world.process()("twin", [fresh])  # the new claim runs to the end
    assert done.status is Status.SUCCESS
    await check_money_invariants(world.new_uow())


async def test_a_failing_batch_gives_its_jobs_back_and_the_worker_carries_on():
    world = memory_world()
    user_id = await world.new_user(top_up=500)
    await world.submit()(user_id, idea())
    calls = {"n": 0}

    class DatabaseHiccup:
        async def prepare(self, worker_id, group):  # noqa: ANN001
            raise ConnectionResetError("server closed the connection unexpectedly")

    def process():
        calls["n"] += 1
        return DatabaseHiccup() if calls["n"] == 1 else world.process()

    worker = Worker("w1", world.queue, process, batch_size=4, lease_seconds=30, poll_interval=0.05)
    task = asyncio.create_task(worker.run())
    for _ in range(200):
        if await statuses(world, user_id) == [Status.SUCCESS]:
            break
        await asyncio.sleep(0.02)
    worker.stopping.set()
    await asyncio.wait_for(task, 5)
    assert calls["n"] == 2 and await statuses(world, user_id) == [Status.SUCCESS]
    page = await world.list_generations().for_user(user_id, GenerationFilter(), Page())
    assert page.items[0].request.attempts == 2  # released after the error, claimed again
    await check_money_invariants(world.new_uow())


class GatedGenerator(SolidColorGenerator):
    """Holds its second batch in the model until the test opens the gate; counts concurrent renders."""

    def __init__(self) -> None:
        super().__init__()
        self.gate, self.started, self.running, self.most_at_once = threading.Event(), 0, 0, 0

    def generate(self, jobs, on_progress=None, on_preview=None):  # noqa: ANN001, ANN201
        self.started += 1
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        try:
            if self.started == 2:
                assert self.gate.wait(10), "the test never opened the gate"
            return super().generate(jobs, on_progress)
        finally:
            self.running -= 1


async def eventually(condition, timeout: float = 5) -> None:  # noqa: ANN001
    for _ in range(int(timeout / 0.01)):
        if await condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition never held")


async def test_pipeline_prepares_ahead_settles_behind_and_a_stop_gives_back_the_unrendered():
    world = memory_world()
    world.generator = generator = GatedGenerator()
    user_id = await world.new_user(top_up=500)
    for guidance in (7.0, 8.0):  # four incompatible jobs: one claim, four batches
        for size in (512, 768):
            await world.submit()(user_id, idea(width=size, height=size, guidance=guidance))
    worker = Worker("w1", world.queue, world.process, batch_size=4, lease_seconds=30, poll_interval=0.05)
    task = asyncio.create_task(worker.run())

    async def second_renders_first_settled_third_prepared() -> bool:
        return (
            generator.started == 2
            and world.translator.calls == 3
            and await statuses(world, user_id) == [Status.PROCESSING] * 3 + [Status.SUCCESS]
        )

    # While batch 2 is in the model, batch 1 has settled (behind) and batch 3 is prepared (ahead).
    await eventually(second_renders_first_settled_third_prepared)
    assert len(worker.held) == 3
    worker.stopping.set()  # SIGTERM: the rendering batch finishes, the unrendered ones go back
    generator.gate.set()
    await asyncio.wait_for(task, 5)
    assert generator.started == 2 and generator.most_at_once == 1
    assert await statuses(world, user_id) == [Status.PENDING] * 2 + [Status.SUCCESS] * 2
    page = await world.list_generations().for_user(user_id, GenerationFilter(status=Status.PENDING), Page())
    assert [(v.request.attempts, v.request.lease_owner) for v in page.items] == [(0, None)] * 2
    assert worker.jobs_done == 2 and not worker.held and not worker.backlog
    await check_money_invariants(world.new_uow())

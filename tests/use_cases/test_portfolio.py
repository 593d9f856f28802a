"""The owner's portfolio: stars, deleting a finished design, and the e-mail filters of the admin
journal; on memory and on PostgreSQL."""

from __future__ import annotations

import uuid

import pytest

from tests.support.invariants import check_money_invariants
from tests.support.world import idea
from tortodelova.application.ports.queries import GenerationFilter, Page, TransactionFilter
from tortodelova.domain.errors import GenerationDeleted, NotDeletable, NotFound
from tortodelova.domain.generation import PredictionRequest, Status
from tortodelova.domain.transactions import TxKind

PAGE = Page(limit=50)


async def _ids(world, user_id, **flt) -> list[uuid.UUID]:  # noqa: ANN001
    page = await world.list_generations().for_user(user_id, GenerationFilter(**flt), PAGE)
    return [v.request.id for v in page.items]


async def _stored(world, request_id: uuid.UUID) -> PredictionRequest:  # noqa: ANN001
    """The row as stored, deleted or not (the owner's GetGeneration refuses a deleted one)."""
    async with world.new_uow() as uow:
        request = await uow.generations.get(request_id)
    assert request is not None
    return request


async def _finished(world, user_id, count: int = 1) -> list[uuid.UUID]:  # noqa: ANN001
    ids = []
    for _ in range(count):
        ids.append((await world.submit()(user_id, idea())).view.request.id)
        world.clock.advance(1)
    await world.run_worker_once(limit=count)
    return ids


async def test_stars_are_idempotent_and_filter_the_list(world):
    user_id = await world.new_user(top_up=100)
    first, second, third = await _finished(world, user_id, 3)
    star = world.set_favorite()

    await star(user_id, first, True)
    await star(user_id, first, True)  # again: no change
    await star(user_id, third, True)
    await star(user_id, third, False)
    await star(user_id, third, False)

    assert await _ids(world, user_id, favorite=True) == [first]
    assert await _ids(world, user_id, favorite=False) == [third, second]
    assert await _ids(world, user_id) == [third, second, first]
    assert (await world.get_generation()(user_id, first)).request.favorite is True


async def test_another_users_unknown_or_deleted_design_cannot_be_starred(world):
    owner = await world.new_user("owner@example.com")
    other = await world.new_user("other@example.com")
    [job] = await _finished(world, owner)
    with pytest.raises(NotFound):
        await world.set_favorite()(other, job, True)
    with pytest.raises(NotFound):
        await world.set_favorite()(owner, uuid.uuid4(), True)
    await world.delete_generation()(owner, job)
    with pytest.raises(NotFound):
        await world.set_favorite()(owner, job, True)
    assert (await _stored(world, job)).favorite is False


async def test_delete_removes_the_image_and_keeps_the_row_and_the_ledger(world):
    user_id = await world.new_user(top_up=100)
    kept, gone = await _finished(world, user_id, 2)
    before = await _stored(world, gone)
    key = before.s3_key
    assert key in world.store.objects and before.status is Status.SUCCESS
    await world.set_favorite()(user_id, gone, True)
    ledger_before = await world.list_transactions()(TransactionFilter(user_id=user_id), PAGE)
    balance_before = await world.profile()(user_id)
    world.clock.advance(60)

    await world.delete_generation()(user_id, gone)

    assert key not in world.store.objects and len(world.store.objects) == 1
    after = await _stored(world, gone)
    assert after.deleted and after.deleted_at == world.clock.now()
    assert after.public_url is None and after.favorite is False
    assert (after.status, after.credits_spent) == (Status.SUCCESS, before.credits_spent)
    with pytest.raises(GenerationDeleted):  # a NotFound: a read after the delete is a 404
        await world.get_generation()(user_id, gone)
    assert await _ids(world, user_id) == [kept]  # the gallery
    assert await _ids(world, user_id, include_deleted=True) == [gone, kept]  # the history
    assert await _ids(world, user_id, favorite=True) == []
    ledger_after = await world.list_transactions()(TransactionFilter(user_id=user_id), PAGE)
    assert ledger_after.items == ledger_before.items
    assert gone in {t.prediction_request_id for t in ledger_after.items if t.kind is TxKind.GENERATION}
    balance_after = await world.profile()(user_id)
    assert (balance_after.balance_credits, balance_after.reserved_credits) == (
        balance_before.balance_credits,
        balance_before.reserved_credits,
    )
    await check_money_invariants(world.new_uow())


async def test_delete_again_succeeds_and_retries_an_object_left_behind(world):
    user_id = await world.new_user()
    [job] = await _finished(world, user_id)
    key = (await _stored(world, job)).s3_key
    world.store.fail_next = OSError("storage unreachable")

    with pytest.raises(OSError):
        await world.delete_generation()(user_id, job)

    # the row is marked already: the design left the gallery though its object is still stored
    assert (await _stored(world, job)).deleted
    assert key in world.store.objects
    marked_at = (await _stored(world, job)).deleted_at
    world.clock.advance(5)
    await world.delete_generation()(user_id, job)
    assert key not in world.store.objects
    assert (await _stored(world, job)).deleted_at == marked_at


async def test_only_a_finished_design_of_the_owner_can_be_deleted(world):
    owner = await world.new_user("owner@example.com", top_up=100)
    other = await world.new_user("other@example.com")
    pending = (await world.submit()(owner, idea())).view.request
    with pytest.raises(NotDeletable):
        await world.delete_generation()(owner, pending.id)
    [claimed] = await world.queue.claim("w1", 1, lease_seconds=60)
    with pytest.raises(NotDeletable):
        await world.delete_generation()(owner, claimed.id)  # processing
    await world.process()("w1", [claimed])
    with pytest.raises(NotFound):
        await world.delete_generation()(other, pending.id)
    with pytest.raises(NotFound):
        await world.delete_generation()(owner, uuid.uuid4())
    assert not (await _stored(world, pending.id)).deleted

    cancelled = (await world.submit()(owner, idea())).view.request
    await world.cancel()(owner, cancelled.id)
    await world.delete_generation()(owner, cancelled.id)  # no image: just marked
    assert (await _stored(world, cancelled.id)).deleted
    await check_money_invariants(world.new_uow())


async def test_the_admin_finds_entries_and_generations_by_part_of_the_email(world):
    baker = await world.new_user("Anna.Baker@example.com", top_up=50)
    await world.new_user("boris@example.org", top_up=70)
    [job] = await _finished(world, baker)

    found = await world.list_transactions()(TransactionFilter(email="ANNA.b"), PAGE)
    assert found.total == 3 and {t.user_id for t in found.items} == {baker}  # bonus, top-up, debit
    assert (await world.list_transactions()(TransactionFilter(email="example."), PAGE)).total == 5
    assert (await world.list_transactions()(TransactionFilter(email="nobody"), PAGE)).total == 0

    await world.delete_generation()(baker, job)
    admin_view = await world.list_generations()(GenerationFilter(email="anna", include_deleted=True), PAGE)
    assert [v.request.id for v in admin_view.items] == [job] and admin_view.items[0].request.deleted
    assert (await world.list_generations()(GenerationFilter(email="boris"), PAGE)).total == 0

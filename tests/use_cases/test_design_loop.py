"""Issue 12, submit side: variants (one submit, several generations) and starting from a picture
(an upload or an own design, with a mask for inpainting). Runs on memory and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest

from tests.support.invariants import check_money_invariants
from tests.support.world import WELCOME_BONUS, idea
from tortodelova.application.ports.queries import GenerationFilter, Page, TransactionFilter
from tortodelova.application.use_cases.generations.generation_input import InitImageRef
from tortodelova.domain.errors import (
    IdempotencyMismatch,
    InsufficientCredits,
    NotFound,
    SourceNotReady,
    TooManyActiveGenerations,
    ValidationFailed,
)
from tortodelova.domain.generation import SEED_MAX, Status
from tortodelova.domain.pricing import price
from tortodelova.domain.transactions import TxKind
from tortodelova.domain.uploads import Upload, UploadPurpose, upload_key


async def add_upload(world, user_id, purpose=UploadPurpose.REFERENCE) -> Upload:  # noqa: ANN001
    upload_id = uuid.uuid4()
    upload = Upload(upload_id, user_id, purpose, 640, 480, upload_key(user_id, upload_id), world.clock.now())
    async with world.new_uow() as uow:
        await uow.uploads.add(upload)
        await uow.commit()
    async with world.new_uow() as uow:
        assert await uow.uploads.get(upload_id) == upload  # stored and read back whole
    return upload


async def generations_of(world, user_id) -> list:  # noqa: ANN001
    page = await world.list_generations().for_user(user_id, GenerationFilter(), Page(50, 0))
    return [view.request for view in page.items]


async def assert_nothing_held(world, user_id) -> None:  # noqa: ANN001
    profile = await world.profile()(user_id)
    assert profile.reserved_credits == 0 and await generations_of(world, user_id) == []
    await check_money_invariants(world.new_uow())


# --- variants ----------------------------------------------------------------------------------


async def test_four_variants_are_four_generations_with_consecutive_seeds_and_one_group(world):
    user_id = await world.new_user(top_up=100)
    quote = await world.quote()(user_id, idea(variants=4))
    assert (quote.credits, quote.per_variant, quote.variants) == (40, 10, 4)

    submitted = await world.submit()(user_id, idea(variants=4, seed=SEED_MAX - 1))
    requests = [v.request for v in submitted.views]
    assert submitted.view.request is requests[0]
    assert [r.params.seed for r in requests] == [SEED_MAX - 1, SEED_MAX, 0, 1]  # wraps at 2**32
    assert [r.variant_index for r in requests] == [0, 1, 2, 3]
    group = requests[0].group_id
    assert group is not None and {r.group_id for r in requests} == {group}
    assert [r.credits_reserved for r in requests] == [10] * 4
    assert [v.queue_position for v in submitted.views] == [0, 1, 2, 3]
    assert (await world.profile()(user_id)).reserved_credits == 40
    stored = {g.id: g for g in await generations_of(world, user_id)}
    assert [stored[r.id].params.seed for r in requests] == [r.params.seed for r in requests]
    assert all(stored[r.id].group_id == group for r in requests)
    await check_money_invariants(world.new_uow())


async def test_one_variant_has_no_group(world):
    user_id = await world.new_user()
    submitted = await world.submit()(user_id, idea(seed=5))
    assert len(submitted.views) == 1
    r = submitted.view.request
    assert (r.group_id, r.variant_index, r.params.strength, r.init_object_key) == (None, 0, None, None)


async def test_variants_are_reserved_all_or_nothing(world):
    user_id = await world.new_user()  # 30 credits: three variants, not four
    with pytest.raises(InsufficientCredits) as err:
        await world.submit()(user_id, idea(variants=4))
    assert (err.value.needed, err.value.available) == (40, WELCOME_BONUS)
    await assert_nothing_held(world, user_id)
    assert len((await world.submit()(user_id, idea(variants=3))).views) == 3
    assert (await world.profile()(user_id)).available_credits == 0


async def test_the_active_cap_counts_every_variant(world):
    world.max_active = 4
    user_id = await world.new_user(top_up=100)
    await world.submit()(user_id, idea(variants=3))
    with pytest.raises(TooManyActiveGenerations):
        await world.submit()(user_id, idea(variants=2))
    assert len(await generations_of(world, user_id)) == 3
    assert len((await world.submit()(user_id, idea())).views) == 1  # exactly up to the cap
    await check_money_invariants(world.new_uow())


async def test_a_replay_returns_the_whole_group_and_another_count_or_picture_is_a_mismatch(world):
    user_id = await world.new_user(top_up=100)
    first = await world.submit()(user_id, idea(variants=3), "loop-1")
    again = await world.submit()(user_id, idea(variants=3), "loop-1")
    assert again.replayed and not first.replayed
    assert [v.request.id for v in again.views] == [v.request.id for v in first.views]
    with pytest.raises(IdempotencyMismatch):
        await world.submit()(user_id, idea(variants=2), "loop-1")
    upload = await add_upload(world, user_id)
    with pytest.raises(IdempotencyMismatch):  # same text, but now from a picture
        await world.submit()(
            user_id, idea(variants=3, init_image=InitImageRef(upload.id), strength=0.5), "loop-1"
        )
    other = await add_upload(world, user_id)
    from_upload = await world.submit()(
        user_id, idea(init_image=InitImageRef(upload.id), strength=0.5), "loop-2"
    )
    with pytest.raises(IdempotencyMismatch):  # same settings, another picture
        await world.submit()(user_id, idea(init_image=InitImageRef(other.id), strength=0.5), "loop-2")
    replay = await world.submit()(user_id, idea(init_image=InitImageRef(upload.id), strength=0.5), "loop-2")
    assert replay.replayed and replay.view.request.id == from_upload.view.request.id
    assert (await world.profile()(user_id)).reserved_credits == 30 + 6
    await check_money_invariants(world.new_uow())


async def test_variants_render_as_one_batch_and_each_is_charged_on_its_own(world):
    user_id = await world.new_user(top_up=100)
    submitted = await world.submit()(user_id, idea(variants=4))
    outcomes = await world.run_worker_once(limit=4)
    assert [o.status for o in outcomes] == [Status.SUCCESS] * 4
    assert world.generator.batches == [4]
    ids = {v.request.id for v in submitted.views}
    debits = await world.list_transactions().for_user(
        user_id, TransactionFilter(kind=TxKind.GENERATION), Page(50, 0)
    )
    assert {t.prediction_request_id for t in debits.items} == ids and debits.total == 4
    await check_money_invariants(world.new_uow())


# --- starting from a picture -------------------------------------------------------------------


async def test_img2img_from_an_upload_prices_the_steps_actually_run(world):
    user_id = await world.new_user()
    upload = await add_upload(world, user_id)
    request = idea(init_image=InitImageRef(upload_id=upload.id), strength=0.5, variants=2)
    quote = await world.quote()(user_id, request)
    # ceil(25 x 0.5) = 13 of 25 steps: 10 x 13/25 = 5.2 -> 6 credits a variant
    assert (quote.per_variant, quote.credits) == (6, 12)
    submitted = await world.submit()(user_id, request)
    for view in submitted.views:
        r = view.request
        assert (r.init_upload_id, r.init_generation_id, r.init_object_key) == (
            upload.id,
            None,
            upload.object_key,
        )
        assert r.params.strength == 0.5 and r.params.steps == 25
        assert r.credits_reserved == price(r.params) == 6
    stored = {g.id: g for g in await generations_of(world, user_id)}
    first = stored[submitted.view.request.id]
    assert (first.init_upload_id, first.init_object_key, first.params.strength) == (
        upload.id,
        upload.object_key,
        0.5,
    )
    await check_money_invariants(world.new_uow())


async def test_refine_an_own_finished_design(world):
    user_id = await world.new_user()
    source = (await world.submit()(user_id, idea())).view.request
    with pytest.raises(SourceNotReady):  # still pending: nothing to start from yet
        await world.submit()(user_id, idea(init_image=InitImageRef(generation_id=source.id), strength=0.4))
    with pytest.raises(SourceNotReady):
        await world.quote()(user_id, idea(init_image=InitImageRef(generation_id=source.id), strength=0.4))
    await world.run_worker_once()
    done = (await world.get_generation()(user_id, source.id)).request
    refined = await world.submit()(
        user_id, idea(init_image=InitImageRef(generation_id=source.id), strength=0.4)
    )
    r = refined.view.request
    assert (r.init_generation_id, r.init_upload_id, r.init_object_key) == (source.id, None, done.s3_key)
    stored = (await world.get_generation()(user_id, r.id)).request
    assert (stored.init_generation_id, stored.init_object_key) == (source.id, done.s3_key)
    await world.run_worker_once()
    await world.delete_generation()(user_id, source.id)
    with pytest.raises(NotFound):  # its image is gone: nothing to start from any more
        await world.submit()(user_id, idea(init_image=InitImageRef(generation_id=source.id), strength=0.4))
    await check_money_invariants(world.new_uow())


async def test_another_users_or_an_unknown_picture_is_not_found_and_nothing_is_held(world):
    owner = await world.new_user("owner@example.com")
    stranger = await world.new_user("stranger@example.com")
    upload = await add_upload(world, owner)
    mask = await add_upload(world, owner, UploadPurpose.MASK)
    design = (await world.submit()(owner, idea())).view.request
    await world.run_worker_once()
    mine = await add_upload(world, stranger)
    for request in (
        idea(init_image=InitImageRef(upload_id=upload.id), strength=0.5),
        idea(init_image=InitImageRef(upload_id=uuid.uuid4()), strength=0.5),
        idea(init_image=InitImageRef(generation_id=design.id), strength=0.5),
        idea(init_image=InitImageRef(generation_id=uuid.uuid4()), strength=0.5),
        idea(init_image=InitImageRef(upload_id=mine.id), strength=0.5, mask_upload_id=mask.id),
    ):
        with pytest.raises(NotFound):
            await world.submit()(stranger, request)
        with pytest.raises(NotFound):  # the quote looks them up too: the price panel says so first
            await world.quote()(stranger, request)
    await assert_nothing_held(world, stranger)


async def test_inpainting_takes_an_own_mask_and_refuses_swapped_purposes(world):
    user_id = await world.new_user()
    photo = await add_upload(world, user_id)
    mask = await add_upload(world, user_id, UploadPurpose.MASK)
    with pytest.raises(ValidationFailed) as err:
        await world.submit()(user_id, idea(init_image=InitImageRef(upload_id=mask.id), strength=0.5))
    assert "init_image" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        await world.submit()(
            user_id, idea(init_image=InitImageRef(upload_id=photo.id), strength=0.5, mask_upload_id=photo.id)
        )
    assert "mask_upload_id" in err.value.errors
    await assert_nothing_held(world, user_id)

    submitted = await world.submit()(
        user_id, idea(init_image=InitImageRef(upload_id=photo.id), strength=0.75, mask_upload_id=mask.id)
    )
    r = (await world.get_generation()(user_id, submitted.view.request.id)).request
    assert (r.mask_upload_id, r.mask_object_key, r.init_object_key) == (
        mask.id,
        mask.object_key,
        photo.object_key,
    )
    await check_money_invariants(world.new_uow())


async def test_variants_with_a_mask_read_their_picture_and_mask_once_a_batch(world):
    user_id = await world.new_user(top_up=100)
    photo = await add_upload(world, user_id)
    mask = await add_upload(world, user_id, UploadPurpose.MASK)
    await world.store.put_private(photo.object_key, b"photo", "image/png")
    await world.store.put_private(mask.object_key, b"mask", "image/png")
    reads: list[str] = []
    get = world.store.get

    async def counting_get(key: str) -> bytes:
        reads.append(key)
        return await get(key)

    world.store.get = counting_get
    await world.submit()(
        user_id,
        idea(init_image=InitImageRef(upload_id=photo.id), strength=0.75, mask_upload_id=mask.id, variants=4),
    )
    outcomes = await world.run_worker_once(limit=4)
    assert [o.status for o in outcomes] == [Status.SUCCESS] * 4
    assert sorted(reads) == sorted([photo.object_key, mask.object_key])
    await check_money_invariants(world.new_uow())


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"variants": 0}, {"variants"}),
        ({"variants": 5}, {"variants"}),
        ({"strength": 0.5}, {"strength"}),  # strength without a picture
        ({"init_image": InitImageRef(upload_id=uuid.uuid4())}, {"strength"}),  # a picture without strength
        ({"init_image": InitImageRef(upload_id=uuid.uuid4()), "strength": 0.1}, {"strength"}),
        ({"init_image": InitImageRef(upload_id=uuid.uuid4()), "strength": 0.95}, {"strength"}),
        ({"mask_upload_id": uuid.uuid4()}, {"mask_upload_id"}),
        ({"init_image": InitImageRef(), "strength": 0.5}, {"init_image"}),
        ({"init_image": InitImageRef(uuid.uuid4(), uuid.uuid4()), "strength": 0.5}, {"init_image"}),
        ({"variants": 9, "strength": 2.0, "steps": 99}, {"variants", "strength", "steps"}),  # all at once
    ],
)
async def test_design_loop_validation_refuses_before_anything_is_held(world, overrides, fields):
    user_id = await world.new_user()
    with pytest.raises(ValidationFailed) as err:
        await world.submit()(user_id, idea(**overrides))
    assert set(err.value.errors) == fields
    assert all(any("а" <= ch.lower() <= "я" for ch in m) for m in err.value.errors.values())  # Russian
    with pytest.raises(ValidationFailed):
        await world.quote()(user_id, idea(**overrides))
    await assert_nothing_held(world, user_id)


# --- uploads -----------------------------------------------------------------------------------


def png_bytes(size: tuple[int, int] = (32, 24)) -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", size, (200, 120, 160)).save(out, "PNG")
    return out.getvalue()


async def test_an_upload_is_kept_privately_and_recorded(world):
    user_id = await world.new_user()
    view = await world.upload()(user_id, png_bytes(), UploadPurpose.REFERENCE)
    assert (view.upload.width, view.upload.height) == (32, 24)
    assert world.store.objects[view.upload.object_key].private
    async with world.new_uow() as uow:
        assert await uow.uploads.get(view.upload.id) == view.upload


class CommitFails:
    """A unit of work whose commit is lost (the database went away between the object and the row)."""

    def __init__(self, inner) -> None:  # noqa: ANN001
        self.inner = inner

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self.inner, name)

    async def __aenter__(self) -> CommitFails:
        await self.inner.__aenter__()
        return self

    async def __aexit__(self, *exc) -> None:  # noqa: ANN002
        await self.inner.__aexit__(*exc)

    async def commit(self) -> None:
        raise ConnectionError("the database went away")


async def test_an_upload_whose_row_does_not_land_leaves_no_object_behind(world):
    user_id = await world.new_user()
    real_uow = world.new_uow
    world.new_uow = lambda: CommitFails(real_uow())
    with pytest.raises(ConnectionError):
        await world.upload()(user_id, png_bytes(), UploadPurpose.REFERENCE)
    world.new_uow = real_uow
    assert [key for key in world.store.objects if key.startswith("uploads/")] == []

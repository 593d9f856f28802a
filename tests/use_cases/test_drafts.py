"""The draft mode («Черновик»): its own step and guidance ranges, the same pricing rule, the quality
stored with the request, and a refusal (nothing reserved) where the LCM-LoRA is absent."""

from __future__ import annotations

import pytest

from tests.support.invariants import check_money_invariants
from tests.support.world import World, idea
from tortodelova.domain.errors import DraftUnavailable, ValidationFailed
from tortodelova.domain.generation import Quality, Status
from tortodelova.domain.pricing import price


async def test_a_draft_is_priced_by_its_steps_and_keeps_its_quality(world):
    user_id = await world.new_user()
    draft = idea(quality="draft", steps=6, guidance=1.5)
    quoted = (await world.quote()(user_id, draft)).credits
    submitted = await world.submit()(user_id, draft)
    request = submitted.view.request
    assert request.credits_reserved == quoted == price(request.params)
    assert quoted < (await world.quote()(user_id, idea())).credits  # 6 steps cost less than 25
    stored = await world.get_generation()(user_id, request.id)
    assert stored.request.params.quality is Quality.DRAFT
    assert (stored.request.params.steps, stored.request.params.guidance) == (6, 1.5)

    [outcome] = await world.run_worker_once()
    assert outcome.status is Status.SUCCESS
    done = await world.get_generation()(user_id, request.id)
    assert done.request.credits_spent == quoted and done.request.params.quality is Quality.DRAFT
    await check_money_invariants(world.new_uow())


async def test_quality_defaults_to_standard_and_a_draft_to_four_steps(world):
    user_id = await world.new_user()
    standard = (await world.submit()(user_id, idea())).view.request.params
    draft = (await world.submit()(user_id, idea(quality="draft"))).view.request.params
    assert (standard.quality, standard.steps, standard.guidance) == (Quality.STANDARD, 25, 7.0)
    assert (draft.quality, draft.steps, draft.guidance) == (Quality.DRAFT, 4, 1.0)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"steps": 3}, "steps"),
        ({"steps": 9}, "steps"),
        ({"steps": 25}, "steps"),
        ({"guidance": 2.5}, "guidance"),
        ({"guidance": 7.0}, "guidance"),
        ({"quality": "turbo"}, "quality"),
    ],
)
async def test_draft_ranges_are_enforced_before_anything_is_reserved(world, overrides, field):
    user_id = await world.new_user()
    with pytest.raises(ValidationFailed) as err:
        await world.submit()(user_id, idea(**{"quality": "draft", **overrides}))
    assert field in err.value.errors
    assert (await world.profile()(user_id)).reserved_credits == 0


async def test_standard_keeps_its_own_ranges(world):
    user_id = await world.new_user()
    with pytest.raises(ValidationFailed) as err:
        await world.submit()(user_id, idea(quality="standard", steps=4))
    assert "steps" in err.value.errors


async def test_without_the_lcm_lora_drafts_are_refused_and_standard_still_works(world):
    no_drafts = World(new_uow=world.new_uow, queue=world.queue, clock=world.clock, drafts=False)
    user_id = await no_drafts.new_user()
    with pytest.raises(DraftUnavailable):
        await no_drafts.quote()(user_id, idea(quality="draft"))
    with pytest.raises(DraftUnavailable):
        await no_drafts.submit()(user_id, idea(quality="draft"))
    assert (await no_drafts.profile()(user_id)).reserved_credits == 0
    assert (await no_drafts.submit()(user_id, idea())).view.request.params.quality is Quality.STANDARD

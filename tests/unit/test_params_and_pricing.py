from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import UTC, datetime
from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from tortodelova.application.ports.ml import ImageJob
from tortodelova.application.use_cases.generations.batching import compatible_groups
from tortodelova.domain.batch_key import BatchKey
from tortodelova.domain.errors import ValidationFailed
from tortodelova.domain.generation import (
    ALLOWED_SIZES,
    PROMPT_PATTERN,
    GenerationParams,
    Mode,
    PredictionRequest,
    Quality,
    RequestedParams,
)
from tortodelova.domain.pricing import BASE_CREDITS, price, steps_run
from tortodelova.domain.styles import STYLES

sizes = st.sampled_from(sorted(ALLOWED_SIZES))
steps = st.integers(10, 40)
valid = st.builds(
    lambda size, s, g, seed, style, prompt: GenerationParams.create(
        RequestedParams(prompt_ru=prompt, style=style, width=size[0], height=size[1], steps=s, guidance=g),
        seed=seed,
    ),
    sizes,
    steps,
    st.floats(1, 12),
    st.integers(0, 2**32 - 1),
    st.sampled_from(sorted(STYLES)),
    st.from_regex(PROMPT_PATTERN).filter(lambda t: len(t) <= 1000),  # what the schema allows
)


@given(valid)
def test_valid_params_price_is_positive_and_bounded(params):
    credits = price(params)
    assert (
        1
        <= credits
        <= price(
            GenerationParams.create(
                RequestedParams(prompt_ru="abc", style="kids", width=768, height=768, steps=40), seed=0
            )
        )
    )


@given(sizes, sizes, steps, steps)
def test_price_is_monotone_in_pixels_and_steps(a, b, s1, s2):
    def p(size, s):
        return price(
            GenerationParams.create(
                RequestedParams(prompt_ru="торт", style="kids", width=size[0], height=size[1], steps=s),
                seed=1,
            )
        )

    if a[0] * a[1] <= b[0] * b[1] and s1 <= s2:
        assert p(a, s1) <= p(b, s2)


def test_default_generation_costs_the_base_price():
    assert (
        price(GenerationParams.create(RequestedParams(prompt_ru="торт", style="kids"), seed=1))
        == BASE_CREDITS
    )


@given(st.integers(), st.integers(), st.integers(), st.floats(allow_nan=True), st.integers())
def test_params_either_validate_or_name_the_bad_field(w, h, s, g, seed):
    try:
        p = GenerationParams.create(
            RequestedParams(prompt_ru="торт", style="kids", width=w, height=h, steps=s, guidance=g), seed=seed
        )
    except ValidationFailed as err:
        assert set(err.errors) <= {"width", "steps", "guidance", "seed"} and err.errors
    else:
        assert (p.width, p.height) in ALLOWED_SIZES and 10 <= p.steps <= 40
        assert 1 <= p.guidance <= 12 and 0 <= p.seed < 2**32


@given(st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=1200))  # controls: test_text_rules
def test_prompt_length_is_checked_after_whitespace_and_nfc_normalisation(text):
    normal = unicodedata.normalize("NFC", " ".join(text.split()))
    try:
        p = GenerationParams.create(RequestedParams(prompt_ru=text, style="kids"), seed=0)
    except ValidationFailed as err:
        assert "prompt_ru" in err.errors and not 3 <= len(normal) <= 1000
    else:
        assert p.prompt_ru == normal and 3 <= len(normal) <= 1000


def test_styles_catalogue_is_complete_and_russian():
    assert {"minimal", "kids", "wedding", "birthday", "themed", "bento", "classic"} <= set(STYLES)
    for style in STYLES.values():
        assert any("а" <= ch <= "я" for ch in style.title.lower())
        assert style.prompt.isascii() and style.negative.isascii()


def test_drafts_and_standard_jobs_never_share_a_batch() -> None:
    base = GenerationParams.create(
        RequestedParams(prompt_ru="торт с ягодами", style="kids", steps=10, guidance=2.0), seed=1
    )
    # Same size, steps and guidance: only the quality differs (built directly, past the range checks).
    params = [base, replace(base, quality=Quality.DRAFT), base, replace(base, quality=Quality.DRAFT)]
    now = datetime.now(UTC)
    jobs = [PredictionRequest(uuid4(), uuid4(), p, "m", 1, now) for p in params]
    groups = compatible_groups(jobs)
    assert [[j.params.quality for j in g] for g in groups] == [[Quality.STANDARD] * 2, [Quality.DRAFT] * 2]


@given(steps, st.floats(0.2, 0.9))
def test_starting_from_a_picture_prices_the_steps_actually_run(s, strength) -> None:
    text_only = GenerationParams.create(RequestedParams(prompt_ru="торт", style="kids", steps=s), seed=1)
    img2img = GenerationParams.create(
        RequestedParams(prompt_ru="торт", style="kids", steps=s, strength=strength),
        seed=1,
        has_init_image=True,
    )
    run = steps_run(img2img)
    assert s * strength - 1e-6 <= run < s * strength + 1  # ceil(steps x strength)
    assert steps_run(text_only) == s
    assert 1 <= price(img2img) <= price(text_only)


def test_img2img_price_examples() -> None:
    def priced(steps: int, strength: float) -> tuple[int, int]:
        p = GenerationParams.create(
            RequestedParams(prompt_ru="торт", style="kids", steps=steps, strength=strength),
            seed=1,
            has_init_image=True,
        )
        return steps_run(p), price(p)

    assert priced(25, 0.5) == (13, 6)  # 10 x 13/25 = 5.2 -> 6
    assert priced(25, 0.2) == (5, 2)
    assert priced(10, 0.9) == (9, 4)  # 10 x 9/25 = 3.6 -> 4
    draft = GenerationParams.create(
        RequestedParams(prompt_ru="торт", style="kids", quality="draft", steps=4, strength=0.2),
        seed=1,
        has_init_image=True,
    )
    assert (steps_run(draft), price(draft)) == (1, 1)  # at least one step, at least one credit


def test_text_only_img2img_and_inpainting_jobs_never_share_a_batch() -> None:
    base = GenerationParams.create(RequestedParams(prompt_ru="торт с ягодами", style="kids"), seed=1)
    img2img = replace(base, strength=0.5)
    now = datetime.now(UTC)
    jobs = [PredictionRequest(uuid4(), uuid4(), p, "m", 1, now) for p in (base, img2img, img2img, base)]
    jobs[2].mask_object_key = "uploads/u/mask.png"
    groups = compatible_groups(jobs)
    assert [[jobs.index(j) for j in g] for g in groups] == [[0, 3], [1], [2]]


def test_the_generator_gets_the_key_the_worker_batched_by() -> None:
    base = GenerationParams.create(
        RequestedParams(prompt_ru="торт с ягодами", style="kids", quality="draft", steps=4), seed=5
    )
    now = datetime.now(UTC)
    text, image, inpaint = (
        PredictionRequest(uuid4(), uuid4(), p, "m", 1, now)
        for p in (base, *[replace(base, strength=0.5)] * 2)
    )
    inpaint.mask_object_key = "uploads/u/mask.png"
    assert [r.mode for r in (text, image, inpaint)] == [Mode.TEXT, Mode.IMAGE, Mode.INPAINT]
    job = ImageJob.of(inpaint, "cake", "blurry", b"source", b"mask")
    assert job.batch == BatchKey.of(inpaint) == BatchKey(512, 512, 4, 1.0, Quality.DRAFT, Mode.INPAINT, 0.5)
    assert (job.request_id, job.seed, job.init_image, job.mask) == (inpaint.id, 5, b"source", b"mask")

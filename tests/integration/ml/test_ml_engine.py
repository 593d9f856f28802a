"""Engine selection and loading: real from a Hugging Face cache layout, demo in-process."""

from __future__ import annotations

import io
import re
import time
import uuid

import pytest
from PIL import Image

from tortodelova.adapters.ml.engine import build_demo_engine, build_engine, engine_kind
from tortodelova.adapters.ml.models import ModelsMissing
from tortodelova.adapters.ml.png import read_png_metadata
from tortodelova.application.ports.ml import ImageJob
from tortodelova.domain.batch_key import BatchKey
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc.ml_engine import build_ml


def test_real_engine_loads_from_the_local_cache_only(hf_cache, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    settings = Settings(
        ml_engine="auto",
        ml_device="cpu",
        translator_model="tiny/opus-mt-ru-en",
        generator_model="tiny/dreamshaper",
        generator_scheduler="euler_a",
        models_dir=str(hf_cache),
    )
    assert (
        engine_kind(settings.ml_engine, settings.translator_model, settings.generator_model, str(hf_cache))
        == "real"
    )
    translator, generator = build_ml(settings)
    assert not generator.is_demo and not translator.is_demo
    assert generator.model_id == "tiny/dreamshaper"
    assert "fondant" in translator.translate(["Торт с мастикой"])[0].text
    png = generator.generate([ImageJob(uuid.uuid4(), "cake", "", 1, BatchKey(64, 64, 3, 7.0))])[0]
    assert read_png_metadata(png)["scheduler"] == "euler_a"


def test_real_engine_names_the_missing_model(hf_cache) -> None:
    with pytest.raises(ModelsMissing) as err:
        build_engine(
            "real",
            device="cpu",
            translator_model="tiny/opus-mt-ru-en",
            generator_model="Lykon/dreamshaper-8",
            models_dir=str(hf_cache),
        )
    message = str(err.value)
    assert "Lykon/dreamshaper-8" in message and "tortodelova models pull" in message
    assert "tiny/opus-mt-ru-en" not in message  # the translator is there


def test_demo_engine_is_labelled_fast_and_honours_the_size() -> None:
    t = time.perf_counter()
    translator, generator = build_demo_engine(device="cpu")
    build_s = time.perf_counter() - t
    assert translator.is_demo and generator.is_demo
    english = translator.translate(["Бенто-торт с велюром"])[0].text
    assert "bento cake" in english and "velour finish" in english
    assert not re.search(r"[а-яё]", english.lower())  # demo MT never emits Cyrillic pieces
    job = ImageJob(uuid.uuid4(), english, "blurry", 7, BatchKey(512, 512, 25, 7.0))
    steps: list[int] = []
    t = time.perf_counter()
    png = generator.generate([job], lambda i, n: steps.append(i))[0]
    render_s = time.perf_counter() - t
    assert steps == list(range(1, 26))
    assert Image.open(io.BytesIO(png)).size == (512, 512)
    meta = read_png_metadata(png)
    assert meta["engine"] == "demo" and meta["model"] == generator.model_id
    # Same seed in a freshly built demo engine -> the same bytes (seeded in-process build).
    assert build_demo_engine(device="cpu")[1].generate([job])[0] == png
    print(f"demo engine: build {build_s:.2f}s, 512x512x25 render {render_s:.2f}s")


@pytest.fixture(scope="module")
def demo_engine():  # noqa: ANN201
    return build_demo_engine(device="cpu")


@pytest.mark.parametrize(
    "prompt_ru",
    [
        "<b>Торт</b> \"с ягодами\" & 'кремом' <script>",
        # 1000 characters in one sentence: hundreds of source tokens, up to 512 decoder tokens
        ("Торт с ягодами, кремом, мастикой и золотыми цветами " * 20)[:1000],
    ],
    ids=["html-and-quotes", "1000-characters"],
)
def test_demo_engine_accepts_every_valid_prompt(demo_engine, prompt_ru: str) -> None:  # noqa: ANN001
    from tortodelova.adapters.ml.prompts import StylePromptBuilder
    from tortodelova.domain.generation import PROMPT_MAX, GenerationParams, RequestedParams

    params = GenerationParams.create(
        RequestedParams(prompt_ru=prompt_ru, style="kids", negative_prompt_ru=prompt_ru[:500]), seed=1
    )
    assert len(params.prompt_ru) <= PROMPT_MAX
    translator, generator = demo_engine
    english, negative = translator.translate([params.prompt_ru, params.negative_prompt_ru])
    positive, negative = StylePromptBuilder().build(english.text, params.style, negative.text)
    png = generator.generate([ImageJob(uuid.uuid4(), positive, negative, 1, BatchKey(512, 512, 10, 7.0))])[0]
    assert Image.open(io.BytesIO(png)).size == (512, 512)

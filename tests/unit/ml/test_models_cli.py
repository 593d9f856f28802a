"""`tortodelova models status|pull` and the missing-weights error, on a fake Hugging Face cache.

No network: snapshot_download is replaced by a fake hub that serves file listings like the real
repos and records the allow_patterns it was asked for.
"""

from __future__ import annotations

import argparse
import fnmatch
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tortodelova.adapters.ml import models
from tortodelova.adapters.ml.engine import build_engine, engine_kind
from tortodelova.adapters.ml.models import ModelsMissing
from tortodelova.entrypoints.cli import models as cli_models
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc import ml_engine

TRANSLATOR = "Helsinki-NLP/opus-mt-ru-en"
GENERATOR = "Lykon/dreamshaper-8"
LORA = "latent-consistency/lcm-lora-sdv1-5"
UPSCALER = "Comfy-Org/Real-ESRGAN_repackaged"
TAESD = "madebyollin/taesd"

SD_PARTS = ("unet/diffusion_pytorch_model", "vae/diffusion_pytorch_model", "text_encoder/model")
HUB = {
    GENERATOR: [
        "README.md",
        "dreamshaper_8.safetensors",
        "model_index.json",
        "feature_extractor/preprocessor_config.json",
        "safety_checker/config.json",
        "safety_checker/model.safetensors",
        "safety_checker/model.fp16.safetensors",
        "scheduler/scheduler_config.json",
        "tokenizer/merges.txt",
        "tokenizer/special_tokens_map.json",
        "tokenizer/tokenizer_config.json",
        "tokenizer/vocab.json",
        "unet/config.json",
        "vae/config.json",
        "text_encoder/config.json",
        "unet/diffusion_pytorch_model.bin",
        *(f"{p}.safetensors" for p in SD_PARTS),
        *(f"{p}.fp16.safetensors" for p in SD_PARTS),
    ],
    LORA: ["README.md", "image.png", "pytorch_lora_weights.safetensors"],
    UPSCALER: [
        "README.md",
        "RealESRGAN_x2.safetensors",
        "RealESRGAN_x4plus.safetensors",
        "RealESRGAN_x4plus_anime_6B.safetensors",
    ],
    TAESD: [
        "README.md",
        "config.json",
        "diffusion_pytorch_model.bin",
        "diffusion_pytorch_model.safetensors",
        "taesd_decoder.pth",
        "taesd_encoder.pth",
        "images/reconstruction_example.jpg",
    ],
    TRANSLATOR: [
        "README.md",
        "metadata.json",
        "config.json",
        "generation_config.json",
        "pytorch_model.bin",
        "tf_model.h5",
        "rust_model.ot",
        "source.spm",
        "target.spm",
        "tokenizer_config.json",
        "vocab.json",
    ],
}
EXPECTED = {
    LORA: {"pytorch_lora_weights.safetensors"},
    UPSCALER: {"RealESRGAN_x4plus.safetensors"},
    TAESD: {"config.json", "diffusion_pytorch_model.safetensors"},
    GENERATOR: {
        "model_index.json",
        "scheduler/scheduler_config.json",
        "tokenizer/merges.txt",
        "tokenizer/special_tokens_map.json",
        "tokenizer/tokenizer_config.json",
        "tokenizer/vocab.json",
        "unet/config.json",
        "vae/config.json",
        "text_encoder/config.json",
        *(f"{p}.fp16.safetensors" for p in SD_PARTS),
    },
    TRANSLATOR: {
        "config.json",
        "generation_config.json",
        "pytorch_model.bin",
        "source.spm",
        "target.spm",
        "tokenizer_config.json",
        "vocab.json",
    },
}


def snapshot_dir(cache: Path, repo_id: str) -> Path:
    repo = cache / ("models--" + repo_id.replace("/", "--"))
    (repo / "refs").mkdir(parents=True, exist_ok=True)
    (repo / "refs" / "main").write_text("0123abcd")
    return repo / "snapshots" / "0123abcd"


class FakeHub:
    def __init__(self) -> None:
        self.calls: list[tuple[str, list[str]]] = []

    def __call__(self, *, repo_id: str, allow_patterns: list[str], cache_dir: str, max_workers: int) -> str:
        self.calls.append((repo_id, list(allow_patterns)))
        snap = snapshot_dir(Path(cache_dir), repo_id)
        for name in HUB[repo_id]:
            if any(fnmatch.fnmatch(name, p) for p in allow_patterns):
                (snap / name).parent.mkdir(parents=True, exist_ok=True)
                (snap / name).write_bytes(b"x" * 10)
        return str(snap)


def files_in(cache: Path, repo_id: str) -> set[str]:
    snap = snapshot_dir(cache, repo_id)
    return {str(p.relative_to(snap)) for p in snap.rglob("*") if p.is_file()}


def run_cli(settings: Settings, *argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="tortodelova")
    cli_models.register(parser.add_subparsers(dest="command", required=True), lambda: settings)
    args = parser.parse_args(list(argv))
    out = io.StringIO()
    sys_stdout, sys.stdout = sys.stdout, out
    try:
        code = args.fn(args)
    finally:
        sys.stdout = sys_stdout
    return code, out.getvalue()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(models_dir=str(tmp_path / "hf"))


def test_status_reports_missing_models(settings: Settings) -> None:
    code, out = run_cli(settings, "models", "status")
    assert code == 1
    assert "MISSING" in out and TRANSLATOR in out and GENERATOR in out
    assert "tortodelova models pull" in out


def test_pull_fetches_only_the_needed_files_then_status_is_present(settings: Settings, monkeypatch) -> None:
    hub = FakeHub()
    monkeypatch.setattr("huggingface_hub.snapshot_download", hub)
    code, out = run_cli(settings, "models", "pull")
    assert code == 0, out
    cache = Path(settings.models_dir)
    for repo_id in (TRANSLATOR, GENERATOR, LORA, TAESD, UPSCALER):
        assert files_in(cache, repo_id) == EXPECTED[repo_id]
    # The generator's fp16 safetensors come in the first request; opus-mt has no model.safetensors,
    # so the translator needs a second request for pytorch_model.bin.
    gen_calls = [p for r, p in hub.calls if r == GENERATOR]
    assert len(gen_calls) == 1
    assert "unet/diffusion_pytorch_model.fp16.safetensors" in gen_calls[0]
    assert not any(
        "safety_checker" in p or "feature_extractor" in p or p.endswith(".bin") for p in gen_calls[0]
    )
    tr_calls = [p for r, p in hub.calls if r == TRANSLATOR]
    assert [c[-1] for c in tr_calls] == ["model.safetensors", "pytorch_model.bin"]

    code, out = run_cli(settings, "models", "status", "--json")
    report = json.loads(out)
    assert code == 0
    assert [(r["role"], r["model_id"], r["present"]) for r in report] == [
        ("translator", TRANSLATOR, True),
        ("generator", GENERATOR, True),
        ("lora", LORA, True),
        ("preview", TAESD, True),
        ("upscaler", UPSCALER, True),
    ]
    assert report[1]["size_bytes"] == 10 * len(EXPECTED[GENERATOR])
    assert report[1]["path"] == str(snapshot_dir(cache, GENERATOR))


def test_pull_only_one_model(settings: Settings, monkeypatch) -> None:
    hub = FakeHub()
    monkeypatch.setattr("huggingface_hub.snapshot_download", hub)
    code, _ = run_cli(settings, "models", "pull", "--only", "generator")
    assert code == 0
    assert {r for r, _ in hub.calls} == {GENERATOR}


def test_a_missing_draft_lora_is_reported_but_does_not_fail_status(settings: Settings, monkeypatch) -> None:
    monkeypatch.setattr("huggingface_hub.snapshot_download", FakeHub())
    for only in ("translator", "generator"):
        assert run_cli(settings, "models", "pull", "--only", only)[0] == 0
    code, out = run_cli(settings, "models", "status")
    assert code == 0, out  # drafts are optional
    assert LORA in out and "MISSING" in out


def test_a_missing_preview_decoder_is_reported_but_does_not_fail_status(
    settings: Settings, monkeypatch
) -> None:
    monkeypatch.setattr("huggingface_hub.snapshot_download", FakeHub())
    for only in ("translator", "generator"):
        assert run_cli(settings, "models", "pull", "--only", only)[0] == 0
    code, out = run_cli(settings, "models", "status")
    assert code == 0, out  # previews fall back to the linear approximation
    assert TAESD in out and "MISSING" in out
    hub = FakeHub()
    monkeypatch.setattr("huggingface_hub.snapshot_download", hub)
    assert run_cli(settings, "models", "pull", "--only", "preview")[0] == 0
    assert [r for r, _ in hub.calls] == [TAESD]
    assert files_in(Path(settings.models_dir), TAESD) == EXPECTED[TAESD]


def test_pull_falls_back_to_full_precision_when_a_repo_has_no_fp16_files(
    settings: Settings, monkeypatch
) -> None:
    monkeypatch.setitem(HUB, GENERATOR, [n for n in HUB[GENERATOR] if ".fp16." not in n])
    hub = FakeHub()
    monkeypatch.setattr("huggingface_hub.snapshot_download", hub)
    code, _ = run_cli(settings, "models", "pull", "--only", "generator")
    assert code == 0
    assert len(hub.calls) == 2
    assert "unet/diffusion_pytorch_model.safetensors" in files_in(Path(settings.models_dir), GENERATOR)


def test_incomplete_download_is_reported_with_the_missing_files(settings: Settings) -> None:
    snap = snapshot_dir(Path(settings.models_dir), TRANSLATOR)
    snap.mkdir(parents=True)
    for name in ("config.json", "source.spm", "vocab.json"):
        (snap / name).write_text("{}")
    status = models.check(models.translator_spec(TRANSLATOR), settings.models_dir)
    assert not status.present
    assert status.missing_files == ("target.spm", "model.safetensors | pytorch_model.bin")


def test_real_engine_without_weights_names_the_model_and_the_pull_command(settings: Settings) -> None:
    with pytest.raises(ModelsMissing) as err:
        build_engine(
            "real",
            device="cpu",
            translator_model=TRANSLATOR,
            generator_model=GENERATOR,
            models_dir=settings.models_dir,
        )
    message = str(err.value)
    assert TRANSLATOR in message and GENERATOR in message
    assert "tortodelova models pull" in message
    assert [m.role for m in err.value.missing] == ["translator", "generator"]


def test_auto_engine_is_demo_without_weights(settings: Settings) -> None:
    assert engine_kind("auto", TRANSLATOR, GENERATOR, settings.models_dir) == "demo"
    assert ml_engine.engine_mode(settings) == "demo"
    assert engine_kind("real", TRANSLATOR, GENERATOR, settings.models_dir) == "real"
    with pytest.raises(ValueError, match="unknown ML engine"):
        engine_kind("fast", TRANSLATOR, GENERATOR, settings.models_dir)


def test_modules_the_api_imports_do_not_import_torch() -> None:
    code = (
        "import sys\n"
        "import tortodelova.adapters.ml.glossary, tortodelova.adapters.ml.prompts, tortodelova.adapters.ml.models\n"
        "import tortodelova.adapters.ml.engine, tortodelova.adapters.ml.png, tortodelova.adapters.ml.translator\n"
        "import tortodelova.adapters.ml.generator, tortodelova.adapters.ml.tiny, tortodelova.entrypoints.cli.models\n"
        "heavy = [m for m in ('torch', 'transformers', 'diffusers') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_missing_upscaler_is_reported_but_does_not_fail_status(settings: Settings, monkeypatch) -> None:
    monkeypatch.setattr("huggingface_hub.snapshot_download", FakeHub())
    for only in ("translator", "generator"):
        assert run_cli(settings, "models", "pull", "--only", only)[0] == 0
    code, out = run_cli(settings, "models", "status")
    assert code == 0, out  # upscales are refused until it is pulled; generation works
    assert UPSCALER in out and "MISSING" in out
    hub = FakeHub()
    monkeypatch.setattr("huggingface_hub.snapshot_download", hub)
    assert run_cli(settings, "models", "pull", "--only", "upscaler")[0] == 0
    assert [r for r, _ in hub.calls] == [UPSCALER]  # just the x4plus file of the repo
    assert files_in(Path(settings.models_dir), UPSCALER) == EXPECTED[UPSCALER]

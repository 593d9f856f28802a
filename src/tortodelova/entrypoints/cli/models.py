"""`tortodelova models pull|status`.

cli.py calls `register(subparsers, settings_factory)`; each subcommand sets `fn(args) -> int`
(the exit code) on the parsed namespace. Building the engine from settings is in ml_engine.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from tortodelova.adapters.ml.models import (
    ModelStatus,
    check,
    generator_spec,
    human_size,
    lora_spec,
    model_statuses,
    pull,
    taesd_spec,
    translator_spec,
    upscaler_spec,
)
from tortodelova.entrypoints.config.settings import Settings

SettingsFactory = Callable[[], Settings]


def _print_status(statuses: list[ModelStatus], out: TextIO) -> None:
    for s in statuses:
        state = "present" if s.present else "MISSING"
        print(
            f"{s.role:<10} {s.model_id:<32} {state:<8} {human_size(s.size_bytes):>10}  {s.path or '-'}",
            file=out,
        )
        if not s.present:
            print(f"{'':<10} missing: {', '.join(s.missing_files)}", file=out)


def cmd_status(settings: Settings, args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    statuses = model_statuses(
        settings.translator_model, settings.generator_model, settings.models_dir or None
    )
    required = all(s.present for s in statuses)
    if settings.draft_lora:  # optional: reported, but its absence only turns drafts off
        statuses.append(check(lora_spec(settings.draft_lora), settings.models_dir or None))
    if settings.preview_decoder:  # optional: without it previews use the linear approximation
        statuses.append(check(taesd_spec(settings.preview_decoder), settings.models_dir or None))
    if settings.upscaler_model:  # optional: without it upscales for print are refused
        statuses.append(check(upscaler_spec(settings.upscaler_model), settings.models_dir or None))
    if getattr(args, "json", False):
        print(json.dumps([s.as_dict() for s in statuses], ensure_ascii=False, indent=2), file=out)
    else:
        print(f"models dir: {settings.models_dir or '(default Hugging Face cache)'}", file=out)
        _print_status(statuses, out)
        if not all(s.present for s in statuses):
            print("Fetch the missing models with `tortodelova models pull`.", file=out)
    return 0 if required else 1


def cmd_pull(settings: Settings, args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    specs = []
    if args.only in (None, "translator"):
        specs.append(translator_spec(settings.translator_model))
    if args.only in (None, "generator"):
        specs.append(generator_spec(settings.generator_model))
    if args.only in (None, "lora") and settings.draft_lora:
        specs.append(lora_spec(settings.draft_lora))
    if args.only in (None, "preview") and settings.preview_decoder:
        specs.append(taesd_spec(settings.preview_decoder))
    if args.only in (None, "upscaler") and settings.upscaler_model:
        specs.append(upscaler_spec(settings.upscaler_model))
    results = []
    for spec in specs:
        print(f"pulling {spec.role} {spec.model_id} ...", file=out, flush=True)
        results.append(pull(spec, settings.models_dir or None))
    _print_status(results, out)
    return 0 if all(s.present for s in results) else 1


def register(subparsers: Any, settings_factory: SettingsFactory) -> None:
    """Add `models pull` and `models status` to the main CLI's subparsers."""
    models = subparsers.add_parser("models", help="download and inspect the ML model weights")
    sub = models.add_subparsers(dest="models_command", required=True)

    p_pull = sub.add_parser(
        "pull",
        help=(
            "download the translator, the image model, the draft LCM-LoRA, the previews' TAESD and "
            "the print upscaler (Real-ESRGAN x4plus) into MODELS_DIR (resumable)"
        ),
    )
    p_pull.add_argument(
        "--only",
        choices=("translator", "generator", "lora", "preview", "upscaler"),
        help="fetch just one model",
    )
    p_pull.set_defaults(fn=lambda args: cmd_pull(settings_factory(), args))

    p_status = sub.add_parser(
        "status", help="which models are present, where, and their sizes (exit 1 if any missing)"
    )
    p_status.add_argument("--json", action="store_true", help="machine-readable output")
    p_status.set_defaults(fn=lambda args: cmd_status(settings_factory(), args))

"""Tiny random-weight models of the production classes, built in-process and seeded (deterministic).

Used by the demo engine (the service runs offline; images are noise, translations are word salad
plus glossary terms) and by the tests, which save them with save_pretrained and load them back
through the production loaders. Same classes as the real models: MarianMTModel + MarianTokenizer
(sentencepiece trained here), StableDiffusionPipeline with CLIPTokenizer/CLIPTextModel,
UNet2DConditionModel and AutoencoderKL.

Sizes: the VAE keeps SD's 8x downsampling (4 levels), so a 512x512 request really renders
512x512 from 64x64 latents; the UNet keeps self-attention off the 64x64 level (attention only at
16x16), which keeps 25 steps at 512x512 well under a second on two CPU cores.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tortodelova.adapters.ml.glossary import GLOSSARY, has_cyrillic
from tortodelova.domain.styles import NEGATIVE_BASE, PHOTO_PROMPT, STYLES

DEMO_TRANSLATOR_ID = "demo/tiny-random-marian"
DEMO_GENERATOR_ID = "demo/tiny-random-sd15"
# Source and decoder positions, as opus-mt-ru-en: MarianMT asks for up to 512 decoder tokens and a
# 1000-character prompt needs several hundred source tokens; a smaller table fails with IndexError.
MAX_POSITIONS = 512
# The demo translator's output is word salad (plus the glossary's terms): a short one will do.
DEMO_MAX_NEW_TOKENS = 32

_RU_SENTENCES = (
    "торт на день рождения с ягодами и свечами",
    "свадебный торт с живыми цветами и золотом",
    "детский торт с фигурками из мастики",
    "шоколадный торт с подтёками и макаронс",
    "белый торт в стиле минимализм с одним цветком",
    "розовый торт с кремом и клубникой",
    "голубой торт с облаками и радугой",
    "торт для мамы с надписью и бантом",
    "квадратный торт с геометрическим узором",
    "круглый торт с зеркальной глазурью и безе",
)


def _corpus() -> tuple[list[str], list[str]]:
    ru = list(_RU_SENTENCES)
    en = [PHOTO_PROMPT, NEGATIVE_BASE, "a cake with berries and candles", "wedding cake with flowers"]
    for term in GLOSSARY:
        ru.extend(term.forms)
        en.append(term.en)
    for style in STYLES.values():
        ru.extend([style.title, style.description])
        en.extend([style.prompt, style.negative])
    return ru, en


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    import torch

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


# --- Marian ----------------------------------------------------------------------------------


def _train_sentencepiece(lines: Iterable[str], vocab_size: int) -> bytes:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(lines)),
        model_writer=buf,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,  # deterministic
        minloglevel=2,
    )
    return buf.getvalue()


def build_tiny_marian(seed: int = 0, vocab_size: int = 600) -> tuple[Any, Any]:
    """(MarianMTModel, MarianTokenizer) with random weights and a sentencepiece vocabulary trained
    on Russian and English baking phrases. Generation never emits Cyrillic pieces, so the demo's
    "translations" are Latin word salad."""
    import sentencepiece as spm
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    ru, en = _corpus()
    proto = _train_sentencepiece(ru + en, vocab_size)
    sp = spm.SentencePieceProcessor(model_proto=proto)
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    words = [p for p in pieces if p not in ("<unk>", "<s>", "</s>", "<pad>")]
    vocab = {"</s>": 0, "<unk>": 1, **{p: i + 2 for i, p in enumerate(words)}}
    vocab["<pad>"] = len(vocab)
    pad = vocab["<pad>"]

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "source.spm").write_bytes(proto)
        (d / "target.spm").write_bytes(proto)
        (d / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        # model_max_length as opus-mt's: the tokenizer truncates what the position table cannot hold.
        tokenizer = MarianTokenizer(
            str(d / "source.spm"),
            str(d / "target.spm"),
            str(d / "vocab.json"),
            model_max_length=MAX_POSITIONS,
        )
        # The tokenizer keeps the sentencepiece models in memory; save_pretrained re-serialises them.

    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=32,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=MAX_POSITIONS,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
    )
    with _seeded(seed):
        model = MarianMTModel(config).eval()
    cyrillic = [i for p, i in vocab.items() if has_cyrillic(p)]
    model.generation_config = GenerationConfig(
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        pad_token_id=pad,
        bad_words_ids=[[pad]],
        num_beams=4,
        suppress_tokens=cyrillic,
    )
    return model, tokenizer


# --- CLIP tokenizer --------------------------------------------------------------------------


def _bytes_to_unicode() -> dict[int, str]:
    """GPT-2/CLIP byte -> printable character table."""
    bs = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("¡"), ord("¬") + 1))
        + list(range(ord("®"), ord("ÿ") + 1))
    )
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs), strict=True))


def _learn_bpe(texts: Iterable[str], n_merges: int) -> list[tuple[str, str]]:
    """Plain BPE over CLIP's word representation (last symbol carries '</w>'); ties break by text."""
    counts = Counter(w for t in texts for w in re.findall(r"[a-z]+", t.lower()))
    words = {w: [*w[:-1], w[-1] + "</w>"] for w in counts}
    merges: list[tuple[str, str]] = []
    for _ in range(n_merges):
        pairs: Counter[tuple[str, str]] = Counter()
        for w, syms in words.items():
            for a, b in zip(syms, syms[1:], strict=False):
                pairs[(a, b)] += counts[w]
        if not pairs:
            break
        best = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))[0]
        merges.append(best)
        for w, syms in words.items():
            out, i = [], 0
            while i < len(syms):
                if i + 1 < len(syms) and (syms[i], syms[i + 1]) == best:
                    out.append(syms[i] + syms[i + 1])
                    i += 2
                else:
                    out.append(syms[i])
                    i += 1
            words[w] = out
    return merges


def build_tiny_clip_tokenizer(n_merges: int = 400) -> Any:
    from transformers import CLIPTokenizer

    _, en = _corpus()
    merges = _learn_bpe(en, n_merges)
    chars = list(_bytes_to_unicode().values())
    tokens = (
        chars
        + [c + "</w>" for c in chars]
        + [a + b for a, b in merges]
        + ["<|startoftext|>", "<|endoftext|>"]
    )
    vocab = {t: i for i, t in enumerate(dict.fromkeys(tokens))}
    return CLIPTokenizer(vocab=vocab, merges=merges, model_max_length=77)


# --- Stable Diffusion ------------------------------------------------------------------------

TINY_UNET = dict(
    sample_size=64,
    in_channels=4,
    out_channels=4,
    block_out_channels=(16, 32, 32),
    layers_per_block=1,
    down_block_types=("DownBlock2D", "DownBlock2D", "CrossAttnDownBlock2D"),
    up_block_types=("CrossAttnUpBlock2D", "UpBlock2D", "UpBlock2D"),
    cross_attention_dim=32,
    attention_head_dim=4,
    norm_num_groups=8,
)
TINY_VAE = dict(
    block_out_channels=(8, 8, 8, 8),
    down_block_types=("DownEncoderBlock2D",) * 4,
    up_block_types=("UpDecoderBlock2D",) * 4,
    layers_per_block=1,
    latent_channels=4,
    norm_num_groups=8,
    sample_size=512,
)
SD_SCHEDULER = dict(
    num_train_timesteps=1000,
    beta_start=0.00085,
    beta_end=0.012,
    beta_schedule="scaled_linear",
    steps_offset=1,
    prediction_type="epsilon",
)


def build_tiny_sd_pipeline(seed: int = 0) -> Any:
    """StableDiffusionPipeline with random tiny weights (fp32, CPU), no safety checker."""
    from diffusers import (
        AutoencoderKL,
        DPMSolverMultistepScheduler,
        StableDiffusionPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel

    tokenizer = build_tiny_clip_tokenizer()
    vocab = tokenizer.get_vocab()
    text_config = CLIPTextConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        max_position_embeddings=77,
        projection_dim=32,
        bos_token_id=vocab["<|startoftext|>"],
        eos_token_id=vocab["<|endoftext|>"],
        pad_token_id=vocab["<|endoftext|>"],
    )
    with _seeded(seed):
        unet = UNet2DConditionModel(**TINY_UNET)
        vae = AutoencoderKL(**TINY_VAE)
        text_encoder = CLIPTextModel(text_config)
    return StableDiffusionPipeline(
        vae=vae.eval(),
        text_encoder=text_encoder.eval(),
        tokenizer=tokenizer,
        unet=unet.eval(),
        scheduler=DPMSolverMultistepScheduler(**SD_SCHEDULER, use_karras_sigmas=True),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )


TINY_TAESD = dict(
    encoder_block_out_channels=(8, 8, 8, 8),
    decoder_block_out_channels=(8, 8, 8, 8),
    num_encoder_blocks=(1, 1, 1, 1),
    num_decoder_blocks=(1, 1, 1, 1),
    latent_channels=4,
)


def build_tiny_taesd(seed: int = 2) -> Any:
    """AutoencoderTiny (TAESD's class) with random tiny weights: the demo engine's preview decoder."""
    from diffusers import AutoencoderTiny

    with _seeded(seed):
        return AutoencoderTiny(**TINY_TAESD).eval()


# --- LCM-LoRA stand-in -----------------------------------------------------------------------

LORA_TARGETS = ("to_q", "to_k", "to_v", "to_out.0")


def build_tiny_lora(unet: Any, seed: int = 1, rank: int = 4) -> dict[str, Any]:
    """A random-weight LoRA for `unet`'s attention projections, in the layout `save_lora_weights`
    expects for `unet_lora_layers` (what the LCM-LoRA file holds for SD 1.5). Both LoRA matrices are
    random (peft zeroes B by default), so the adapter really changes the output."""
    import copy

    from diffusers.utils import convert_state_dict_to_diffusers
    from peft import LoraConfig, get_peft_model_state_dict

    scratch = copy.deepcopy(unet)
    config = LoraConfig(r=rank, lora_alpha=rank, target_modules=list(LORA_TARGETS), init_lora_weights=False)
    with _seeded(seed):
        scratch.add_adapter(config)
    return convert_state_dict_to_diffusers(get_peft_model_state_dict(scratch))


def save_tiny_lora(unet: Any, directory: str | Path, seed: int = 1, rank: int = 4) -> Path:
    """Write `build_tiny_lora` as a LoRA repo (pytorch_lora_weights.safetensors) into `directory`."""
    from diffusers import StableDiffusionPipeline

    StableDiffusionPipeline.save_lora_weights(
        str(directory), unet_lora_layers=build_tiny_lora(unet, seed, rank), safe_serialization=True
    )
    return Path(directory)

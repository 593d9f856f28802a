"""Russian -> English: MarianMT (Helsinki-NLP/opus-mt-ru-en) behind a cache, plus the glossary.

`GlossaryTranslator` is the Translator port: Latin-only text passes through; from Cyrillic text the
phrases it negates are cut out (glossary/negation.py), the rest is split into sentences and sent to an
MT function, and the glossary makes the baking terms right. The negated phrases come back apart, in
English, for the negative prompt (`Translation.avoid`). It caches whole prompts (LRU).
`MarianTranslator` plugs MarianMT (beam search, batched) into it.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tortodelova.adapters.ml.glossary import GLOSSARY, Term, enforce_terms, has_cyrillic, split_description
from tortodelova.application.ports.ml import Translation

MachineTranslation = Callable[[list[str]], list[str]]  # Russian sentences -> English, same order

# opus-mt is trained on sentences: long multi-sentence prompts come out truncated if sent whole.
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…;])\s+|\s*\n+\s*")


def _clean(text: str) -> str:
    return " ".join(text.split())


def split_sentences(text: str) -> list[str]:
    return [s for s in (_clean(p) for p in _SENTENCE_SPLIT.split(text)) if s]


class GlossaryTranslator:
    """Implements the Translator port over any MT function. Thread-safe; blocking.

    Results are kept in an LRU cache keyed by the whitespace-normalised source, so the same Russian
    prompt goes through the model once.
    """

    def __init__(
        self,
        mt: MachineTranslation,
        *,
        model_id: str,
        glossary: Sequence[Term] = GLOSSARY,
        cache_size: int = 2048,
        is_demo: bool = False,
    ) -> None:
        self.mt = mt
        self.model_id = model_id
        self.glossary = tuple(glossary)
        self.is_demo = is_demo
        self.mt_sentences = 0  # sentences sent to the MT model (observability, cache tests)
        self._cache: OrderedDict[str, Translation] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        keys = [_clean(t) for t in texts]
        with self._lock:
            found: dict[str, Translation] = {}
            for k in keys:
                if k in self._cache:
                    self._cache.move_to_end(k)
                    found[k] = self._cache[k]
            todo = list(dict.fromkeys(k for k in keys if k not in found))
            if todo:
                for key, english in zip(todo, self._translate_uncached(todo), strict=True):
                    found[key] = english
                    self._remember(key, english)
            return [found[k] for k in keys]

    def _remember(self, key: str, value: Translation) -> None:
        self._cache[key] = value
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _translate_uncached(self, texts: list[str]) -> list[Translation]:
        # Negated phrases are cut out before MT: «без мастики» must not become "without fondant" in
        # the positive prompt, where the model would draw the fondant.
        parts = [split_description(t, self.glossary) if has_cyrillic(t) else None for t in texts]
        sentences = [split_sentences(p.kept) if p else [] for p in parts]
        asked = [s for sents in sentences for s in sents]
        asked += [n.source for p in parts if p for n in p.negated if not n.covered]
        unique = list(dict.fromkeys(s for s in asked if has_cyrillic(s)))
        if unique:
            english_sentences = self.mt(unique)
            self.mt_sentences += len(unique)
        else:
            english_sentences = []
        # An empty MT output keeps the source sentence rather than losing it.
        mt = {src: (_clean(en) or src) for src, en in zip(unique, english_sentences, strict=True)}
        out = []
        for text, part, sents in zip(texts, parts, sentences, strict=True):
            if part is None:  # already English (or digits, emoji): no MT
                out.append(Translation(text))
                continue
            english = _clean(" ".join(mt.get(s, s) for s in sents))
            avoid = (
                ", ".join(h.term.en for h in n.hits)
                if n.covered
                else enforce_terms(mt.get(n.source, n.source), n.hits)
                for n in part.negated
            )
            out.append(Translation(enforce_terms(english, part.hits), tuple(dict.fromkeys(avoid))))
        return out


class MarianMT:
    """MarianMT generation: beam search, batches of similar-length sentences."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        device: str = "cpu",
        num_beams: int = 4,
        batch_size: int = 16,
        generate_kwargs: dict[str, Any] | None = None,
    ) -> None:
        self.model = model.to(device).eval()
        self.tokenizer = tokenizer
        self.device = device
        self.num_beams = num_beams
        self.batch_size = batch_size
        self.generate_kwargs = dict(generate_kwargs or {})

    def __call__(self, sentences: list[str]) -> list[str]:
        import torch

        results: dict[str, str] = {}
        # Similar lengths in one batch waste less padding in beam search.
        ordered = sorted(set(sentences), key=lambda s: (len(s), s))
        for i in range(0, len(ordered), self.batch_size):
            chunk = ordered[i : i + self.batch_size]
            enc = self.tokenizer(chunk, return_tensors="pt", padding=True, truncation=True).to(self.device)
            n_src = int(enc["input_ids"].shape[1])
            kwargs = {
                "num_beams": self.num_beams,
                "do_sample": False,
                "max_length": min(512, int(n_src * 1.6) + 10),  # decoder tokens; ru -> en is shorter
                **self.generate_kwargs,
            }
            if "max_new_tokens" in kwargs:
                kwargs.pop("max_length")
            with torch.inference_mode():
                ids = self.model.generate(**enc, **kwargs)
            for src, english in zip(
                chunk, self.tokenizer.batch_decode(ids, skip_special_tokens=True), strict=True
            ):
                results[src] = english
        return [results[s] for s in sentences]


class MarianTranslator(GlossaryTranslator):
    """The production translator: MarianMT + glossary + cache."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        model_id: str,
        device: str = "cpu",
        num_beams: int = 4,
        batch_size: int = 16,
        generate_kwargs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self.backend = MarianMT(
            model,
            tokenizer,
            device=device,
            num_beams=num_beams,
            batch_size=batch_size,
            generate_kwargs=generate_kwargs,
        )
        self.device = device
        super().__init__(self.backend, model_id=model_id, **kwargs)

    @classmethod
    def load(
        cls, model_id: str, *, device: str = "auto", cache_dir: str | None = None, **kwargs: Any
    ) -> MarianTranslator:
        """Load from a local directory or the local HF cache only (never downloads)."""
        from transformers import MarianMTModel, MarianTokenizer

        from tortodelova.adapters.ml.device import resolve_device
        from tortodelova.adapters.ml.models import ModelsMissing, check, translator_spec

        status = check(translator_spec(model_id), cache_dir)
        if not status.present:
            raise ModelsMissing([status])
        path = Path(str(status.path))
        tokenizer = MarianTokenizer.from_pretrained(path, local_files_only=True)
        model = MarianMTModel.from_pretrained(path, local_files_only=True)
        return cls(model, tokenizer, model_id=model_id, device=resolve_device(device), **kwargs)

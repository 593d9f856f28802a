"""Setting an inscription on a design's picture."""

from __future__ import annotations

from typing import Protocol

from tortodelova.domain.inscription import InscriptionSpec


class InscriptionRenderer(Protocol):
    def render(self, picture: bytes, spec: InscriptionSpec) -> bytes:
        """The design's PNG with the inscription drawn on it, as a PNG of the same size. Blocking."""
        ...

"""Pictures a user uploads: a reference to start a generation from, or a mask of the area to redraw."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


class UploadPurpose(enum.StrEnum):
    REFERENCE = "reference"  # an RGB picture a generation starts from (img2img)
    MASK = "mask"  # 8-bit grayscale, white = the area to redraw (inpainting)


@dataclass(frozen=True, slots=True)
class Upload:
    """A verified, metadata-free PNG kept privately in the object store under `object_key`."""

    id: UUID
    user_id: UUID
    purpose: UploadPurpose
    width: int
    height: int
    object_key: str
    created_at: datetime


def upload_key(user_id: UUID, upload_id: UUID) -> str:
    """Deterministic object key of an upload (always stored as PNG)."""
    return f"uploads/{user_id}/{upload_id}.png"

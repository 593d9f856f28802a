"""Rows <-> domain dataclasses. Rows come back as mappings (column name -> value).

Stored values are trusted: they are rebuilt with the plain constructors, not re-validated with
`Email.parse` / `GenerationParams.create`, so tightening a validation rule never makes old rows
unreadable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import RowMapping

from tortodelova.application.ports.queue import WorkerSeen
from tortodelova.domain.generation import DesignKind, GenerationParams, PredictionRequest, Quality, Status
from tortodelova.domain.tokens import RefreshToken
from tortodelova.domain.transactions import Transaction, TxKind, TxType
from tortodelova.domain.uploads import Upload, UploadPurpose
from tortodelova.domain.users import Email, Role, User

# SQLAlchemy's RowMapping is keyed by column names and Column objects alike.
Row = RowMapping | Mapping[str, Any]


# --- users ---------------------------------------------------------------------------------------
def user_from_row(row: Row) -> User:
    return User(
        id=row["id"],
        email=Email(row["email"]),
        hashed_password=row["hashed_password"],
        role=Role(row["role"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        balance_credits=row["balance_credits"],
        reserved_credits=row["reserved_credits"],
        is_active=row["is_active"],
    )


def user_values(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email.value.lower(),
        "hashed_password": user.hashed_password,
        "role": user.role.value,
        "balance_credits": user.balance_credits,
        "reserved_credits": user.reserved_credits,
        "is_active": user.is_active,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
    }


# --- transactions --------------------------------------------------------------------------------
def transaction_from_row(row: Row) -> Transaction:
    return Transaction(
        id=row["id"],
        user_id=row["user_id"],
        amount=row["amount"],
        type=TxType(row["type"]),
        kind=TxKind(row["kind"]),
        description=row["description"],
        created_at=row["created_at"],
        prediction_request_id=row["prediction_request_id"],
        idempotency_key=row["idempotency_key"],
        created_by=row["created_by"],
        payment_id=row["payment_id"],
    )


def transaction_values(tx: Transaction) -> dict[str, Any]:
    return {
        "id": tx.id,
        "user_id": tx.user_id,
        "amount": tx.amount,
        "type": tx.type.value,
        "kind": tx.kind.value,
        "description": tx.description,
        "prediction_request_id": tx.prediction_request_id,
        "idempotency_key": tx.idempotency_key,
        "created_by": tx.created_by,
        "created_at": tx.created_at,
        "payment_id": tx.payment_id,
    }


# --- prediction requests -------------------------------------------------------------------------
def request_from_row(row: Row) -> PredictionRequest:
    params = GenerationParams(
        prompt_ru=row["prompt_ru"],
        style=row["style"],
        negative_prompt_ru=row["negative_prompt_ru"],
        width=row["width"],
        height=row["height"],
        steps=row["steps"],
        guidance=row["guidance"],
        seed=row["seed"],
        quality=Quality(row["quality"]),
        strength=row["strength"],
    )
    return PredictionRequest(
        id=row["id"],
        user_id=row["user_id"],
        params=params,
        model=row["model"],
        credits_reserved=row["credits_reserved"],
        created_at=row["created_at"],
        status=Status(row["status"]),
        prompt_en=row["prompt_en"],
        negative_prompt=row["negative_prompt"],
        s3_key=row["s3_key"],
        public_url=row["public_url"],
        credits_spent=row["credits_spent"],
        progress=row["progress"],
        error=row["error"],
        attempts=row["attempts"],
        lease_owner=row["lease_owner"],
        lease_expires_at=row["lease_expires_at"],
        lease_seq=row["lease_seq"],
        idempotency_key=row["idempotency_key"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        group_id=row["group_id"],
        variant_index=row["variant_index"],
        init_upload_id=row["init_upload_id"],
        init_generation_id=row["init_generation_id"],
        init_object_key=row["init_object_key"],
        mask_upload_id=row["mask_upload_id"],
        mask_object_key=row["mask_object_key"],
        favorite=row["favorite"],
        deleted_at=row["deleted_at"],
        kind=DesignKind(row["kind"]),
        parent_id=row["parent_id"],
    )


def request_state_values(request: PredictionRequest) -> dict[str, Any]:
    """Everything a transition or the owner may change (the parameters and the reservation never change)."""
    return {
        "status": request.status.value,
        "prompt_en": request.prompt_en,
        "negative_prompt": request.negative_prompt,
        "s3_key": request.s3_key,
        "public_url": request.public_url,
        "credits_spent": request.credits_spent,
        "progress": request.progress,
        "error": request.error,
        "attempts": request.attempts,
        "lease_owner": request.lease_owner,
        "lease_expires_at": request.lease_expires_at,
        "lease_seq": request.lease_seq,
        "started_at": request.started_at,
        "finished_at": request.finished_at,
        "favorite": request.favorite,
        "deleted_at": request.deleted_at,
    }


def request_values(request: PredictionRequest) -> dict[str, Any]:
    p = request.params
    return {
        "id": request.id,
        "user_id": request.user_id,
        "prompt_ru": p.prompt_ru,
        "negative_prompt_ru": p.negative_prompt_ru,
        "style": p.style,
        "width": p.width,
        "height": p.height,
        "steps": p.steps,
        "guidance": p.guidance,
        "seed": p.seed,
        "quality": p.quality.value,
        "strength": p.strength,
        "model": request.model,
        "credits_reserved": request.credits_reserved,
        "idempotency_key": request.idempotency_key,
        "created_at": request.created_at,
        "group_id": request.group_id,
        "variant_index": request.variant_index,
        "init_upload_id": request.init_upload_id,
        "init_generation_id": request.init_generation_id,
        "init_object_key": request.init_object_key,
        "mask_upload_id": request.mask_upload_id,
        "mask_object_key": request.mask_object_key,
        "kind": request.kind.value,
        "parent_id": request.parent_id,
        **request_state_values(request),
    }


# --- uploads -------------------------------------------------------------------------------------
def upload_from_row(row: Row) -> Upload:
    return Upload(
        id=row["id"],
        user_id=row["user_id"],
        purpose=UploadPurpose(row["purpose"]),
        width=row["width"],
        height=row["height"],
        object_key=row["object_key"],
        created_at=row["created_at"],
    )


def upload_values(upload: Upload) -> dict[str, Any]:
    return {
        "id": upload.id,
        "user_id": upload.user_id,
        "purpose": upload.purpose.value,
        "width": upload.width,
        "height": upload.height,
        "object_key": upload.object_key,
        "created_at": upload.created_at,
    }


# --- refresh tokens and workers ------------------------------------------------------------------
def refresh_token_from_row(row: Row) -> RefreshToken:
    return RefreshToken(
        id=row["id"],
        user_id=row["user_id"],
        family_id=row["family_id"],
        token_hash=row["token_hash"],
        expires_at=row["expires_at"],
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
        replaced_by=row["replaced_by"],
    )


def refresh_token_values(token: RefreshToken) -> dict[str, Any]:
    return {
        "id": token.id,
        "user_id": token.user_id,
        "family_id": token.family_id,
        "token_hash": token.token_hash,
        "expires_at": token.expires_at,
        "created_at": token.created_at,
        "revoked_at": token.revoked_at,
        "replaced_by": token.replaced_by,
    }


def worker_from_row(row: Row) -> WorkerSeen:
    return WorkerSeen(id=row["id"], last_seen=row["last_seen"], jobs_done=row["jobs_done"])

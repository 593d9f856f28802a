"""Private objects (uploads/) on a real S3 server: no anonymous read, presigned URLs work, get()."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tortodelova.adapters.storage.s3 import PRIVATE_CACHE_CONTROL, S3ObjectStore, public_read_policy
from tortodelova.application.ports.errors import ObjectNotFound
from tortodelova.devstack.seaweed import EmbeddedS3

from .conftest import s3_config_for


def upload_key() -> str:
    return f"uploads/{uuid.uuid4()}/{uuid.uuid4()}.png"


async def test_private_object_is_refused_anonymously_and_served_by_its_presigned_url(
    s3_store: S3ObjectStore,
) -> None:
    key, data = upload_key(), b"\x89PNG private bytes"
    await s3_store.put_private(key, data, "image/png")

    async with httpx.AsyncClient() as http:
        anonymous = await http.get(s3_store.public_url(key))
        signed = await http.get(s3_store.presigned_url(key, 60))
    assert anonymous.status_code == 403
    assert data not in anonymous.content
    assert signed.status_code == 200
    assert signed.content == data
    assert signed.headers["content-type"] == "image/png"
    assert signed.headers["cache-control"] == PRIVATE_CACHE_CONTROL


async def test_a_tampered_or_expired_presigned_url_is_refused(s3_store: S3ObjectStore) -> None:
    key, other = upload_key(), upload_key()
    await s3_store.put_private(key, b"mine", "image/png")
    await s3_store.put_private(other, b"someone else's", "image/png")
    url = s3_store.presigned_url(key, 60)

    async with httpx.AsyncClient() as http:
        swapped = await http.get(url.replace(key, other))
        expired = await http.get(
            s3_store.presigned_url(key, 60).replace("X-Amz-Expires=60", "X-Amz-Expires=0")
        )
    assert swapped.status_code == 403
    assert expired.status_code == 403


async def test_public_designs_stay_public_next_to_private_uploads(s3_store: S3ObjectStore) -> None:
    design = f"designs/{uuid.uuid4()}/{uuid.uuid4()}.png"
    await s3_store.put(design, b"public", "image/png")

    async with httpx.AsyncClient() as http:
        assert (await http.get(s3_store.public_url(design))).content == b"public"


async def test_get_reads_a_private_object_back_and_reports_a_missing_one(s3_store: S3ObjectStore) -> None:
    key = upload_key()
    await s3_store.put_private(key, b"init image", "image/png")

    assert await s3_store.get(key) == b"init image"
    with pytest.raises(ObjectNotFound):
        await s3_store.get(upload_key())


async def test_put_private_refuses_a_public_key(s3_store: S3ObjectStore) -> None:
    with pytest.raises(ValueError, match="public prefix"):
        await s3_store.put_private("designs/u/r.png", b"x", "image/png")


async def test_presigned_url_is_signed_for_the_public_endpoint(embedded_s3: EmbeddedS3) -> None:
    store = S3ObjectStore(s3_config_for(embedded_s3, public_endpoint="https://cakes.example.com"))
    url = store.presigned_url("uploads/u/a.png", 300)
    assert url.startswith(f"https://cakes.example.com/{embedded_s3.bucket}/uploads/u/a.png?")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url


def test_bucket_policy_grants_anonymous_read_of_designs_only() -> None:
    policy = public_read_policy("cakes")
    assert '"arn:aws:s3:::cakes/designs/*"' in policy
    assert "cakes/*" not in policy and "uploads" not in policy

"""S3ObjectStore against a real S3 server (embedded SeaweedFS): uploads, public reads, bucket setup, errors."""

from __future__ import annotations

import io
import uuid

import httpx
import pytest
from botocore.exceptions import ClientError
from PIL import Image

from tortodelova.adapters.storage.s3 import (
    DEFAULT_CACHE_CONTROL,
    S3ObjectStore,
    StorageError,
    is_transient,
)
from tortodelova.application.ports.errors import TransientError
from tortodelova.devstack.net import free_port
from tortodelova.devstack.seaweed import EmbeddedS3

from .conftest import s3_config_for


def png_bytes(color: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buf, format="PNG")
    return buf.getvalue()


def new_key() -> str:
    return f"designs/{uuid.uuid4()}/{uuid.uuid4()}.png"


async def test_uploaded_image_is_served_anonymously_with_its_content_type(s3_store: S3ObjectStore) -> None:
    key, data = new_key(), png_bytes((200, 120, 160))

    await s3_store.put(key, data, "image/png")

    async with httpx.AsyncClient() as http:
        response = await http.get(s3_store.public_url(key))
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-type"] == "image/png"
    assert response.headers["cache-control"] == DEFAULT_CACHE_CONTROL


async def test_download_name_makes_the_object_an_attachment(s3_store: S3ObjectStore) -> None:
    key = new_key()
    await s3_store.put(key, png_bytes((9, 9, 9)), "image/png", download_name="tort-42.png")

    async with httpx.AsyncClient() as http:
        response = await http.get(s3_store.public_url(key))
    assert response.headers["content-disposition"] == 'attachment; filename="tort-42.png"'
    assert response.headers["content-type"] == "image/png"


async def test_put_overwrites_the_same_key(s3_store: S3ObjectStore) -> None:
    key = new_key()
    await s3_store.put(key, png_bytes((1, 2, 3)), "image/png")
    await s3_store.put(key, b"second version", "text/plain")

    async with httpx.AsyncClient() as http:
        response = await http.get(s3_store.public_url(key))
    assert (response.content, response.headers["content-type"]) == (b"second version", "text/plain")


async def test_public_url_is_endpoint_bucket_key(embedded_s3: EmbeddedS3) -> None:
    async with S3ObjectStore(s3_config_for(embedded_s3)) as store:
        assert (
            store.public_url("designs/u/r.png")
            == f"{embedded_s3.endpoint}/{embedded_s3.bucket}/designs/u/r.png"
        )
    cdn = S3ObjectStore(s3_config_for(embedded_s3, public_endpoint="https://cdn.example.com/"))
    assert (
        cdn.public_url("designs/u/r.png") == f"https://cdn.example.com/{embedded_s3.bucket}/designs/u/r.png"
    )


async def test_anonymous_clients_cannot_write_list_or_delete(s3_store: S3ObjectStore) -> None:
    key = new_key()
    await s3_store.put(key, b"original", "image/png")
    bucket_url = s3_store.public_url(key).removesuffix(f"/{key}")

    async with httpx.AsyncClient() as http:
        put = await http.put(
            s3_store.public_url(new_key()), content=b"x", headers={"content-type": "image/png"}
        )
        overwrite = await http.put(s3_store.public_url(key), content=b"evil")
        listing = await http.get(bucket_url)
        listing_v2 = await http.get(bucket_url, params={"list-type": "2"})
        delete = await http.delete(s3_store.public_url(key))
        after = await http.get(s3_store.public_url(key))

    assert [r.status_code for r in (put, overwrite, listing, listing_v2, delete)] == [403] * 5
    assert after.content == b"original"


async def test_ensure_bucket_is_idempotent(s3_store: S3ObjectStore) -> None:
    await s3_store.ensure_bucket()
    await s3_store.ensure_bucket()
    await s3_store.ping()


async def test_ensure_bucket_creates_a_missing_bucket_with_public_object_reads(
    embedded_s3: EmbeddedS3,
) -> None:
    # the embedded server's anonymous identity only covers its own bucket: reads here come from the policy,
    # which covers designs/ and not the private uploads/
    public_bucket, private_bucket = f"pub-{uuid.uuid4().hex[:12]}", f"priv-{uuid.uuid4().hex[:12]}"
    design, upload = "designs/u/a.png", "uploads/u/a.png"
    async with (
        S3ObjectStore(s3_config_for(embedded_s3, bucket=public_bucket)) as public,
        S3ObjectStore(s3_config_for(embedded_s3, bucket=private_bucket, public_read=False)) as private,
    ):
        with pytest.raises(StorageError):
            await public.ping()
        await public.ensure_bucket()
        await public.ensure_bucket()
        await private.ensure_bucket()
        await public.put(design, b"public", "image/png")
        await public.put_private(upload, b"an upload", "image/png")
        await private.put(design, b"private", "image/png")

        async with httpx.AsyncClient() as http:
            public_get = await http.get(public.public_url(design))
            public_list = await http.get(public.public_url(design).removesuffix("/designs/u/a.png"))
            upload_get = await http.get(public.public_url(upload))
            upload_signed = await http.get(public.presigned_url(upload, 60))
            private_get = await http.get(private.public_url(design))
    assert (public_get.status_code, public_get.content) == (200, b"public")
    assert public_list.status_code == 403
    assert upload_get.status_code == 403
    assert (upload_signed.status_code, upload_signed.content) == (200, b"an upload")
    assert private_get.status_code == 403


async def test_wrong_credentials_are_a_permanent_error(embedded_s3: EmbeddedS3) -> None:
    async with S3ObjectStore(
        s3_config_for(embedded_s3, secret_key="not-the-secret", max_attempts=1)
    ) as store:
        with pytest.raises(StorageError):
            await store.put(new_key(), b"x", "image/png")


async def test_unreachable_server_is_a_transient_error_after_retries() -> None:
    from tortodelova.adapters.storage.s3 import S3Config

    config = S3Config(
        endpoint=f"http://127.0.0.1:{free_port()}",
        access_key="a",
        secret_key="b",
        max_attempts=2,
        connect_timeout=1,
    )
    async with S3ObjectStore(config) as store:
        with pytest.raises(TransientError):
            await store.put(new_key(), b"x", "image/png")
        with pytest.raises(TransientError):
            await store.ping()


def client_error(status: int, code: str) -> ClientError:
    return ClientError({"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "PutObject")


def test_server_errors_and_throttling_are_transient_client_errors_are_not() -> None:
    assert is_transient(client_error(503, "ServiceUnavailable"))
    assert is_transient(client_error(500, "InternalError"))
    assert is_transient(client_error(400, "RequestTimeout"))
    assert is_transient(client_error(429, "TooManyRequests"))
    assert not is_transient(client_error(403, "AccessDenied"))
    assert not is_transient(client_error(404, "NoSuchBucket"))


async def test_store_must_be_started_before_use(embedded_s3: EmbeddedS3) -> None:
    store = S3ObjectStore(s3_config_for(embedded_s3))
    with pytest.raises(RuntimeError, match="start"):
        await store.put(new_key(), b"x", "image/png")
    await store.start()
    await store.ping()
    await store.close()
    await store.close()  # closing twice is harmless


async def test_delete_stops_anonymous_reads_and_tolerates_a_missing_key(s3_store: S3ObjectStore) -> None:
    key, other = new_key(), new_key()
    await s3_store.put(key, png_bytes((5, 5, 5)), "image/png")
    await s3_store.put(other, png_bytes((6, 6, 6)), "image/png")

    await s3_store.delete(key)
    await s3_store.delete(key)  # already gone: no error
    await s3_store.delete(new_key())  # never existed

    async with httpx.AsyncClient() as http:
        assert (await http.get(s3_store.public_url(key))).status_code in (403, 404)
        assert (await http.get(s3_store.public_url(other))).status_code == 200

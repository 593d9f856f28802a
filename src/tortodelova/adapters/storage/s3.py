"""ObjectStore on any S3 (MinIO, SeaweedFS, cloud) with aioboto3.

One client per process: `await store.start()` at app start (or `async with S3ObjectStore(cfg)`),
`await store.close()` at shutdown. Objects under the public prefixes (`designs/`) are public by URL:
public_url = {public endpoint}/{bucket}/{key}; every other key (`uploads/`) is private and read through
a presigned URL signed for the public endpoint (the host the browser sees).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol, Self
from urllib.parse import quote

import aioboto3
import aiohttp
import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

from tortodelova.application.ports.errors import ObjectNotFound, TransientError

log = logging.getLogger(__name__)

# keys are deterministic per request and written once before the request succeeds
DEFAULT_CACHE_CONTROL = "public, max-age=31536000, immutable"
# private objects: only ever fetched by a presigned URL, which is itself short-lived
PRIVATE_CACHE_CONTROL = "private, max-age=900"
# the only keys anonymous GET may read: finished designs (domain.generation's object keys)
PUBLIC_PREFIXES = ("designs/",)
# S3 error codes worth another try even without a 5xx status
TRANSIENT_CODES = frozenset(
    {
        "InternalError",
        "ServiceUnavailable",
        "SlowDown",
        "RequestTimeout",
        "RequestTimeTooSkewed",
        "Throttling",
        "ThrottlingException",
        "RequestLimitExceeded",
        "OperationAborted",
    }
)
MISSING_BUCKET_CODES = frozenset({"404", "NoSuchBucket", "NotFound"})
MISSING_KEY_CODES = frozenset({"404", "NoSuchKey", "NotFound"})


class StorageError(RuntimeError):
    """A storage failure that another try will not fix (access denied, missing bucket, bad request)."""


class S3Settings(Protocol):
    """The s3_* fields of entrypoints.config.settings.Settings (adapters must not import entrypoints).
    Read-only properties, so that the frozen Settings matches."""

    @property
    def s3_endpoint(self) -> str: ...

    @property
    def s3_public_endpoint(self) -> str: ...

    @property
    def s3_region(self) -> str: ...

    @property
    def s3_bucket(self) -> str: ...

    @property
    def s3_access_key(self) -> str: ...

    @property
    def s3_secret_key(self) -> str: ...

    @property
    def s3_addressing_style(self) -> str: ...


@dataclass(frozen=True, slots=True)
class S3Config:
    endpoint: str = ""  # empty -> AWS
    bucket: str = "tortodelova"
    region: str = "us-east-1"
    access_key: str = ""  # empty -> the default AWS credential chain
    secret_key: str = ""
    public_endpoint: str = ""  # empty -> endpoint
    addressing_style: str = "path"  # path | virtual | auto
    retry_mode: str = "standard"  # standard | adaptive (botocore)
    max_attempts: int = 5
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    cache_control: str = DEFAULT_CACHE_CONTROL
    public_read: bool = True  # ensure_bucket sets an anonymous-GetObject policy on public_prefixes
    public_prefixes: tuple[str, ...] = PUBLIC_PREFIXES

    @classmethod
    def from_settings(cls, settings: S3Settings, **overrides: Any) -> S3Config:
        values: dict[str, Any] = {
            "endpoint": settings.s3_endpoint,
            "public_endpoint": settings.s3_public_endpoint,
            "region": settings.s3_region,
            "bucket": settings.s3_bucket,
            "access_key": settings.s3_access_key,
            "secret_key": settings.s3_secret_key,
            "addressing_style": settings.s3_addressing_style,
        }
        return cls(**(values | overrides))

    @property
    def public_base(self) -> str:
        base = self.public_endpoint or self.endpoint or f"https://s3.{self.region}.amazonaws.com"
        return base.rstrip("/")


def public_read_policy(bucket: str, prefixes: tuple[str, ...] = PUBLIC_PREFIXES) -> str:
    """Anonymous read of the objects under `prefixes` only: not of the private uploads, no anonymous
    listing (s3:ListBucket) and no writes."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicReadObjects",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": ["s3:GetObject"],
                    "Resource": [f"arn:aws:s3:::{bucket}/{prefix}*" for prefix in prefixes],
                }
            ],
        }
    )


class S3ObjectStore:
    def __init__(self, config: S3Config) -> None:
        self.config = config
        self.bucket = config.bucket
        self._stack: AsyncExitStack | None = None
        self._client: Any = None
        self._signer: Any = None

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> Self:
        if self._client is not None:
            return self
        cfg = self.config
        session = aioboto3.Session(
            aws_access_key_id=cfg.access_key or None,
            aws_secret_access_key=cfg.secret_key or None,
            region_name=cfg.region or None,
        )
        boto_config = Config(
            retries={"mode": cfg.retry_mode, "max_attempts": cfg.max_attempts},
            connect_timeout=cfg.connect_timeout,
            read_timeout=cfg.read_timeout,
            s3={"addressing_style": cfg.addressing_style},
            # checksums only where S3 requires them: older MinIO / other S3 servers reject the
            # trailing-checksum uploads newer botocore sends by default
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        stack = AsyncExitStack()
        self._client = await stack.enter_async_context(
            session.client("s3", endpoint_url=cfg.endpoint or None, config=boto_config)
        )
        self._stack = stack
        return self

    async def close(self) -> None:
        stack, self._stack, self._client = self._stack, None, None
        if stack is not None:
            await stack.aclose()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    @property
    def client(self) -> Any:
        if self._client is None:
            raise RuntimeError("S3ObjectStore is not started: call `await store.start()` first")
        return self._client

    # --- ObjectStore -------------------------------------------------------------------------

    async def put(
        self, key: str, data: bytes, content_type: str, *, download_name: str | None = None
    ) -> None:
        extra = {"ContentDisposition": f'attachment; filename="{download_name}"'} if download_name else {}
        await self._put(key, data, content_type, self.config.cache_control, **extra)

    async def put_private(self, key: str, data: bytes, content_type: str) -> None:
        if self.is_public(key):
            raise ValueError(f"{key!r} is under a public prefix {self.config.public_prefixes}")
        await self._put(key, data, content_type, PRIVATE_CACHE_CONTROL)

    async def _put(self, key: str, data: bytes, content_type: str, cache_control: str, **extra: str) -> None:
        with _errors(f"upload of {key!r} to bucket {self.bucket!r}"):
            await self.client.put_object(
                Bucket=self.bucket,
                Key=key,
                Body=bytes(data),
                ContentType=content_type,
                CacheControl=cache_control,
                **extra,
            )

    async def delete(self, key: str) -> None:
        # S3 answers 204 for a missing key too, so a repeated delete is harmless.
        with _errors(f"delete of {key!r} from bucket {self.bucket!r}"):
            await self.client.delete_object(Bucket=self.bucket, Key=key)

    async def get(self, key: str) -> bytes:
        with _errors(f"download of {key!r} from bucket {self.bucket!r}"):
            try:
                response = await self.client.get_object(Bucket=self.bucket, Key=key)
            except ClientError as exc:  # as _bucket_exists does: a missing key is an answer, not a failure
                if _code(exc) in MISSING_KEY_CODES:
                    raise ObjectNotFound(key) from exc
                raise
            async with response["Body"] as body:
                return bytes(await body.read())

    def public_url(self, key: str) -> str:
        return f"{self.config.public_base}/{self.bucket}/{quote(key, safe='/')}"

    def presigned_url(self, key: str, expires_s: int) -> str:
        """Signed locally (no request) for the public endpoint, so that the host in the signature is the
        one the browser connects to. A proxy in between must pass Host and the query string unchanged
        and must not cut a path prefix off (deploy/nginx does so for the uploads)."""
        return str(
            self._signing_client().generate_presigned_url(
                "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=expires_s
            )
        )

    def is_public(self, key: str) -> bool:
        return key.startswith(self.config.public_prefixes)

    def _signing_client(self) -> Any:
        if self._signer is None:
            cfg = self.config
            self._signer = botocore.session.get_session().create_client(
                "s3",
                endpoint_url=cfg.public_endpoint or cfg.endpoint or None,
                region_name=cfg.region or None,
                aws_access_key_id=cfg.access_key or None,
                aws_secret_access_key=cfg.secret_key or None,
                config=Config(signature_version="s3v4", s3={"addressing_style": cfg.addressing_style}),
            )
        return self._signer

    # --- operations --------------------------------------------------------------------------

    async def ping(self) -> None:
        """Readiness: the bucket answers to our credentials. Raises TransientError or StorageError."""
        with _errors(f"HEAD of bucket {self.bucket!r}"):
            await self.client.head_bucket(Bucket=self.bucket)

    async def ensure_bucket(self) -> None:
        """Create the bucket when missing and allow anonymous reads of its objects. Idempotent."""
        with _errors(f"creating bucket {self.bucket!r}"):
            if not await self._bucket_exists():
                await self._create_bucket()
        if self.config.public_read:
            await self._set_public_read_policy()

    async def _bucket_exists(self) -> bool:
        try:
            await self.client.head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            if _code(exc) in MISSING_BUCKET_CODES:
                return False
            raise
        return True

    async def _create_bucket(self) -> None:
        kwargs: dict[str, Any] = {"Bucket": self.bucket}
        if self.config.region and self.config.region != "us-east-1":
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": self.config.region}
        try:
            await self.client.create_bucket(**kwargs)
            log.info("created bucket %s", self.bucket)
        except ClientError as exc:
            if _code(exc) not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                raise
            # another process created it between our HEAD and CREATE; BucketAlreadyExists may also
            # mean someone else owns it, which the HEAD below reports as 403
            await self.client.head_bucket(Bucket=self.bucket)

    async def _set_public_read_policy(self) -> None:
        # Servers without bucket policies (or with "block public access") refuse this; public reads
        # then come from the server's own config (SeaweedFS anonymous identity, MinIO `mc anonymous`).
        try:
            policy = public_read_policy(self.bucket, self.config.public_prefixes)
            await self.client.put_bucket_policy(Bucket=self.bucket, Policy=policy)
        except (ClientError, BotoCoreError) as exc:
            log.warning(
                "could not set the public-read policy on bucket %s (%s); make sure the server allows "
                "anonymous GET of objects under %s (and nothing else) by its own configuration",
                self.bucket,
                exc,
                ", ".join(self.config.public_prefixes),
            )


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _status(exc: ClientError) -> int:
    return int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)


def is_transient(exc: BaseException) -> bool:
    """Worth another try later: connection problems, timeouts, 5xx, throttling."""
    if isinstance(exc, ClientError):
        return _status(exc) >= 500 or _status(exc) == 429 or _code(exc) in TRANSIENT_CODES
    # endpoint unreachable, connection closed, read/connect timeouts (OSError covers TimeoutError)
    return isinstance(exc, BotoConnectionError | HTTPClientError | aiohttp.ClientError | OSError)


@contextmanager
def _errors(what: str) -> Iterator[None]:
    """Translate what is left after botocore's own retries into TransientError / StorageError."""
    try:
        yield
    except (ClientError, BotoCoreError, aiohttp.ClientError, OSError) as exc:
        kind = TransientError if is_transient(exc) else StorageError
        raise kind(f"S3 {what} failed: {exc}") from exc

"""The embedded SeaweedFS server: restarts keep data, keys and endpoint; failures say why."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import boto3
import pytest

from tortodelova.devstack.seaweed import EmbeddedS3, EmbeddedS3Error

from .conftest import start_embedded_s3


def s3_client(server: EmbeddedS3):  # type: ignore[no-untyped-def]
    return boto3.client(
        "s3",
        endpoint_url=server.endpoint,
        aws_access_key_id=server.access_key,
        aws_secret_access_key=server.secret_key,
        region_name="us-east-1",
    )


def test_data_keys_and_endpoint_survive_a_restart(tmp_path: Path) -> None:
    server = start_embedded_s3(tmp_path)
    try:
        first = (server.endpoint, server.access_key, server.secret_key)
        s3_client(server).put_object(
            Bucket=server.bucket, Key="k/persist.png", Body=b"kept", ContentType="image/png"
        )
    finally:
        server.stop()
    assert not server.running

    again = start_embedded_s3(tmp_path)  # a new object, as after a dev restart: it reads the data dir
    try:
        assert (again.endpoint, again.access_key, again.secret_key) == first
        got = s3_client(again).get_object(Bucket=again.bucket, Key="k/persist.png")
        assert (got["Body"].read(), got["ContentType"]) == (b"kept", "image/png")
    finally:
        again.stop()
    assert (tmp_path / "weed.log").read_text().count("weed mini") >= 2


def test_given_credentials_are_used(tmp_path: Path) -> None:
    with EmbeddedS3(tmp_path, access_key="GIVENKEY123", secret_key="given-secret-0123456789") as server:
        assert (
            s3_client(server).head_bucket(Bucket=server.bucket)["ResponseMetadata"]["HTTPStatusCode"] == 200
        )
        assert server.access_key == "GIVENKEY123"
    assert not (tmp_path / "credentials.json").exists()


def test_busy_port_is_a_clear_error_with_the_log_tail(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        server = EmbeddedS3(tmp_path, s3_port=port)
        with pytest.raises(EmbeddedS3Error) as info:
            server.start()
    message = str(info.value)
    assert "failed to start" in message
    assert str(port) in message  # weed's own complaint, from the log tail
    assert str(tmp_path / "weed.log") in message
    assert not server.running


def test_a_missing_binary_is_a_clear_error(tmp_path: Path) -> None:
    server = EmbeddedS3(tmp_path, binary=tmp_path / "no-such-weed")
    with pytest.raises(EmbeddedS3Error, match="no-such-weed"):
        server.start()


def test_a_remembered_port_that_is_now_busy_is_replaced(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        busy = squatter.getsockname()[1]
        (tmp_path / "ports.json").write_text(json.dumps({"s3": busy}))

        with EmbeddedS3(tmp_path) as server:
            assert server.endpoint != f"http://127.0.0.1:{busy}"
            s3_client(server).put_object(Bucket=server.bucket, Key="k", Body=b"x")
        assert json.loads((tmp_path / "ports.json").read_text())["s3"] == int(
            server.endpoint.rsplit(":", 1)[1]
        )

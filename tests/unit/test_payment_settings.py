"""Payment settings: the packs parsed from CREDIT_PACKS, and what `serve` refuses to start with."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from tortodelova.domain.payments import Money, parse_packs
from tortodelova.entrypoints.cli import main as cli
from tortodelova.entrypoints.config.payment_settings import catalogue, payment_problems
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.http.notifiers import notifier_networks

BASE = Settings(jwt_secret="a-strong-jwt-secret-0123456789-abcdefghij")


def test_packs_are_parsed_cheapest_first_with_their_price_per_credit() -> None:
    packs = parse_packs(" 300:1490 , 30:199,100:590.50")
    assert [(p.id, p.credits, p.price) for p in packs] == [
        ("pack-30", 30, Money(19900)),
        ("pack-100", 100, Money(59050)),
        ("pack-300", 300, Money(149000)),
    ]
    assert [p.price_per_credit for p in packs] == [Decimal("6.63"), Decimal("5.91"), Decimal("4.97")]


@pytest.mark.parametrize(
    "setting", ["30", "30:", ":199", "0:199", "30:0", "30:1.999", "30:199,30:299", "x:y", "-1:5"]
)
def test_bad_packs_are_refused(setting: str) -> None:
    with pytest.raises(ValueError, match="CREDIT_PACKS"):
        parse_packs(setting)


def test_the_provider_defaults_to_none_and_sells_nothing() -> None:
    offer = catalogue(BASE)
    assert (offer.provider, offer.packs, offer.enabled) == ("none", (), False)
    assert payment_problems(BASE) == []


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"payment_provider": "paypal"}, "PAYMENT_PROVIDER"),
        ({"payment_provider": "sandbox"}, "ALLOW_SANDBOX_PAYMENTS"),
        ({"payment_provider": "yookassa", "yookassa_secret_key": "live_x"}, "YOOKASSA_SHOP_ID"),
        ({"payment_provider": "yookassa", "yookassa_shop_id": "1"}, "YOOKASSA_SECRET_KEY"),
        (
            {
                "payment_provider": "yookassa",
                "yookassa_shop_id": "1",
                "yookassa_secret_key": "k",
                "credit_packs": "",
            },
            "CREDIT_PACKS",
        ),
        (
            {"payment_provider": "sandbox", "allow_sandbox_payments": True, "credit_packs": "30"},
            "CREDIT_PACKS",
        ),
    ],
)
def test_bad_payment_settings_are_named(changes: dict, named: str) -> None:
    problems = payment_problems(replace(BASE, **changes))
    assert problems and named in problems[0], problems


def test_good_payment_settings_pass() -> None:
    assert payment_problems(replace(BASE, payment_provider="Sandbox", allow_sandbox_payments=True)) == []
    yookassa = replace(BASE, payment_provider="yookassa", yookassa_shop_id="1", yookassa_secret_key="live_k")
    assert payment_problems(yookassa) == []


def test_serve_refuses_sandbox_unless_allowed(monkeypatch: pytest.MonkeyPatch, tmp_path, capsys) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the checkout
    for name in Settings.env_names():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JWT_SECRET", BASE.jwt_secret)
    monkeypatch.setenv("PAYMENT_PROVIDER", "sandbox")
    assert cli.main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "ALLOW_SANDBOX_PAYMENTS" in err and "без денег" in err


def test_notifications_are_trusted_from_yookassas_published_networks_or_the_configured_ones() -> None:
    published = notifier_networks(BASE)
    assert published.trusts("185.71.76.10") and published.trusts("77.75.156.11")
    assert published.trusts("2a02:5180:0:1509::1")
    assert not published.trusts("203.0.113.5") and not published.trusts("127.0.0.1")
    configured = notifier_networks(replace(BASE, yookassa_webhook_trusted_ips="10.1.0.0/16, 127.0.0.1"))
    assert (
        configured.trusts("127.0.0.1")
        and configured.trusts("10.1.2.3")
        and not configured.trusts("185.71.76.10")
    )
    with pytest.raises(ValueError, match="YOOKASSA_WEBHOOK_TRUSTED_IPS"):
        notifier_networks(replace(BASE, yookassa_webhook_trusted_ips="not-an-address"))


def test_a_placeholder_yookassa_key_is_refused() -> None:
    from tortodelova.entrypoints.config.secret_policy import secret_problems

    problems = secret_problems(replace(BASE, yookassa_secret_key="change-me-yookassa-key"))
    assert [p.variable for p in problems] == ["YOOKASSA_SECRET_KEY"]
    assert secret_problems(replace(BASE, yookassa_secret_key="live_abc")) == []

"""The page and period checks every list use case makes, whatever its feature (the ledger, designs,
users, share links)."""

from __future__ import annotations

from datetime import datetime

from tortodelova.application.ports.queries import Page
from tortodelova.domain.errors import ValidationFailed

PAGE_MAX = 100


def check_page(page: Page) -> None:
    errors = {}
    if not 1 <= page.limit <= PAGE_MAX:
        errors["limit"] = f"от 1 до {PAGE_MAX}"
    if page.offset < 0:
        errors["offset"] = "не может быть отрицательным"
    if errors:
        raise ValidationFailed(errors)


def check_dates(date_from: datetime | None, date_to: datetime | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed({"date_from": "начало периода позже его конца"})

"""Money, weight and dates the Russian way, as the server-written pages and the .ics show them."""

from __future__ import annotations

from datetime import date

from tortodelova.entrypoints.http import ru_format as ru


def plain(text: str) -> str:
    """No-break spaces (which keep «6 740 ₽» on one line) read as spaces."""
    return text.replace("\u00a0", " ")


def test_money_is_grouped_by_thousands_with_the_ruble_sign():
    assert plain(ru.money(674_000)) == "6 740 ₽"
    assert plain(ru.money(649_250)) == "6 492,50 ₽"
    assert plain(ru.money(12_345_678_900)) == "123 456 789 ₽"
    assert plain(ru.money(5)) == "0,05 ₽" and plain(ru.money(0)) == "0 ₽"
    assert "\u00a0₽" in ru.money(674_000)  # the sign never wraps to the next line


def test_weight_is_in_kilograms_with_a_decimal_comma():
    assert [plain(ru.weight(g)) for g in (2600, 2000, 2650, 800, 1505, 12_000)] == [
        "2,6 кг",
        "2 кг",
        "2,65 кг",
        "0,8 кг",
        "1,505 кг",
        "12 кг",
    ]


def test_a_day_is_the_date_in_the_genitive_and_the_weekday():
    assert plain(ru.day(date(2026, 12, 12))) == "12 декабря, суббота"
    assert plain(ru.day(date(2026, 12, 14))) == "14 декабря, понедельник"
    assert plain(ru.day(date(2027, 3, 1))) == "1 марта, понедельник"

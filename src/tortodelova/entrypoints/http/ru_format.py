"""Money, weight and dates written the Russian way, for the pages and files the server writes itself
(the client's page without JavaScript, the .ics): «6 740 ₽», «2,6 кг», «14 декабря, суббота».

Groups of digits and the unit are joined by no-break spaces (U+00A0), as the SPA's Intl ru-RU does,
so «6 740 ₽» never breaks across lines.
"""

from __future__ import annotations

from datetime import date

NBSP = "\u00a0"
_MONTHS = ("января февраля марта апреля мая июня июля августа сентября октября ноября декабря").split()
_WEEKDAYS = "понедельник вторник среда четверг пятница суббота воскресенье".split()


def _grouped(n: int) -> str:
    return f"{n:,}".replace(",", NBSP)


def money(kopecks: int) -> str:
    """6 740 ₽; with kopecks 6 492,50 ₽."""
    rubles, rest = divmod(kopecks, 100)
    return f"{_grouped(rubles)}{f',{rest:02d}' if rest else ''}{NBSP}₽"


def weight(grams: int) -> str:
    """2,6 кг; 2 кг; 2,65 кг; 0,8 кг."""
    kg, rest = divmod(grams, 1000)
    decimals = f"{rest:03d}".rstrip("0")
    return f"{_grouped(kg)}{f',{decimals}' if decimals else ''}{NBSP}кг"


def day(d: date) -> str:
    """14 декабря, суббота."""
    return f"{d.day}{NBSP}{_MONTHS[d.month - 1]}, {_WEEKDAYS[d.weekday()]}"

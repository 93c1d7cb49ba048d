"""Numbers as the report's readers write them, in the report's language (CLDR rules through Babel):
in bokmål and nynorsk a decimal comma and a (no-break) space between thousands ("1 850",
"16,5 %"), in English "1,850" and "16.5 %". Tables, text and chart ticks all go through here, so a
page never mixes "0.5" with "0,5".

Years are numbers nobody groups ("2014", not "2 014"): :func:`year` and the ``YEAR_COLUMNS`` of
the analysis tables keep them as they are.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal

from samkart import i18n

# Columns of the analysis tables that hold years (written without a thousands separator).
YEAR_COLUMNS = frozenset({"fra_ar", "til_ar", "etablert", "year", "ar"})


def locale() -> str:
    """The Babel locale of the language the report is written in."""
    return i18n.get_language()


def number(value: float, decimals: int | None = None) -> str:
    """``value`` with thousands grouped; an int as it is, a float with ``decimals`` (default 1)."""
    if isinstance(value, int) and decimals is None:
        return _minus(format_decimal(value, format="#,##0", locale=locale()))
    places = 1 if decimals is None else decimals
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return _minus(format_decimal(value, format=pattern, locale=locale()))


def _minus(text: str) -> str:
    # A negative number takes the minus sign (U+2212), not the hyphen Babel's data gives: the
    # typographic rule in Norwegian and English print, and a hyphen can break a line after it.
    return "\u2212" + text[1:] if text.startswith("-") else text


def percent(value: float, decimals: int = 0) -> str:
    """A percentage given in percent (``16.5`` -> "16,5 %")."""
    return f"{number(float(value), decimals)}\u00a0%"


def year(value: int) -> str:
    return str(value)


def date(value: dt.date) -> str:
    """A date as a reader writes it ("1. desember 2026", "December 1, 2026")."""
    return format_date(value, format="long", locale=locale())

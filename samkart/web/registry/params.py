"""The query parameters of the public pages, validated in one place.

A page reads only the parameters it knows, each parsed here; anything else in the query string is
ignored (and never becomes part of a cache key). A value that is present but wrong is a 400 with a
message, never a 500 (``?sammenlign=²``, a 5,000-digit year).
"""

from __future__ import annotations

import datetime as dt

from django.http import QueryDict

FIRST_YEAR, LAST_YEAR = 1950, 2100


class BadParameter(ValueError):
    """A query parameter with a value the page cannot use; the message is for the user."""


def this_year() -> int:
    return dt.date.today().year


def year_or(query: QueryDict, default: int, name: str = "ar") -> int:
    """:func:`year`, with a default for when it is absent."""
    chosen = year(query, name, default)
    return default if chosen is None else chosen


def year(query: QueryDict, name: str = "ar", default: int | None = None) -> int | None:
    """A four-digit year between FIRST_YEAR and LAST_YEAR; ``default`` when absent or empty."""
    text = query.get(name, "").strip()
    if not text:
        return default
    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        raise BadParameter(f"{name}: «{text[:20]}» er ikke et årstall")
    value = int(text)
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise BadParameter(f"{name}: {value} er utenfor {FIRST_YEAR}–{LAST_YEAR}")
    return value


def county(query: QueryDict, name: str = "fylke") -> str:
    """A county number, two digits (``3`` is ``03``); empty when absent."""
    text = query.get(name, "").strip()
    if not text:
        return ""
    if not (len(text) <= 2 and text.isascii() and text.isdigit()):
        raise BadParameter(f"{name}: «{text[:20]}» er ikke et fylkesnummer")
    return text.zfill(2)


def choice(query: QueryDict, name: str, allowed: set[str] | frozenset[str]) -> str:
    """One of ``allowed``, or empty when absent."""
    text = query.get(name, "").strip()
    if text and text not in allowed:
        raise BadParameter(f"{name}: ukjent verdi «{text[:40]}»")
    return text


def text(query: QueryDict, name: str, limit: int = 200) -> str:
    value = query.get(name, "").strip()
    if len(value) > limit:
        raise BadParameter(f"{name}: høyst {limit} tegn")
    return value


def page(query: QueryDict, name: str = "side") -> int:
    value = query.get(name, "").strip()
    if not value:
        return 1
    if not (value.isascii() and value.isdigit() and len(value) <= 6):
        raise BadParameter(f"{name}: «{value[:20]}» er ikke et sidetall")
    return max(int(value), 1)

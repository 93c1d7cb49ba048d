"""Parsing of single cells, each reporting a located problem instead of raising."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from samkart.domain.codes import FALSE_WORDS, TRUE_WORDS, CodeList
from samkart.i18n import gettext as _
from samkart.register.problems import Problems

T = TypeVar("T")
_NUMBER_SPACES = re.compile(r"[\s\u00a0\u202f]")


class Cells:
    """Cell parsers bound to one table, collecting problems as ``table:row:column``."""

    __slots__ = ("problems", "table")

    def __init__(self, table: str, problems: Problems):
        self.table = table
        self.problems = problems

    def error(self, row: int, column: str, message: str) -> None:
        self.problems.error(self.table, row, column, message)

    def warning(self, row: int, column: str, message: str) -> None:
        self.problems.warning(self.table, row, column, message)

    def memo(
        self, cache: dict[Any, T], key: Hashable, compute: Callable[..., T], *args: object
    ) -> T:
        """``compute(*args)`` once per distinct ``key``. Outcomes that recorded a problem are not
        reused, so a bad cell is reported on every row it occurs in."""
        if key in cache:
            return cache[key]
        before = self.problems.count()
        value = compute(*args)
        if self.problems.count() == before:
            cache[key] = value
        return value

    def unique_key(self, value: str, row: int, column: str, seen: dict[str, int]) -> bool:
        """Whether ``value`` is a present key not seen before; records it with its row."""
        if not value:
            self.error(row, column, _("{column} mangler").format(column=column))
            return False
        if value in seen:
            self.error(row, column, _("{column} «{value}» finnes også i rad {seen}")
                                      .format(column=column, value=value, seen=seen[value]))
            return False
        seen[value] = row
        return True

    def year(self, text: str, row: int, column: str) -> int | None:
        if not text:
            return None
        if len(text) == 4 and text.isdigit():
            return int(text)
        self.error(row, column, _("«{text}» er ikke et firesifret årstall").format(text=text))
        return None

    def number(
        self, text: str, row: int, column: str, low: float | None = 0, high: float | None = None
    ) -> float | None:
        """A decimal number; Norwegian comma decimals and spaces as thousands separators."""
        if not text:
            return None
        cleaned = _NUMBER_SPACES.sub("", text).replace(",", ".")
        try:
            value = float(cleaned)
        except ValueError:
            self.error(row, column, _("«{text}» er ikke et tall").format(text=text))
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.error(row, column, _("«{text}» er ikke et tall").format(text=text))
            return None
        if low is not None and value < low:
            self.error(row, column, _("{text} er mindre enn {low:g}").format(text=text, low=low))
            return None
        if high is not None and value > high:
            self.error(row, column, _("{text} er større enn {high:g}").format(text=text, high=high))
            return None
        return value

    def integer(self, text: str, row: int, column: str) -> int | None:
        value = self.number(text, row, column)
        if value is None:
            return None
        if not value.is_integer():
            self.error(row, column, _("«{text}» er ikke et heltall").format(text=text))
            return None
        return int(value)

    def boolean(self, text: str, row: int, column: str) -> bool | None:
        if not text:
            return None
        word = text.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.error(row, column, _("«{text}» er ikke ja/nei, true/false eller 1/0").format(text=text))
        return None

    def code(self, text: str, row: int, column: str, codes: type[CodeList]) -> CodeList | None:
        if not text:
            return None
        member = codes.parse(text)
        if member is None:
            self.error(row, column, _("ukjent kode «{text}»; gyldige: {value}")
                                      .format(text=text, value=', '.join(codes.codes())))
        return member

    def kommunenummer(self, text: str, row: int, column: str) -> str | None:
        """Four digits; a number that lost its leading zero (Excel, JSON) is padded."""
        return self._padded(text, row, column, 4, "kommunenummer")

    def fylkesnummer(self, text: str, row: int, column: str) -> str | None:
        return self._padded(text, row, column, 2, "fylkesnummer")

    def _padded(self, text: str, row: int, column: str, width: int, what: str) -> str | None:
        if not text:
            return None
        if text.isdigit() and len(text) <= width and text.isascii():
            return text.zfill(width)
        self.error(row, column, _("«{text}» er ikke et gyldig {what} ({width} siffer)")
                                  .format(text=text, what=what, width=width))
        return None

    def orgnr(self, text: str, row: int, column: str) -> str | None:
        if not text:
            return None
        digits = _NUMBER_SPACES.sub("", text)
        if not (len(digits) == 9 and digits.isdigit() and digits.isascii()):
            self.error(row, column, _("«{text}» er ikke et organisasjonsnummer (9 siffer)")
                                      .format(text=text))
            return None
        if not orgnr_valid(digits):
            self.error(row, column, _("organisasjonsnummer {digits} har feil kontrollsiffer (MOD11)")
                                      .format(digits=digits))
            return None
        return digits


_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def orgnr_valid(digits: str) -> bool:
    """The MOD11 check of Enhetsregisteret for a 9-digit organisation number."""
    total = sum(int(d) * w for d, w in zip(digits[:8], _ORGNR_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[8])

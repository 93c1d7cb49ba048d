"""Cells that a spreadsheet shows and never runs (CSV and formula injection, OWASP).

Text from users (an arrangement's name, a survey respondent's comment) ends up in files that are
opened in Excel. Excel runs a CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula,
and an xlsx cell holding ``=...`` as a string of type formula is one. So, as OWASP recommends:

* in CSV, a text that starts with one of those characters (or with ``'``, so the escape can be
  undone exactly) gets a leading apostrophe, which Excel shows as text and hides;
  :func:`from_csv` removes it again, so samkart reads back exactly what it wrote;
* in xlsx, every text is written as a string cell, never as a formula (no escape needed: the
  value read back is the text itself).

Numbers are written as numbers: only text is escaped. The command line's contract tables on
standard output are data for programs and are written as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

TRIGGERS = frozenset("=+-@\t\r")
_ESCAPED = TRIGGERS | {"'"}


def to_csv(value: object) -> object:
    """A cell for a CSV file people may open in a spreadsheet (None becomes empty)."""
    if value is None:
        return ""
    if isinstance(value, str) and value and value[0] in _ESCAPED:
        return "'" + value
    return value


def from_csv(text: str) -> str:
    """Undo :func:`to_csv` on a cell read from CSV."""
    if len(text) >= 2 and text[0] == "'" and text[1] in _ESCAPED:
        return text[1:]
    return text


def csv_rows(rows: Iterable[Sequence[object]]) -> Iterable[list[object]]:
    for row in rows:
        yield [to_csv(v) for v in row]


def xlsx_row(sheet: Any, values: Sequence[object]) -> list[object]:
    """A row for ``sheet.append`` of a write-only workbook: texts as string cells, so that a text
    beginning with ``=`` is shown, not run."""
    from openpyxl.cell import WriteOnlyCell

    out: list[object] = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(value)
    return out

"""Sortable data tables rendered in Python, for the pages with long tables.

A municipality's or arrangement's page, and the lists, hold tables of hundreds of cells. Rendered
by Django's template language each cell costs a variable lookup, a filter and an escape in
Python (about 10 ms a page, most of a page's time); written here as one pass of string building,
with the same escaping, the same markup (``table.sortable``, ``data-type``, ``data-v``) and the same
script. The page templates keep everything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape as _escape

from django.utils.safestring import SafeString, mark_safe


def escape(value: object) -> str:
    """As Django's escape (the same five characters), without its lazy-string wrapper: this runs
    once per cell."""
    return _escape(str(value), quote=True)


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    numeric: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """A cell linking to ``href``, with ``note`` (muted, on a line of its own) under it, and
    ``also`` (text, address, what a screen reader says) a second link beside it."""

    text: object
    href: str
    note: str = ""
    also: tuple[str, str, str] | None = None


Cell = str | int | float | Link | None


def _cell(value: Cell, numeric: bool) -> str:
    if value is None or value == "":
        return "<td></td>" if not numeric else '<td class="num"></td>'
    if isinstance(value, Link):
        note = f'<br><span class="muted">{escape(value.note)}</span>' if value.note else ""
        also = ""
        if value.also:
            text, href, label = value.also
            also = (f' <a class="also" href="{escape(href)}" aria-label="{escape(label)}">'
                    f"({escape(text)})</a>")
        return f'<td><a href="{escape(value.href)}">{escape(value.text)}</a>{also}{note}</td>'
    if numeric:
        text = escape(value)
        return f'<td class="num" data-v="{text}">{text}</td>'
    return f"<td>{escape(value)}</td>"


def data_table(caption: str, columns: Sequence[Column], rows: Iterable[Sequence[Cell]],
               empty: str) -> SafeString:
    """A ``table.data.sortable`` with a caption, sortable headings and the rows (escaped); one
    row saying ``empty`` when there are none."""
    head = "".join(
        f'<th scope="col" class="{"num" if c.numeric else ""}" '
        f'data-type="{"num" if c.numeric else "text"}"><button type="button">{escape(c.label)}'
        '<span class="arrow" aria-hidden="true"></span></button></th>' for c in columns)
    numeric = [c.numeric for c in columns]
    body = "".join(
        "<tr>" + "".join(_cell(v, n) for v, n in zip(row, numeric, strict=True)) + "</tr>"
        for row in rows)
    if not body:
        body = f'<tr><td colspan="{len(columns)}">{escape(empty)}</td></tr>'
    return mark_safe(
        f'<div class="table-wrap"><table class="data sortable"><caption>{escape(caption)}'
        f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")

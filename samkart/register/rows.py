"""Reading the declared columns of a table's rows (``schema.py``): each cell parsed by its kind,
with a located problem for every bad cell, and repeated cells parsed once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from samkart.i18n import gettext as _
from samkart.register.containers import RawTable
from samkart.register.fields import Cells
from samkart.register.problems import Problems
from samkart.register.schema import Column, Kind, TableSpec


class TableColumns:
    """Where each declared column of a table is, which columns are extra, and which are missing."""

    def __init__(self, raw: RawTable, spec: TableSpec, problems: Problems):
        self.spec = spec
        self.index: dict[str, int] = {}
        self.extra: list[tuple[str, int]] = []
        self.complete = True
        for j, name in enumerate(raw.header):
            if not name:
                if any(cells[j] for _, cells in raw.rows if j < len(cells)):
                    problems.error(spec.name, 0, f"#{j + 1}", _("kolonnen mangler navn"))
                continue
            if name in self.index or name in dict(self.extra):
                problems.error(spec.name, 0, name, _("kolonnen finnes to ganger"))
                continue
            if name in spec.by_name:
                self.index[name] = j
            else:
                self.extra.append((name, j))
                problems.warning(spec.name, 0, name, _("ukjent kolonne; beholdes som ekstra data"))
        for name in spec.required_columns:
            if name not in self.index:
                problems.error(spec.name, 0, name, _("påkrevd kolonne mangler"))
                self.complete = False

    def getter(self, name: str) -> Callable[[list[str]], str]:
        j = self.index.get(name)
        if j is None:
            return lambda cells: ""
        return lambda cells: cells[j]

    def extras(self, cells: list[str]) -> dict[str, str]:
        return {name: cells[j] for name, j in self.extra if cells[j]}


class RowReader:
    """Reads a row's declared columns into a dict keyed by the entity's attribute names."""

    def __init__(self, columns: TableColumns, problems: Problems):
        self.cells = Cells(columns.spec.name, problems)
        self.columns = columns
        self._plan = [(column, columns.index.get(column.name)) for column in columns.spec.spec]
        self._memo: dict[str, dict[str, Any]] = {c.name: {} for c in columns.spec.spec}
        self._keys: dict[str, dict[str, int]] = {c.name: {} for c in columns.spec.spec
                                                 if c.kind is Kind.KEY}

    def text(self, cells: list[str], name: str) -> str:
        j = self.columns.index.get(name)
        return cells[j] if j is not None else ""

    def key_row(self, name: str, value: str) -> int:
        """The row a key was first seen in."""
        return self._keys[name][value]

    def read(self, row: int, cells: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        c = self.cells
        for column, j in self._plan:
            text = cells[j] if j is not None else ""
            if column.kind is Kind.KEY:
                if not c.unique_key(text, row, column.name, self._keys[column.name]):
                    text = ""
                out[column.attr] = text
                continue
            if not text:
                if column.needs_value:
                    c.error(row, column.name, _("{name} mangler").format(name=column.name))
                out[column.attr] = column.default
                continue
            if column.kind is Kind.TEXT:
                out[column.attr] = text
                continue
            # A parse depends only on the text: a repeated cell (tables repeat a few hundred
            # numbers and years over many rows) is parsed once.
            value = c.memo(self._memo[column.name], text, parse_cell, c, column, text, row)
            out[column.attr] = column.default if value is None else value
        return out


def parse_cell(c: Cells, column: Column, text: str, row: int) -> Any:
    """A non-empty cell as its column's kind declares it (None, with a problem, when it is not)."""
    kind, name = column.kind, column.name
    if kind is Kind.CODE:
        assert column.codes is not None
        return c.code(text, row, name, column.codes)
    if kind is Kind.CODES:
        return tuple(f.strip() for f in text.split(";") if f.strip())
    if kind is Kind.YEAR:
        return c.year(text, row, name)
    if kind is Kind.NUMBER:
        return c.number(text, row, name, column.low, column.high)
    if kind is Kind.INTEGER:
        return c.integer(text, row, name)
    if kind is Kind.BOOLEAN:
        return c.boolean(text, row, name)
    if kind is Kind.KOMMUNENUMMER:
        return c.kommunenummer(text, row, name)
    if kind is Kind.FYLKESNUMMER:
        return c.fylkesnummer(text, row, name)
    if kind is Kind.ORGNR:
        return c.orgnr(text, row, name)
    return text

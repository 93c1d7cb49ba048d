"""The four counting tables of ``docs/spec/cli.md``: municipalities, counties, arrangements, task fields.

Each function takes a :class:`YearView` and returns a :class:`Table`: its columns and rows of a
named row type (a :class:`typing.NamedTuple`, so a row is still a tuple of plain values, which
the CLI prints as text, CSV or JSON). The report and the web read the cells by name
(``row.sum``), never by position, so reordering a column cannot change what they say.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Generic, NamedTuple, TypeVar

from samkart.analysis.yearview import YearView
from samkart.domain.codes import LEVEL_ORDER, Band, Level

Cell = str | int | float | None
R = TypeVar("R", bound=tuple)


@dataclass(frozen=True, slots=True)
class Table(Generic[R]):
    """Columns and rows of one analysis. A row is a named tuple whose fields are the columns; a
    table whose columns depend on the data (one per county, say) has a row type whose last fields
    hold tuples of the per-group values, flattened in :meth:`flat_rows` in column order."""

    columns: tuple[str, ...]
    rows: list[R]

    @classmethod
    def of(cls, row_type: type[R], rows: Iterable[R]) -> Table[R]:
        """A table whose columns are the fields of ``row_type``."""
        return cls(tuple(row_type._fields), list(rows))  # type: ignore[attr-defined]

    def where(self, keep: Callable[[R], bool]) -> Table[R]:
        """The same columns, with the rows for which ``keep`` is true."""
        return Table(self.columns, [r for r in self.rows if keep(r)])

    def head(self, n: int) -> Table[R]:
        return Table(self.columns, self.rows[:n])

    def flat_rows(self) -> list[tuple[Cell, ...]]:
        """The rows as flat tuples of cells, one per column (what is printed or downloaded)."""
        if not self.rows or not any(isinstance(c, tuple) for c in self.rows[0]):
            return self.rows  # type: ignore[return-value]  # flat already: the common case
        return [tuple(_flatten(r)) for r in self.rows]

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.flat_rows()]


def _flatten(row: tuple) -> Iterable[Cell]:
    for cell in row:
        if isinstance(cell, tuple):
            yield from _flatten(cell)
        else:
            yield cell


class YesNo(StrEnum):
    """``ja``/``nei`` cells of the tables (a StrEnum: printed and written as its text)."""

    JA = "ja"
    NEI = "nei"

    @classmethod
    def of(cls, value: bool) -> YesNo:
        return cls.JA if value else cls.NEI


_NORWEGIAN_TAIL = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|", "ü": "y"})


def norwegian_key(text: str) -> str:
    """Sort key in Norwegian alphabetical order (… x y z æ ø å), case-insensitive."""
    return text.casefold().translate(_NORWEGIAN_TAIL)


def percent(part: int, whole: int) -> float:
    """``100 * part / whole`` rounded half up to one decimal, with exact integer arithmetic (so
    12.25 % is 12.3 and not 12.2 through float representation)."""
    if whole == 0:
        return 0.0
    tenths = (2000 * part + whole) // (2 * whole)
    return tenths / 10


LEVEL_COLUMNS = tuple(level.code for level in LEVEL_ORDER)


N = TypeVar("N", int, float)


def level_cells(counts: Iterable[N]) -> dict[str, N]:
    """Counts in ``LEVEL_ORDER`` as keyword arguments of a row type with the level columns, so
    that a row is filled by name whatever the order of its fields."""
    return dict(zip(LEVEL_COLUMNS, counts, strict=True))


class MunicipalityRow(NamedTuple):
    """``table municipalities``: counted arrangements of one municipality by level."""

    kommunenummer: str
    kommune: str
    hoyere: int
    regional: int
    lokal: int
    sum: int

    def level(self, level: Level) -> int:
        return getattr(self, level.code)


class CountyRow(NamedTuple):
    """``table counties`` (table 4.1): distinct counted arrangements touching one county."""

    fylkesnummer: str
    fylke: str
    hoyere: int
    regional: int
    lokal: int
    sum: int

    def level(self, level: Level) -> int:
        return getattr(self, level.code)


class ArrangementRow(NamedTuple):
    """``table arrangements``: one arrangement with the definition's verdict in the year."""

    id: str
    navn: str
    tellende: YesNo
    grunn: str
    niva: str
    antall_deltakere: int


class TaskFieldRow(NamedTuple):
    """``table task-fields``: the share of municipalities taking part in one task field."""

    kode: str
    navn: str
    kommuner: int
    andel_prosent: float
    band: str  # a Band's code


def municipalities_table(view: YearView, county: str | None = None) -> Table[MunicipalityRow]:
    """Counted arrangements per municipality by level (tables 4.2-4.5 of the seed)."""
    counts = view.level_counts
    none = (0,) * len(LEVEL_ORDER)
    rows = []
    for k, m in view.municipalities.items():
        if county is not None and m.fylkesnummer != county:
            continue
        by_level = counts.get(k, none)
        rows.append(MunicipalityRow(kommunenummer=k, kommune=m.navn, **level_cells(by_level),
                                    sum=sum(by_level)))
    rows.sort(key=lambda r: (-r.sum, norwegian_key(r.kommune), r.kommunenummer))
    return Table.of(MunicipalityRow, rows)


def counties_table(view: YearView) -> Table[CountyRow]:
    """Distinct counted arrangements per county by level (table 4.1); an arrangement that crosses a
    county border counts in each county it touches."""
    return Table.of(CountyRow, [county_row(view, county)
                                for county in sorted(view.participating_counties())])


def county_row(view: YearView, county: str) -> CountyRow:
    """Table 4.1's row of one county in the view's year (any county: one without counted
    arrangements has zeros)."""
    counts = view.county_level_counts.get(county, Counter())
    by_level = [counts[level] for level in LEVEL_ORDER]
    return CountyRow(fylkesnummer=county, fylke=view.register.county_name(county, view.year),
                     **level_cells(by_level), sum=sum(by_level))


def arrangements_table(view: YearView) -> Table[ArrangementRow]:
    """Every arrangement with the verdict of the definition and its level in the year."""
    rows = []
    for s in view.statuses.values():
        rows.append(ArrangementRow(
            id=s.arrangement.id,
            navn=s.arrangement.navn,
            tellende=YesNo.of(s.verdict.counted),
            grunn=s.verdict.reason_text(),
            niva=s.level.code if s.level else "",
            antall_deltakere=len(s.participants),
        ))
    return Table.of(ArrangementRow, rows)


def task_fields_table(view: YearView) -> Table[TaskFieldRow]:
    """Share of the municipalities in the register's counties taking part per task field, with the
    frequency band of chapter 5.2 of the seed."""
    counties = view.participating_counties()
    population = {k for k, m in view.municipalities.items() if m.fylkesnummer in counties}
    takers: dict[str, set[str]] = defaultdict(set)
    for s in view.counted():
        for code in s.arrangement.oppgavefelt:
            takers[code].update(s.participants)
    rows = []
    whole = len(population)
    for code, field in view.register.task_fields.items():
        n = len(takers.get(code, set()) & population)
        exact = Fraction(100 * n, whole) if whole else Fraction(0)
        rows.append(TaskFieldRow(kode=code, navn=field.navn, kommuner=n,
                                 andel_prosent=percent(n, whole), band=Band.of(exact).code))
    return Table.of(TaskFieldRow, rows)

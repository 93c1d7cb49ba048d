"""The four counting tables of ``cli.md``: municipalities, counties, arrangements, task fields.

Each function takes a :class:`YearView` and returns a :class:`Table` (columns and rows of plain
values), which the CLI prints as text, CSV or JSON and the report and web reuse.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from fractions import Fraction

from samkart.analysis.yearview import YearView
from samkart.domain.codes import LEVEL_ORDER, Band, Level

Cell = str | int | float | None


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]


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


def municipalities_table(view: YearView, county: str | None = None) -> Table:
    """Counted arrangements per municipality by level (tables 4.2-4.5 of the seed)."""
    counts = view.level_counts
    none = (0,) * len(LEVEL_ORDER)
    rows = []
    for k, m in view.municipalities.items():
        if county is not None and m.fylkesnummer != county:
            continue
        by_level = counts.get(k, none)
        rows.append((k, m.navn, *by_level, sum(by_level)))
    rows.sort(key=lambda r: (-r[-1], norwegian_key(r[1]), r[0]))
    return Table(("kommunenummer", "kommune", *LEVEL_COLUMNS, "sum"), rows)


def counties_table(view: YearView) -> Table:
    """Distinct counted arrangements per county by level (table 4.1); an arrangement that crosses a
    county border counts in each county it touches."""
    counts: dict[str, Counter[Level]] = defaultdict(Counter)
    for s in view.counted():
        for county in {view.municipalities[k].fylkesnummer for k in s.participants}:
            counts[county][s.level] += 1
    rows = []
    for county in sorted(view.participating_counties()):
        c = counts.get(county, Counter())
        by_level = [c[level] for level in LEVEL_ORDER]
        rows.append((county, view.register.county_name(county, view.year), *by_level,
                     sum(by_level)))
    return Table(("fylkesnummer", "fylke", *LEVEL_COLUMNS, "sum"), rows)


def arrangements_table(view: YearView) -> Table:
    """Every arrangement with the verdict of the definition and its level in the year."""
    rows = []
    for s in view.statuses.values():
        rows.append((
            s.arrangement.id,
            s.arrangement.navn,
            "ja" if s.verdict.counted else "nei",
            s.verdict.reason_text(),
            s.level.code if s.level else "",
            len(s.participants),
        ))
    return Table(("id", "navn", "tellende", "grunn", "niva", "antall_deltakere"), rows)


def task_fields_table(view: YearView) -> Table:
    """Share of the municipalities in the register's counties taking part per task field, with the
    frequency band of chapter 5.2."""
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
        rows.append((code, field.navn, n, percent(n, whole), Band.of(exact).code))
    return Table(("kode", "navn", "kommuner", "andel_prosent", "band"), rows)

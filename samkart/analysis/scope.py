"""Chapter 4 of the seed: the scope of cooperation.

Arrangements per county by level (table 4.1) and their growth (4.2), establishment years with their
peak periods (figures 4.4-4.5), arrangements per municipality (tables 4.2-4.5, text of 4.3) and by
municipality size (table 4.6, figures 4.6-4.7) with a rank correlation.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from samkart.analysis.tables import (
    CountyRow,
    Table,
    counties_table,
    level_cells,
    municipalities_table,
    norwegian_key,
    percent,
)
from samkart.analysis.yearview import Status, YearView
from samkart.domain.codes import LEVEL_ORDER, Level
from samkart.domain.sizes import SIZE_CLASSES, UNKNOWN, size_class
from samkart.register.model import Register


def touching(view: YearView, county: str | None) -> list[Status]:
    """Counted arrangements with at least one active participant in ``county`` (all when None)."""
    if county is None:
        return view.counted()
    return view.counted_in(county)


class LevelShareRow(NamedTuple):
    """Table 4.1 with percentages: one county's distinct arrangements by level."""

    fylkesnummer: str
    fylke: str
    hoyere: int
    hoyere_prosent: float
    regional: int
    regional_prosent: float
    lokal: int
    lokal_prosent: float
    sum: int

    def level(self, level: Level) -> int:
        return getattr(self, level.code)

    def share(self, level: Level) -> float:
        return getattr(self, f"{level.code}_prosent")


def levels_by_county(view: YearView) -> Table[LevelShareRow]:
    """Table 4.1 with percentages: distinct arrangements per county by level."""
    return Table.of(LevelShareRow, [
        LevelShareRow(fylkesnummer=r.fylkesnummer, fylke=r.fylke,
                      **level_shares(r), sum=r.sum)  # type: ignore[arg-type]
        for r in counties_table(view).rows])


def level_shares(row: CountyRow) -> dict[str, int | float]:
    """A county's counts by level and each level's share of its sum, as keyword arguments of a
    row type with the level and ``<level>_prosent`` columns."""
    cells: dict[str, int | float] = {}
    for level in LEVEL_ORDER:
        cells[level.code] = row.level(level)
        cells[f"{level.code}_prosent"] = percent(row.level(level), row.sum)
    return cells


class GrowthRow(NamedTuple):
    """Chapter 4.2: one county's counted arrangements in two years."""

    fylkesnummer: str
    fylke: str
    fra_ar: int
    antall_fra: int
    til_ar: int
    antall_til: int
    endring: int
    vekst_prosent: float | None  # None when the county had none in the first year


def growth(register: Register, from_year: int, to_year: int) -> Table[GrowthRow]:
    """Chapter 4.2: arrangements per county in two years, the change and the growth in percent
    (empty when the county had none in the first year)."""
    return growth_between(YearView(register, from_year), YearView(register, to_year))


def growth_between(before: YearView, after: YearView) -> Table[GrowthRow]:
    """:func:`growth` for two views already built (the report shares them between analyses)."""
    from_year, to_year = before.year, after.year
    first = {r.fylkesnummer: r for r in counties_table(before).rows}
    second = {r.fylkesnummer: r for r in counties_table(after).rows}
    rows = []
    for county in sorted(set(first) | set(second)):
        a = first[county].sum if county in first else 0
        b = second[county].sum if county in second else 0
        name = (second.get(county) or first[county]).fylke
        rate = percent(b - a, a) if a else None
        rows.append(GrowthRow(fylkesnummer=county, fylke=name, fra_ar=from_year, antall_fra=a,
                              til_ar=to_year, antall_til=b, endring=b - a, vekst_prosent=rate))
    return Table.of(GrowthRow, rows)


class YearLabel(StrEnum):
    """The ``etablert`` cell of the row of arrangements without an establishment year."""

    UNKNOWN = "ukjent"


class EstablishedRow(NamedTuple):
    """Figures 4.4-4.5: counted arrangements established in one year. ``etablert`` is the year,
    or a label: ``før YYYY`` for all the years before the first shown, or ``ukjent``."""

    etablert: int | str
    antall: int

    @property
    def year(self) -> int | None:
        return self.etablert if isinstance(self.etablert, int) else None

    @property
    def is_earlier(self) -> bool:
        """The row of the years before the first one shown."""
        return self.year is None and self.etablert != YearLabel.UNKNOWN

    @property
    def is_unknown(self) -> bool:
        return self.etablert == YearLabel.UNKNOWN


def establishment_years(view: YearView, county: str | None = None,
                        since: int | None = None) -> Table[EstablishedRow]:
    """Figures 4.4-4.5: counted arrangements of the year by the year they were established (every
    year from the first to the view's year, zeros included), and how many lack the year."""
    known = Counter(s.arrangement.etablert for s in touching(view, county))
    missing = known.pop(None, 0)
    years: Counter[int] = Counter({y: n for y, n in known.items() if y is not None})
    rows: list[EstablishedRow] = []
    if years:
        start = max(min(years), since) if since is not None else min(years)
        rows = [EstablishedRow(y, years.get(y, 0))
                for y in range(start, max(max(years), view.year) + 1)]
        before = sum(n for y, n in years.items() if y < start)
        if before:
            rows.insert(0, EstablishedRow(f"før {start}", before))
    if missing:
        rows.append(EstablishedRow(YearLabel.UNKNOWN, missing))
    return Table.of(EstablishedRow, rows)


class Peak(NamedTuple):
    """A period with many new arrangements: its first and last year and how many were set up."""

    first: int
    last: int
    count: int  # type: ignore[assignment]  # shadows tuple.count, which nobody calls on a Peak


def peak_periods(table: Table[EstablishedRow], width: int = 3, count: int = 3) -> list[Peak]:
    """The ``count`` non-overlapping ``width``-year windows with the most establishments, in time
    order: the "periods with many new arrangements" of chapter 4.2 of the seed. Windows with fewer
    than two establishments are not peaks."""
    series = {r.year: r.antall for r in table.rows if r.year is not None}
    if not series:
        return []
    first, last = min(series), max(series)
    windows = [
        (sum(series.get(y, 0) for y in range(a, a + width)), a)
        for a in range(first, last - width + 2)
    ]
    windows.sort(key=lambda w: (-w[0], -w[1]))
    chosen: list[Peak] = []
    for total, a in windows:
        if total < 2 or len(chosen) == count:
            break
        if all(a + width <= c.first or a > c.last for c in chosen):
            chosen.append(Peak(a, a + width - 1, total))
    return sorted(chosen)


class MunicipalitySummaryRow(NamedTuple):
    """Text of chapter 4.3: one county's fewest, most, mean and median arrangements per
    municipality."""

    fylkesnummer: str
    fylke: str
    kommuner: int
    minst: int
    kommune_minst: str  # the municipalities with the fewest, ", "-separated
    mest: int
    kommune_mest: str
    gjennomsnitt: float
    median: float | int


def municipality_summary(view: YearView) -> Table[MunicipalitySummaryRow]:
    """Text of chapter 4.3: per county the fewest and most arrangements per municipality (with the
    municipalities), the mean and the median."""
    by_county: dict[str, list[tuple[str, int]]] = defaultdict(list)
    counties = view.participating_counties()
    for r in municipalities_table(view).rows:
        county = view.municipalities[r.kommunenummer].fylkesnummer
        if county in counties:
            by_county[county].append((r.kommune, r.sum))
    rows = []
    for county in sorted(by_county):
        values = by_county[county]
        totals = sorted(v for _, v in values)
        low, high = totals[0], totals[-1]
        lows = sorted((n for n, v in values if v == low), key=norwegian_key)
        highs = sorted((n for n, v in values if v == high), key=norwegian_key)
        mean = round(sum(totals) / len(totals), 1)
        mid = len(totals) // 2
        median = totals[mid] if len(totals) % 2 else (totals[mid - 1] + totals[mid]) / 2
        rows.append(MunicipalitySummaryRow(
            fylkesnummer=county, fylke=view.register.county_name(county, view.year),
            kommuner=len(values), minst=low, kommune_minst=", ".join(lows), mest=high,
            kommune_mest=", ".join(highs), gjennomsnitt=mean, median=median))
    return Table.of(MunicipalitySummaryRow, rows)


class _Scoped(NamedTuple):
    kommune: str
    innbyggere: int | None
    sum: int


def _in_scope(view: YearView, county: str | None) -> dict[str, _Scoped]:
    """kommunenummer -> (name, population, total) for the municipalities of the analysis."""
    counties = {county} if county else view.participating_counties()
    return {
        r.kommunenummer: _Scoped(r.kommune, view.municipalities[r.kommunenummer].innbyggere,
                                 r.sum)
        for r in municipalities_table(view).rows
        if view.municipalities[r.kommunenummer].fylkesnummer in counties
    }


class CouncilCoverageRow(NamedTuple):
    """How many municipalities of one county belong to a council known for the year. The level
    rule needs councils: without one, no arrangement of the municipality can be regional or
    higher, so the report says where councils are not known instead of counting all as local."""

    fylkesnummer: str
    fylke: str
    kommuner: int
    uten_regionrad: int
    kommuner_uten: tuple[str, ...]  # names, sorted


def council_coverage(view: YearView, counties: Iterable[str]) -> Table[CouncilCoverageRow]:
    """Per county: the municipalities valid in the year and those in no council active then."""
    councils_of = view.councils.councils_of
    rows = []
    for c in counties:
        ms = [m for m in view.municipalities.values() if m.fylkesnummer == c]
        without = sorted((m.navn for m in ms if not councils_of.get(m.kommunenummer)),
                         key=norwegian_key)
        rows.append(CouncilCoverageRow(c, view.register.county_name(c, view.year), len(ms),
                                       len(without), tuple(without)))
    return Table.of(CouncilCoverageRow, rows)


def population_basis(view: YearView, county: str | None = None) -> tuple[dict[int | None, int], int]:
    """The population figures behind the size classes: how many municipalities of the analysis
    have a figure of each year (None: the register's own), and how many have none."""
    scoped = _in_scope(view, county)
    years = view.population_years(scoped)
    return years, len(scoped) - sum(years.values())


class SizeClassRow(NamedTuple):
    """Table 4.6: mean arrangements per municipality of one size class, by level and in all."""

    storrelse: str  # the size class's code
    navn: str
    kommuner: int
    hoyere: float
    regional: float
    lokal: float
    gjennomsnitt: float


def by_size_class(view: YearView, county: str | None = None) -> Table[SizeClassRow]:
    """Table 4.6: mean number of arrangements per municipality by size class, by level and in all
    (weighted: total participations over municipalities)."""
    none = (0,) * len(LEVEL_ORDER)
    per_level = view.level_counts
    groups: dict[str, list[str]] = defaultdict(list)
    for k, scoped in _in_scope(view, county).items():
        groups[size_class(scoped.innbyggere).code].append(k)
    rows = []
    for c in (*SIZE_CLASSES, UNKNOWN):
        members = groups.get(c.code)
        if not members:
            continue
        n = len(members)
        means = [round(sum(per_level.get(k, none)[i] for k in members) / n, 1)
                 for i in range(len(LEVEL_ORDER))]
        total = round(sum(sum(per_level.get(k, none)) for k in members) / n, 1)
        rows.append(SizeClassRow(storrelse=c.code, navn=c.label, kommuner=n, **level_cells(means),
                                 gjennomsnitt=total))
    return Table.of(SizeClassRow, rows)


class SizeRankRow(NamedTuple):
    """Figures 4.6-4.7: one municipality's total, with its rank by population (1 = largest)."""

    rang: int
    kommunenummer: str
    kommune: str
    innbyggere: int
    sum: int


def size_rank(view: YearView, county: str | None = None) -> Table[SizeRankRow]:
    """Figures 4.6-4.7: each municipality's total, ranked by population (1 = largest);
    municipalities without a known population are left out."""
    items = [(k, v, v.innbyggere) for k, v in _in_scope(view, county).items()
             if v.innbyggere is not None]
    items.sort(key=lambda x: (-x[2], norwegian_key(x[1].kommune)))
    return Table.of(SizeRankRow, [
        SizeRankRow(rang=i + 1, kommunenummer=k, kommune=v.kommune, innbyggere=population,
                    sum=v.sum)
        for i, (k, v, population) in enumerate(items)])


@dataclass(frozen=True, slots=True)
class Correlation:
    """Spearman's rank correlation between population and number of arrangements."""

    rho: float | None
    p_value: float | None
    n: int

    def significant(self, alpha: float = 0.05) -> bool | None:
        """Whether size and number of arrangements go together at ``alpha`` (the report words it,
        ``report/chapters/scope.py``); None when too few municipalities have a known population
        to test it."""
        if self.rho is None or self.p_value is None:
            return None
        return self.p_value < alpha


def spearman(x: Sequence[float], y: Sequence[float]) -> tuple[float, float]:
    """Spearman's rho (Pearson's r of the average ranks) and its two-sided p-value from Student's
    t with n - 2 degrees of freedom: what ``scipy.stats.spearmanr`` computes by default (a test
    holds the two equal), without importing ``scipy.stats``, which takes half a second, a fifth
    of a national report's analyses."""
    import numpy as np
    from scipy.special import stdtr

    def ranks(values: Sequence[float]):
        a = np.asarray(values, dtype=float)
        order = np.argsort(a, kind="mergesort")
        ordered = a[order]
        starts = np.r_[0, np.flatnonzero(np.diff(ordered)) + 1]
        ends = np.r_[starts[1:], len(a)]
        out = np.empty(len(a))
        out[order] = np.repeat((starts + ends + 1) / 2, ends - starts)  # ties share the mean
        return out

    n = len(x)
    rho = float(np.corrcoef(ranks(x), ranks(y))[0, 1])
    if abs(rho) >= 1.0:
        return rho, 0.0
    t = rho * math.sqrt((n - 2) / ((1.0 + rho) * (1.0 - rho)))
    return rho, float(2 * stdtr(n - 2, -abs(t)))


def size_correlation(view: YearView, county: str | None = None) -> Correlation:
    """Spearman's rho and its two-sided p-value over the municipalities of ``size_rank``."""
    rows = size_rank(view, county).rows
    n = len(rows)
    if n < 4:
        return Correlation(None, None, n)
    populations = [r.innbyggere for r in rows]
    totals = [r.sum for r in rows]
    if len(set(totals)) < 2 or len(set(populations)) < 2:
        return Correlation(None, None, n)
    rho, p = spearman(populations, totals)
    if math.isnan(rho):
        return Correlation(None, None, n)
    return Correlation(rho, p, n)

"""Mapping rounds (``kartlegginger``): each county counted at its own round and compared with its
own previous round, as the seed's table 4.1 (Nord-Trøndelag 2012, Sør-Trøndelag and Møre og
Romsdal 2013, Nordland 2014) and chapter 4.2 (against 2008, 2009 and 2010) do.

Without rounds in the register every county is counted at the one year asked for, as before.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from samkart.analysis.scope import GrowthRow, level_shares, touching
from samkart.analysis.tables import Table, county_row, norwegian_key, percent
from samkart.analysis.yearview import YearView
from samkart.domain.codes import LEVEL_ORDER, LegalForm, Level
from samkart.domain.entities import MappingRound
from samkart.register.model import Register


@dataclass(frozen=True, slots=True)
class CountyRounds:
    """A county's round shown (``year``) and the one before it (``previous``, None when the
    county was mapped once), with their closing dates and sources."""

    fylkesnummer: str
    year: int
    previous: int | None
    date: str = ""
    previous_date: str = ""
    source: str = ""


def rounds_by_county(register: Register, year: int | None = None) -> dict[str, CountyRounds]:
    """Each county with a round at or before ``year`` (any when None): its latest such round and
    the one before."""
    by_county: dict[str, list[MappingRound]] = defaultdict(list)
    for r in register.rounds:
        if year is None or r.ar <= year:
            by_county[r.fylkesnummer].append(r)
    out = {}
    for county, rounds in sorted(by_county.items()):
        rounds.sort(key=lambda r: r.ar)
        last = rounds[-1]
        before = rounds[-2] if len(rounds) > 1 else None
        out[county] = CountyRounds(county, last.ar, before.ar if before else None, last.dato,
                                   before.dato if before else "", last.kilde)
    return out


class Views:
    """Year views built once per year and shared (a view is the costly part of a count)."""

    def __init__(self, register: Register, *known: YearView | None):
        self.register = register
        self._views = {v.year: v for v in known if v is not None}

    def __call__(self, year: int) -> YearView:
        if year not in self._views:
            self._views[year] = YearView(self.register, year)
        return self._views[year]


class RoundCountyRow(NamedTuple):
    """``table counties --rounds``: a county counted at its own round."""

    fylkesnummer: str
    fylke: str
    ar: int
    hoyere: int
    regional: int
    lokal: int
    sum: int


def counties_at_rounds(register: Register, year: int | None = None,
                       views: Views | None = None) -> Table[RoundCountyRow]:
    """One row per county with a round (at or before ``year``), counted at its latest round."""
    views = views or Views(register)
    rows = []
    for county, r in rounds_by_county(register, year).items():
        row = county_row(views(r.year), county)
        rows.append(RoundCountyRow(county, row.fylke, r.year, row.hoyere, row.regional, row.lokal,
                                   row.sum))
    return Table.of(RoundCountyRow, rows)


def growth_at_rounds(register: Register, year: int | None = None,
                     views: Views | None = None) -> Table[GrowthRow]:
    """Chapter 4.2 by rounds: each county mapped twice, from its previous round to its latest
    (counties mapped once have no row)."""
    views = views or Views(register)
    return growth_of({county: (views(r.previous), views(r.year))
                      for county, r in rounds_by_county(register, year).items()
                      if r.previous is not None})


class RoundLevelRow(NamedTuple):
    """Table 4.1 with percentages and each county's own year (``ar``)."""

    fylkesnummer: str
    fylke: str
    ar: int
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


def levels_at(views: dict[str, YearView]) -> Table[RoundLevelRow]:
    """Table 4.1 with percentages: each county (key) counted in its own view (its round)."""
    rows = []
    for county, view in views.items():
        r = county_row(view, county)
        rows.append(RoundLevelRow(fylkesnummer=county, fylke=r.fylke, ar=view.year,
                                  **level_shares(r), sum=r.sum))  # type: ignore[arg-type]
    return Table.of(RoundLevelRow, rows)


def growth_of(pairs: dict[str, tuple[YearView, YearView]]) -> Table[GrowthRow]:
    """Chapter 4.2 for counties each with its own pair of views (before, after)."""
    rows = []
    for county, (before, after) in pairs.items():
        a = county_row(before, county).sum
        b = county_row(after, county)
        rows.append(GrowthRow(fylkesnummer=county, fylke=b.fylke, fra_ar=before.year,
                              antall_fra=a, til_ar=after.year, antall_til=b.sum,
                              endring=b.sum - a,
                              vekst_prosent=percent(b.sum - a, a) if a else None))
    return Table.of(GrowthRow, rows)


class LevelChangeRow(NamedTuple):
    """Change between two rounds at one geographic level in one county."""

    fylkesnummer: str
    fylke: str
    niva: str  # the level's code
    fra_ar: int
    antall_fra: int
    til_ar: int
    antall_til: int
    endring: int
    vekst_prosent: float | None


def level_changes(before: YearView, after: YearView, county: str) -> Table[LevelChangeRow]:
    """Chapter 4.2's change per level ("a doubling at the higher level")."""
    a, b = county_row(before, county), county_row(after, county)
    rows = [LevelChangeRow(county, b.fylke, lv.code, before.year, a.level(lv), after.year,
                           b.level(lv), b.level(lv) - a.level(lv),
                           percent(b.level(lv) - a.level(lv), a.level(lv)) if a.level(lv)
                           else None)
            for lv in LEVEL_ORDER]
    return Table.of(LevelChangeRow, rows)


class MunicipalityChangeRow(NamedTuple):
    """A municipality's counted arrangements in two rounds, in total and by level."""

    kommunenummer: str
    kommune: str
    antall_fra: int
    antall_til: int
    endring: int
    hoyere_endring: int
    regional_endring: int
    lokal_endring: int


def municipality_changes(before: YearView, after: YearView,
                         county: str) -> Table[MunicipalityChangeRow]:
    """Each municipality of ``county`` (valid in the later round) with its counts in both rounds;
    largest growth first. A municipality not yet valid in the first round starts at 0."""
    none = (0,) * len(LEVEL_ORDER)
    a_counts, b_counts = before.level_counts, after.level_counts
    rows = []
    for k, m in after.municipalities.items():
        if m.fylkesnummer != county:
            continue
        a, b = a_counts.get(k, none), b_counts.get(k, none)
        rows.append(MunicipalityChangeRow(k, m.navn, sum(a), sum(b), sum(b) - sum(a),
                                          *(y - x for x, y in zip(a, b, strict=True))))
    rows.sort(key=lambda r: (-r.endring, norwegian_key(r.kommune)))
    return Table.of(MunicipalityChangeRow, rows)


class FormChangeRow(NamedTuple):
    """NIVI's figure 6.3: counted arrangements of one legal form in two rounds."""

    tilknytningsform: str
    navn: str
    antall_fra: int
    prosent_fra: float
    antall_til: int
    prosent_til: float


def form_changes(before: YearView, after: YearView, county: str | None) -> Table[FormChangeRow]:
    """Legal forms round against round (the seed's figure 6.3: Nordland 2010 against 2014)."""
    a = [s.arrangement.tilknytningsform for s in touching(before, county)]
    b = [s.arrangement.tilknytningsform for s in touching(after, county)]
    ca, cb = Counter(a), Counter(b)
    rows = [FormChangeRow(f.code, f.label, ca[f], percent(ca[f], len(a)), cb[f],
                          percent(cb[f], len(b)))
            for f in LegalForm if ca[f] or cb[f]]
    return Table.of(FormChangeRow, rows)

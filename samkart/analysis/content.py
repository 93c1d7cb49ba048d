"""Chapter 5 of the seed: what the cooperation is about.

Coarse and fine sector shares per county (figures 5.1-5.2), share of municipalities per task field in
the four frequency bands (figures 5.3-5.6) and by size class (table 5.1), what changed between two
years (5.4), and the profile of one municipality (table 5.1 on Evenes).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from enum import StrEnum
from fractions import Fraction
from typing import Literal, NamedTuple, overload

from samkart.analysis.scope import touching
from samkart.analysis.tables import Table, norwegian_key, percent
from samkart.analysis.yearview import YearView
from samkart.domain.codes import Band, Sector
from samkart.domain.sizes import SIZE_CLASSES, UNKNOWN, size_class
from samkart.reference.lawrules import form_label
from samkart.register.model import Register

NO_FINE_SECTOR = "(uten delsektor)"


class Share(NamedTuple):
    """A count and its percent of a whole."""

    antall: int
    prosent: float


class SectorShareRow(NamedTuple):
    """Figure 5.1: one sector's counted arrangements in each group of ``sector_shares``; the
    columns of ``groups`` are ``antall_<county>``, ``prosent_<county>`` in the order asked for."""

    sektor: str  # the sector's code
    navn: str
    groups: tuple[Share, ...]


class FineSectorShareRow(NamedTuple):
    """Figure 5.2: as :class:`SectorShareRow`, for one ``delsektor`` under its sector."""

    sektor: str
    navn: str
    delsektor: str
    groups: tuple[Share, ...]


@overload
def sector_shares(view: YearView, counties: Sequence[str | None], fine: Literal[False] = False
                  ) -> Table[SectorShareRow]: ...
@overload
def sector_shares(view: YearView, counties: Sequence[str | None], fine: Literal[True]
                  ) -> Table[FineSectorShareRow]: ...
@overload
def sector_shares(view: YearView, counties: Sequence[str | None], fine: bool
                  ) -> Table[SectorShareRow] | Table[FineSectorShareRow]: ...
def sector_shares(view: YearView, counties: Sequence[str | None], fine: bool = False
                  ) -> Table[SectorShareRow] | Table[FineSectorShareRow]:
    """Share of a county's counted arrangements per sector, counties side by side (figure 5.1;
    with ``fine`` the free-text ``delsektor`` of figure 5.2, each under its coarse sector). A
    county of None stands for all arrangements of the year (columns ``antall_alle``)."""
    counts: dict[str | None, Counter[tuple[str, str]]] = {}
    for county in counties:
        c: Counter[tuple[str, str]] = Counter()
        for s in touching(view, county):
            a = s.arrangement
            c[(a.sektor.code, (a.delsektor or NO_FINE_SECTOR) if fine else "")] += 1
        counts[county] = c
    keys = sorted({k for c in counts.values() for k in c},
                  key=lambda k: (list(Sector.codes()).index(k[0]), norwegian_key(k[1])))
    columns = ["sektor", "navn"] + (["delsektor"] if fine else [])
    for county in counties:
        columns += [f"antall_{county or 'alle'}", f"prosent_{county or 'alle'}"]
    totals = {county: sum(counts[county].values()) for county in counties}
    rows: list = []
    for key in keys:
        groups = tuple(Share(counts[c][key], percent(counts[c][key], totals[c])) for c in counties)
        name = Sector.from_code(key[0]).label
        rows.append(FineSectorShareRow(key[0], name, key[1], groups) if fine
                    else SectorShareRow(key[0], name, groups))
    return Table(tuple(columns), rows)


def _takers(view: YearView) -> dict[str, set[str]]:
    takers: dict[str, set[str]] = defaultdict(set)
    for s in view.counted():
        for code in s.arrangement.oppgavefelt:
            takers[code].update(s.participants)
    return takers


class TaskFieldCountyRow(NamedTuple):
    """Figures 5.3-5.6: one task field's share of each county's municipalities (``counties``,
    columns ``prosent_<county>`` in the order asked for) and of all of them (``n`` in all,
    ``kommuner`` taking part)."""

    kode: str
    navn: str
    counties: tuple[float, ...]
    kommuner: int
    n: int
    prosent: float
    band: str  # a Band's code


def task_fields_by_county(view: YearView, counties: list[str]) -> Table[TaskFieldCountyRow]:
    """Per task field the share of each county's municipalities taking part, with the band of the
    share over all of them (figures 5.3-5.6 for a register; the bands of ``table task-fields``)."""
    takers = _takers(view)
    pops = {
        c: {k for k, m in view.municipalities.items() if m.fylkesnummer == c} for c in counties
    }
    everyone = set().union(*pops.values()) if pops else set()
    columns = ["kode", "navn"]
    for c in counties:
        columns += [f"prosent_{c}"]
    columns += ["kommuner", "n", "prosent", "band"]
    rows = []
    for code, field in view.register.task_fields.items():
        taking = takers.get(code, set())
        shares = tuple(percent(len(taking & pops[c]), len(pops[c])) for c in counties)
        n = len(taking & everyone)
        exact = Fraction(100 * n, len(everyone)) if everyone else Fraction(0)
        rows.append(TaskFieldCountyRow(kode=code, navn=field.navn, counties=shares, kommuner=n,
                                       n=len(everyone), prosent=percent(n, len(everyone)),
                                       band=Band.of(exact).code))
    rows.sort(key=lambda r: (-r.prosent, norwegian_key(r.navn)))
    return Table(tuple(columns), rows)


class TaskFieldSizeRow(NamedTuple):
    """Table 5.1: one task field's share of the municipalities of each size class (``classes``,
    columns ``prosent_<class>``); the last row of the table, ``kode`` ``n``, holds the number of
    municipalities in each class instead."""

    kode: str
    navn: str
    classes: tuple[float | int, ...]


def task_fields_by_size(view: YearView, counties: list[str]) -> Table[TaskFieldSizeRow]:
    """Table 5.1: per task field the share of municipalities taking part in each size class."""
    takers = _takers(view)
    groups: dict[str, set[str]] = defaultdict(set)
    for k, m in view.municipalities.items():
        if m.fylkesnummer in counties:
            groups[size_class(m.innbyggere).code].add(k)
    classes = [c for c in (*SIZE_CLASSES, UNKNOWN) if groups.get(c.code)]
    columns = ["kode", "navn", *(f"prosent_{c.code}" for c in classes)]
    rows = []
    for code, field in view.register.task_fields.items():
        rows.append(TaskFieldSizeRow(code, field.navn, tuple(
            percent(len(takers.get(code, set()) & groups[c.code]), len(groups[c.code]))
            for c in classes
        )))
    n_row = TaskFieldSizeRow("n", "Antall kommuner", tuple(len(groups[c.code]) for c in classes))
    return Table(tuple(columns), [*rows, n_row])


class Statutory(StrEnum):
    """Whether an arrangement's task is statutory (``lovpalagt``), or unknown."""

    JA = "ja"
    NEI = "nei"
    UKJENT = "ukjent"


class ChangeRow(NamedTuple):
    """Chapter 5.4: arrangements of one sector and statutory status that changed."""

    sektor: str  # the sector's code
    navn: str
    lovpalagt: Statutory
    nye: int
    reorganiserte: int
    avviklede: int
    utvidede: int


def changes(register: Register, from_year: int, to_year: int, county: str | None = None
            ) -> Table[ChangeRow]:
    """Chapter 5.4: between two years, by sector and statutory status, the arrangements that are
    new (counted in the second year only), ended (first only), reorganised (new and replacing one
    through ``erstatter``) and expanded (counted in both, with more participants in the second)."""
    return changes_between(YearView(register, from_year), YearView(register, to_year), county)


def changes_between(a_view: YearView, b_view: YearView, county: str | None = None
                    ) -> Table[ChangeRow]:
    """:func:`changes` for two views already built."""
    register = a_view.register
    before = {s.arrangement.id: s for s in touching(a_view, county)}
    after = {s.arrangement.id: s for s in touching(b_view, county)}
    counts: dict[tuple[str, Statutory], Counter[str]] = defaultdict(Counter)

    def key(aid: str) -> tuple[str, Statutory]:
        a = register.arrangements[aid]
        statutory = {True: Statutory.JA, False: Statutory.NEI, None: Statutory.UKJENT}
        return a.sektor.code, statutory[a.lovpalagt]

    for aid in after.keys() - before.keys():
        counts[key(aid)]["nye"] += 1
        if register.arrangements[aid].erstatter:
            counts[key(aid)]["reorganiserte"] += 1
    for aid in before.keys() - after.keys():
        counts[key(aid)]["avviklede"] += 1
    for aid in after.keys() & before.keys():
        # More participants, not new ones: a renumbered or merged member is not an expansion.
        if len(after[aid].participants) > len(before[aid].participants):
            counts[key(aid)]["utvidede"] += 1
    order = list(Sector.codes())
    rows = []
    for (sector, statutory), c in sorted(counts.items(), key=lambda kv: (order.index(kv[0][0]),
                                                                       kv[0][1])):
        rows.append(ChangeRow(sektor=sector, navn=Sector.from_code(sector).label, lovpalagt=statutory,
                              nye=c["nye"], reorganiserte=c["reorganiserte"],
                              avviklede=c["avviklede"], utvidede=c["utvidede"]))
    return Table.of(ChangeRow, rows)


class ProfileRow(NamedTuple):
    """Table 5.1 on Evenes: one counted arrangement of the municipality."""

    id: str
    navn: str
    sektor: str  # the sector's name
    partnere: str  # the other participants' names, ", "-separated
    antall_partnere: int
    tilknytningsform: str  # the legal form's name
    vertskommune: str  # the host's name, empty when none
    niva: str  # the level's code
    etablert: int | None


def municipality_profile(view: YearView, kommunenummer: str) -> Table[ProfileRow]:
    """Table 5.1 on Evenes: every counted arrangement of one municipality in the year, with its
    partners, legal form, host, level and year established; ordered by level, then name."""
    names = {k: m.navn for k, m in view.municipalities.items()}
    rows = []
    for s in view.counted():
        if kommunenummer not in s.participants:
            continue
        a = s.arrangement
        partners = sorted((names[k] for k in s.participants if k != kommunenummer),
                          key=norwegian_key)
        host = ""
        if a.vertskommune:
            # A host that has since merged keeps its old name rather than a bare number.
            m = view.register.municipalities.any_version(a.vertskommune)
            host = names.get(a.vertskommune) or (m.navn if m else a.vertskommune)
        rows.append(ProfileRow(id=a.id, navn=a.navn, sektor=a.sektor.label,
                               partnere=", ".join(partners), antall_partnere=len(partners),
                               tilknytningsform=form_label(a.tilknytningsform, view.year)[0],
                               vertskommune=host,
                               niva=s.level.code if s.level else "", etablert=a.etablert))
    level_rank = {"hoyere": 0, "regional": 1, "lokal": 2}
    rows.sort(key=lambda r: (level_rank.get(r.niva, 3), norwegian_key(r.navn)))
    return Table.of(ProfileRow, rows)

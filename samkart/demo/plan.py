"""What the demo generator works from and on: NIVI's published figures per county (the targets),
the neighbours and councils of a county's municipalities, and an arrangement being drafted.

Shared by ``generator.py`` (participant sets, borders, years) and ``content.py`` (sectors, names,
hosts), which both import it and neither the other's internals.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from samkart.domain.codes import LEVEL_ORDER, Level
from samkart.reference import Reference, neighbours, published

# Nord-Trøndelag: the seed gives 147 (2008) and 218 (2012) but not how many are new; 80 new and 9
# ended is in line with the other counties' turnover.
NEW_NT = 80


class CalibrationError(RuntimeError):
    """The published figures could not be met (a bug or inconsistent reference data)."""


@dataclass(slots=True)
class Draft:
    """An arrangement while it is being generated."""

    level: Level
    members: list[str]
    counties: set[str]
    council: str | None = None
    etablert: int | None = None
    avviklet: int | None = None
    late: dict[str, int] = field(default_factory=dict)  # member -> year it joined
    sector: str | None = None
    fields: list[str] = field(default_factory=list)
    erstatter: Draft | None = None
    excluded: str | None = None
    id: str = ""


# --- the published targets ------------------------------------------------------------------------

@dataclass(slots=True)
class CountyTarget:
    fylkesnummer: str
    year: int
    degrees: dict[Level, dict[str, int]]
    totals: dict[Level, int]
    first_round: int | None
    first_count: int | None
    new: int


def targets(reference: Reference) -> dict[str, CountyTarget]:
    """The published figures per county, with municipality names resolved to numbers."""
    out: dict[str, CountyTarget] = {}
    growth = {g.fylkesnummer: g for g in published.growth_rows()}
    for c in published.county_rows():
        by_name = {
            m.navn.casefold(): m.kommunenummer
            for m in reference.municipalities.valid_in(c.year)
            if m.fylkesnummer == c.fylkesnummer
        }
        degrees: dict[Level, dict[str, int]] = {level: {} for level in LEVEL_ORDER}
        for row in published.municipality_rows():
            if row.fylkesnummer != c.fylkesnummer:
                continue
            number = by_name.get(row.kommune.casefold())
            if number is None:
                raise CalibrationError(f"{row.kommune} finnes ikke i fylke {c.fylkesnummer} i {c.year}")
            for level in LEVEL_ORDER:
                degrees[level][number] = row.counts[level]
        g = growth.get(c.fylkesnummer)
        if g is not None:
            first, count = g.from_year, g.from_count
        elif c.fylkesnummer == "15":
            first, count = published.MR_ROUNDS[0], None
        else:
            first, count = None, None
        new = published.NEW_BETWEEN_ROUNDS.get(c.fylkesnummer, NEW_NT)
        out[c.fylkesnummer] = CountyTarget(c.fylkesnummer, c.year, degrees, dict(c.counts), first,
                                           count, new)
    return out


Affinity = Callable[[str], tuple[str | None, dict[str, float]]]


class Geography:
    """Neighbours and councils of the municipalities of one county and year."""

    def __init__(self, reference: Reference, county: str, year: int):
        self.county = county
        self.valid = {
            m.kommunenummer: m for m in reference.municipalities.valid_in(year)
        }
        self.local = sorted(k for k, m in self.valid.items() if m.fylkesnummer == county)
        nb = neighbours()
        self.neighbours = {k: nb.get(k, frozenset()) & set(self.local) for k in self.local}
        members: dict[str, set[str]] = defaultdict(set)
        for ms in reference.memberships:
            if ms.active_in(year) and ms.kommunenummer in self.valid:
                members[ms.regionrad_id].add(ms.kommunenummer)
        self.members = dict(members)
        self.councils_of: dict[str, list[str]] = defaultdict(list)
        for cid, kommuner in sorted(self.members.items()):
            for k in kommuner:
                self.councils_of[k].append(cid)

    def affinity(self, level: Level, rng: random.Random) -> Affinity:
        def local(anchor: str) -> tuple[str | None, dict[str, float]]:
            near = self.neighbours.get(anchor, frozenset())
            pref = {k: 1.0 for k in near}
            for k in near:
                for k2 in self.neighbours.get(k, ()):
                    pref.setdefault(k2, 0.4)
            if not pref:  # islands without neighbours on the map: their council partners
                for cid in self.councils_of.get(anchor, ()):
                    pref.update({k: 0.6 for k in self.members[cid] if k in self.neighbours})
            return None, pref

        def regional(anchor: str) -> tuple[str | None, dict[str, float]]:
            options = self.councils_of.get(anchor)
            if not options:
                return local(anchor)
            cid = rng.choice(options)
            return cid, {k: 1.0 for k in self.members[cid] if k in self.neighbours}

        def higher(anchor: str) -> tuple[str | None, dict[str, float]]:
            own = set(self.councils_of.get(anchor, ()))
            return None, {
                k: 0.3 for k in self.local if not own & set(self.councils_of.get(k, ()))
            }

        return {Level.LOKAL: local, Level.REGIONAL: regional, Level.HOYERE: higher}[level]

"""Bundled reference data: municipalities over time with population per year and målform, counties,
regional councils, task fields.

Provenance of every table is in ``README.md`` beside this file. Loading is cached: the tables are
small and read once per process.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

from samkart.domain.codes import CouncilType
from samkart.domain.entities import Council, CouncilMembership, County, Municipality, TaskField


@dataclass(frozen=True, slots=True)
class Change:
    """One line of the successor table (``kommuneendringer.csv``)."""

    year: int
    kind: str
    from_number: str
    from_name: str
    to_number: str
    to_name: str
    source: str


@dataclass(slots=True)
class MunicipalityIndex:
    """All versions of all municipalities, looked up by number and year."""

    by_number: dict[str, list[Municipality]] = field(default_factory=dict)

    @classmethod
    def of(cls, versions: Iterable[Municipality]) -> MunicipalityIndex:
        index = cls()
        for m in versions:
            index.by_number.setdefault(m.kommunenummer, []).append(m)
        for vs in index.by_number.values():
            vs.sort(key=lambda v: -1 if v.gyldig_fra is None else v.gyldig_fra)
        return index

    def valid(self, number: str, year: int) -> Municipality | None:
        """The version of ``number`` valid in ``year``, or None."""
        for v in self.by_number.get(number, ()):
            if v.valid_in(year):
                return v
        return None

    def known(self, number: str) -> bool:
        return number in self.by_number

    def any_version(self, number: str) -> Municipality | None:
        """The latest version of ``number`` (for names in messages), or None."""
        vs = self.by_number.get(number)
        return vs[-1] if vs else None

    def valid_in(self, year: int) -> Iterator[Municipality]:
        """Every municipality version valid in ``year``."""
        for vs in self.by_number.values():
            for v in vs:
                if v.valid_in(year):
                    yield v
                    break

    def end_year(self, number: str, year: int | None) -> int | None:
        """The year the version valid in ``year`` (or the latest) stops being valid."""
        v = self.valid(number, year) if year is not None else self.any_version(number)
        return v.gyldig_til if v else None


@dataclass(frozen=True, slots=True)
class PopulationTable:
    """Population on 1 January of each year per municipality number (``folketall.csv``: SSB table
    07459 in each year's own municipalities)."""

    by_number: Mapping[str, Mapping[int, int]] = field(default_factory=dict)

    def figure(self, m: Municipality, year: int) -> tuple[int, int] | None:
        """(population, year of the figure) for the version ``m`` counted in ``year``: the figure of
        ``year`` itself, else of the nearest earlier year, else (for years before the table starts)
        of the earliest year known. Only years in which this version was valid count, so a number
        reused for a merged municipality never lends its figure to the old one. None when unknown."""
        figures = self.by_number.get(m.kommunenummer)
        if not figures:
            return None
        own = [y for y in figures if m.valid_in(y)]
        if not own:
            return None
        earlier = [y for y in own if y <= year]
        y = max(earlier) if earlier else min(own)
        return figures[y], y

    def counted(self, m: Municipality, year: int) -> Municipality:
        """``m`` with the population of ``year`` (see :meth:`figure`). A figure the register gave
        itself (no ``innbyggere_ar``) wins; without a bundled figure ``m`` is returned unchanged."""
        if m.innbyggere is not None and m.innbyggere_ar is None:
            return m
        found = self.figure(m, year)
        if found is None or (found[0], found[1]) == (m.innbyggere, m.innbyggere_ar):
            return m
        return replace(m, innbyggere=found[0], innbyggere_ar=found[1])


@dataclass(frozen=True, slots=True)
class Reference:
    municipalities: MunicipalityIndex
    counties: dict[str, list[County]]
    councils: dict[str, Council]
    memberships: tuple[CouncilMembership, ...]
    task_fields: dict[str, TaskField]
    changes: tuple[Change, ...]
    population: PopulationTable = field(default_factory=PopulationTable)
    # Official language form (målform: bokmål, nynorsk or nøytral) of the municipalities of 2024,
    # by number (``malform.csv``); a number not in it has none known.
    language_forms: Mapping[str, str] = field(default_factory=dict)

    def successors(self, number: str, after_year: int) -> list[Change]:
        """Changes that ended ``number`` in or after ``after_year`` (earliest first)."""
        return sorted(
            (c for c in self.changes if c.from_number == number and c.year >= after_year),
            key=lambda c: c.year,
        )

    def language_form(self, number: str, year: int) -> str | None:
        """The official language form of municipality ``number`` as it was in ``year``: its own
        where the 2024 table has it, else that of the municipalities it became (through
        ``changes``) when they all have the same one; None when unknown or mixed."""
        found: set[str] = set()
        todo, seen = [(number, year)], set()
        while todo:
            key = todo.pop()
            if key in seen:
                continue
            seen.add(key)
            no, since = key
            if no in self.language_forms:
                found.add(self.language_forms[no])
                continue
            later = self.successors(no, since)
            todo += [(c.to_number, c.year) for c in later if c.year == later[0].year]
        return found.pop() if len(found) == 1 else None


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("samkart.reference").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _year(text: str) -> int | None:
    return int(text) if text else None


POPULATION_YEAR_OF_LIST = 2017


_adopted: Reference | None = None


def adopt(reference: Reference) -> None:
    """From now on, :func:`load_reference` answers ``reference``: the bundled data as the
    command line's register cache kept it, pickled beside a register (under a key that covers
    these very files), which loads in a quarter of the time of reading the files."""
    global _adopted
    _adopted = reference
    load_reference.cache_clear()


@cache
def load_reference() -> Reference:
    """The bundled reference data (cached)."""
    if _adopted is not None:
        return _adopted
    municipalities = MunicipalityIndex.of(
        Municipality(
            r["kommunenummer"],
            r["navn"],
            r["fylkesnummer"],
            int(r["innbyggere"]) if r["innbyggere"] else None,
            _year(r["gyldig_fra"]),
            _year(r["gyldig_til"]),
            # The figures of kommuner.csv are those of 1 January 2017 (tests/reference checks it).
            POPULATION_YEAR_OF_LIST if r["innbyggere"] else None,
        )
        for r in _rows("kommuner.csv")
    )
    counties: dict[str, list[County]] = {}
    for r in _rows("fylker.csv"):
        counties.setdefault(r["fylkesnummer"], []).append(
            County(r["fylkesnummer"], r["navn"], _year(r["gyldig_fra"]), _year(r["gyldig_til"]))
        )
    councils = {
        r["id"]: Council(r["id"], r["navn"], CouncilType.from_code(r["type"]), r["kilde"])
        for r in _rows("regionrad.csv")
    }
    memberships = tuple(
        CouncilMembership(
            r["regionrad_id"],
            r["kommunenummer"],
            _year(r["fra"]),
            _year(r["til"]),
            r["usikker"] == "ja",
            r["kilde"],
        )
        for r in _rows("regionrad_medlemmer.csv")
    )
    task_fields = {
        r["kode"]: TaskField(r["kode"], r["navn"], r["sektor"], r["frekvensband_2016"])
        for r in _rows("oppgavefelt.csv")
    }
    changes = tuple(
        Change(int(r["dato"][:4]), r["endring"], r["fra_kommunenummer"], r["fra_navn"],
               r["til_kommunenummer"], r["til_navn"], r["kilde"])
        for r in _rows("kommuneendringer.csv")
    )
    figures: dict[str, dict[int, int]] = {}
    for r in _rows("folketall.csv"):
        figures.setdefault(r["kommunenummer"], {})[int(r["ar"])] = int(r["innbyggere"])
    language_forms = {r["kommunenummer"]: r["malform"] for r in _rows("malform.csv")}
    return Reference(municipalities, counties, councils, memberships, task_fields, changes,
                     PopulationTable(figures), language_forms)


def county_name(counties: dict[str, list[County]], number: str, year: int | None) -> str:
    """The county's name in ``year`` (its latest name when not valid then)."""
    versions = counties.get(number)
    if not versions:
        return f"Fylke {number}"
    if year is not None:
        for c in versions:
            if c.valid_in(year):
                return c.navn
    return versions[-1].navn


@cache
def neighbours() -> dict[str, frozenset[str]]:
    """Municipality number -> numbers of its neighbours on the 2017 map (``naboer.csv``: boundaries
    within 1.5 km, so neighbours across a narrow fjord count)."""
    out: dict[str, set[str]] = {}
    for r in _rows("naboer.csv"):
        a, b = r["kommunenummer_a"], r["kommunenummer_b"]
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in out.items()}


@dataclass(frozen=True, slots=True)
class Outlines:
    """Simplified municipal outlines of one map year, in EPSG:25833 metres (``kart_YYYY.json``)."""

    year: int
    source: str
    rings: dict[str, list[list[tuple[int, int]]]]
    names: dict[str, str]


MAP_YEARS = (2017, 2024)


@cache
def outlines(map_year: int) -> Outlines:
    """The bundled outlines of ``map_year`` (one of :data:`MAP_YEARS`)."""
    text = resources.files("samkart.reference").joinpath("data", f"kart_{map_year}.json").read_text(
        "utf-8"
    )
    doc = json.loads(text)
    rings = {
        no: [[(x, y) for x, y in ring] for ring in m["ringer"]] for no, m in doc["kommuner"].items()
    }
    names = {no: m["navn"] for no, m in doc["kommuner"].items()}
    return Outlines(doc["ar"], doc["kilde"], rings, names)


def map_year_for(year: int) -> int:
    """The bundled map closest to the municipal structure of ``year``: 2017 up to 2019 (the four
    counties of the seed kept their 2012 structure until the 2018 Trøndelag merger renumbered them;
    numbers missing from a map are simply not drawn), 2024 from 2020."""
    return 2017 if year < 2020 else 2024

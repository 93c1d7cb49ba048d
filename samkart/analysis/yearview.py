"""The register as it stands in one year: who takes part in what, what counts, and at which level.

Every table of the report and the CLI starts from a :class:`YearView`, so the as-of rules, the
definition and the level rule are applied in exactly one place.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

from samkart.domain.codes import LEVEL_ORDER, Level
from samkart.domain.definition import Verdict, judge
from samkart.domain.entities import Arrangement, Municipality
from samkart.domain.levels import DEFAULT_SETTINGS, CouncilMap, LevelSettings, level_of
from samkart.domain.years import in_force
from samkart.reference import load_reference
from samkart.register.model import Register
from samkart.register.participants import Spans

_NONE: frozenset[str] = frozenset()


def _active(rows: Spans, a: Arrangement, valid: Container[str], year: int) -> Iterator[str]:
    """The municipalities of ``rows`` (participations of ``a`` with years, as the index holds
    them) whose participation is active in ``year``, ``a`` being active then."""
    for k, fra, til in rows:
        if k in valid and in_force(a.etablert if fra is None else fra, til, year):
            yield k


@dataclass(frozen=True, slots=True)
class Status:
    """One arrangement in the year: its active participants, verdict and level (when counted)."""

    arrangement: Arrangement
    participants: frozenset[str]
    verdict: Verdict
    level: Level | None
    host: str | None = None
    """The host in the year: the arrangement's ``vertskommune`` when it takes part then, else the
    participant marked ``rolle = vertskommune`` that year (a host carried over to its successor by
    ``samkart migrate`` keeps hosting in the years before the change)."""

    @property
    def counted_level(self) -> Level:
        """The level of a counted arrangement: every counted one has one, no other has."""
        if self.level is None:
            raise ValueError(f"{self.arrangement.id} is not counted and has no level")
        return self.level


class YearView:
    """Applies the contract's as-of rules for ``year`` once, for all tables to share."""

    def __init__(self, register: Register, year: int, settings: LevelSettings = DEFAULT_SETTINGS):
        self.register = register
        self.year = year
        # Each municipality with the population of the year counted (or the nearest earlier
        # year known), so size classes follow the year and say which year's figure they use.
        population = load_reference().population
        self.municipalities: dict[str, Municipality] = {
            m.kommunenummer: population.counted(m, year)
            for m in register.municipalities.valid_in(year)
        }
        valid = self.municipalities
        valid_numbers = frozenset(valid)
        active: dict[str, frozenset[str]] = {}
        arrangements = register.arrangements
        # A participation is active when its own years, its arrangement's years and its
        # municipality's existence all cover the year (docs/spec/register-format.md, deltakere;
        # Participation.active_in). Through the register's index of participants: those
        # without years of their own are active with their arrangement, and are taken as a
        # set (a million participations one by one took seconds).
        index = register.participant_index()
        steady, dated, hosts = index.steady, index.dated, index.hosts
        for aid, a in arrangements.items():
            if not a.active_in(year):
                continue
            members = steady.get(aid)
            found = members & valid_numbers if members else _NONE
            if aid in dated:
                found = found.union(_active(dated[aid], a, valid, year))
            active[aid] = found
        self.councils = self._councils()
        statuses: dict[str, Status] = {}
        for aid, a in arrangements.items():
            members = active.get(aid, _NONE)
            verdict = judge(a, len(members), year)
            level = level_of(a.niva, members, self.councils, settings) if verdict.counted else None
            host = a.vertskommune if a.vertskommune in members else None
            if host is None and a.vertskommune is not None and aid in hosts and members:
                # The participant marked as host that year, when there is exactly one.
                marked = set(_active(hosts[aid], a, valid, year))
                if len(marked) == 1:
                    host = next(iter(marked))
            statuses[aid] = Status(a, members, verdict, level, host)
        self.statuses = statuses

    def _councils(self) -> CouncilMap:
        members: dict[str, set[str]] = defaultdict(set)
        for m in self.register.memberships:
            if m.active_in(self.year) and m.kommunenummer in self.municipalities:
                members[m.regionrad_id].add(m.kommunenummer)
        return CouncilMap.build(members)

    def counted(self) -> list[Status]:
        """Counted arrangements (active in the year by construction), in register order."""
        return list(self._counted)

    @cached_property
    def _counted(self) -> tuple[Status, ...]:
        # Asked for by nearly every table, some per county: filtered once.
        return tuple(s for s in self.statuses.values() if s.verdict.counted)

    def counted_in(self, county: str) -> list[Status]:
        """Counted arrangements with at least one active participant in ``county``, in register
        order."""
        return list(self._counted_by_county.get(county, ()))

    @cached_property
    def _counted_by_county(self) -> dict[str, tuple[Status, ...]]:
        # Table 4.1, the growth figures and the per-county chapters ask per county, and each
        # pass over the counted arrangements costs ~20 ms at national scale: sorted out once.
        out: dict[str, list[Status]] = defaultdict(list)
        county = self._county_of.__getitem__
        for s in self._counted:
            for c in set(map(county, s.participants)):
                out[c].append(s)
        return {c: tuple(statuses) for c, statuses in out.items()}

    @cached_property
    def _county_of(self) -> dict[str, str]:
        return {k: m.fylkesnummer for k, m in self.municipalities.items()}

    @cached_property
    def county_level_counts(self) -> dict[str, Counter[Level]]:
        """fylkesnummer -> its distinct counted arrangements (those with a participant in the
        county) by level."""
        return {county: Counter(s.counted_level for s in statuses)
                for county, statuses in self._counted_by_county.items()}

    def population_years(self, numbers: Iterable[str]) -> dict[int | None, int]:
        """How many of ``numbers`` have a population figure of each year (None: the register's
        own figure), leaving out those without one. For the text beside every size class."""
        out: dict[int | None, int] = defaultdict(int)
        for k in numbers:
            m = self.municipalities.get(k)
            if m is not None and m.innbyggere is not None:
                out[m.innbyggere_ar] += 1
        return dict(out)

    def county_of(self, kommunenummer: str) -> str | None:
        m = self.municipalities.get(kommunenummer)
        return m.fylkesnummer if m else None

    def participating_counties(self) -> set[str]:
        """Counties with at least one participation active in the year (``table counties``)."""
        return set(self._participating_counties)

    @cached_property
    def _participating_counties(self) -> frozenset[str]:
        taking_part = frozenset().union(*(s.participants for s in self.statuses.values()))
        return frozenset(map(self._county_of.__getitem__, taking_part))

    @cached_property
    def level_counts(self) -> dict[str, tuple[int, ...]]:
        """kommunenummer -> its counted arrangements by level, in ``LEVEL_ORDER`` (only
        municipalities with at least one). Worked out once per view: the report asks per county
        and per municipality many times, and a pass over all participations costs ~50 ms at
        national scale. Counted level by level (Counter counts at C speed: a million
        participations one by one took a quarter of a second)."""
        by_level: dict[Level, list[frozenset[str]]] = {level: [] for level in LEVEL_ORDER}
        for s in self._counted:
            by_level[s.counted_level].append(s.participants)
        counts = [Counter(chain.from_iterable(by_level[level])) for level in LEVEL_ORDER]
        return {k: tuple(c[k] for c in counts) for k in set().union(*counts)}

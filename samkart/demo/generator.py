"""The demo register: synthetic, calibrated to NIVI's published figures.

What the seed publishes is reproduced exactly, for each county in its mapping year:

* every municipality's count by level (tables 4.2-4.5; for Vestvågøy and Røyrvik, whose printed
  totals do not equal their parts, the parts);
* the county's distinct arrangements by level (table 4.1);
* the growth between two rounds (chapter 4.2), and the arrangements new between them (chapter 5.4);
* the 76 arrangements across the Sør-/Nord-Trøndelag border and 12 across Sør-Trøndelag/Møre og
  Romsdal (appendix on Sør-Trøndelag).

Everything else (names, sectors, legal forms, years, task fields, hosts) is generated to be plausible
from a fixed seed: local arrangements between neighbouring municipalities, regional ones within a
council, higher ones across councils; task-field shares near the 2016 bands. The level of each
arrangement is set by hand (``niva``), as NIVI's analysts classified them; the derived level of the
contract's rule can differ, which the report's data-quality chapter shows.

How the counts are met: for each county and level, ``_build_sets`` builds exactly T participant sets
in which municipality i occurs exactly m_i times (a degree-constrained bipartite construction that
always includes the municipalities that must be in every remaining set, and otherwise prefers the
most "urgent" ones plus those near the anchor). Merging an arrangement of one county with one of the
same level in a neighbouring county changes no municipality's count and no county's count, so the
border-crossing arrangements are made by such merges afterwards.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict

from samkart.demo.content import Content
from samkart.demo.plan import (
    Affinity,
    CalibrationError,
    CountyTarget,
    Draft,
    Geography,
    targets,
)
from samkart.domain.codes import LEVEL_ORDER, Level
from samkart.domain.entities import MappingRound
from samkart.reference import Reference, load_reference, neighbours, published
from samkart.register.model import Register

__all__ = ["CalibrationError", "DemoGenerator", "generate_demo"]

SEED = 20161101


# --- participant sets -----------------------------------------------------------------------------



def _size(mean: float, level: Level, rng: random.Random) -> int:
    base = math.floor(mean)
    k = base + (1 if rng.random() < mean - base else 0)
    if level is not Level.LOKAL and rng.random() < 0.5:
        k += rng.choice((-2, -1, 1, 2)) if level is Level.HOYERE else rng.choice((-1, 1))
    return k


def _try_sets(
    degrees: dict[str, int], total: int, level: Level, affinity: Affinity, rng: random.Random,
    bonus: float,
) -> list[tuple[str | None, list[str]]] | None:
    r = {k: v for k, v in degrees.items() if v > 0}
    out: list[tuple[str | None, list[str]]] = []
    for t in range(total, 0, -1):
        pos = [k for k, v in r.items() if v > 0]
        if any(r[k] > t for k in pos):
            return None
        s = sum(r[k] for k in pos)
        forced = [k for k in pos if r[k] == t]
        hi = min(len(pos), s - 2 * (t - 1))
        lo = max(2, len(forced), s - (t - 1) * len(pos))
        if lo > hi:
            return None
        anchor = forced[0] if forced else max(pos, key=lambda x: (r[x], rng.random()))
        tag, pref = affinity(anchor)
        k = _size(s / t, level, rng)
        if level is Level.REGIONAL and tag is not None and rng.random() < bonus:
            # Large enough for the level rule: three quarters of the council's members here.
            k = max(k, math.ceil(0.75 * sum(1 for v in pref.values() if v >= 1.0)))
        k = min(max(k, lo), hi)
        chosen = list(dict.fromkeys([anchor, *forced]))
        rest = [m for m in pos if m not in chosen]
        rest.sort(key=lambda m: -(r[m] / t + bonus * pref.get(m, 0.0) + 0.05 * rng.random()))
        chosen += rest[: k - len(chosen)]
        for m in chosen:
            r[m] -= 1
        out.append((tag, chosen))
    if any(r.values()):
        return None
    return out


def _build_sets(
    degrees: dict[str, int], total: int, level: Level, affinity: Affinity, rng: random.Random
) -> list[tuple[str | None, list[str]]]:
    """Exactly ``total`` sets of at least two members, municipality i in exactly ``degrees[i]``."""
    for attempt in range(200):
        bonus = max(0.0, 1.0 - attempt * 0.01)
        sets = _try_sets(degrees, total, level, affinity, rng, bonus)
        if sets is not None:
            return sets
    raise CalibrationError(f"fant ingen fordeling for nivå {level.code} ({total} ordninger)")


# --- the generator --------------------------------------------------------------------------------

class DemoGenerator:
    """Builds the demo register. ``generate()`` is deterministic for a given seed."""

    def __init__(self, reference: Reference | None = None, seed: int = SEED):
        self.reference = reference or load_reference()
        self.rng = random.Random(seed)
        self.targets = targets(self.reference)
        self.geo = {
            c: Geography(self.reference, c, t.year) for c, t in self.targets.items()
        }

    def generate(self) -> Register:
        drafts: list[Draft] = []
        for county, target in sorted(self.targets.items()):
            drafts += self._county(county, target)
        self._merge_across_borders(drafts)
        ended = self._years(drafts)
        content = Content(self.reference, self.targets, self.geo, self.rng)
        content.assign(drafts, ended)
        extra = content.excluded(self.targets)
        register = content.register([*drafts, *ended, *extra])
        register.own.kartlegginger = demo_rounds()
        return register

    def _county(self, county: str, target: CountyTarget) -> list[Draft]:
        geo = self.geo[county]
        out = []
        for level in LEVEL_ORDER:
            sets = _build_sets(target.degrees[level], target.totals[level], level,
                               geo.affinity(level, self.rng), self.rng)
            out += [Draft(level, members, {county}, council=tag) for tag, members in sets]
        return out

    def _merge_across_borders(self, drafts: list[Draft]) -> None:
        """Merge pairs of same-level arrangements on either side of a border: the counts of every
        municipality and county stay as they are, and the register gets its border crossings."""
        nb = neighbours()
        for (c1, c2), wanted in sorted(published.CROSSING.items()):
            def near(a: Draft, b: Draft) -> bool:
                return any(nb.get(x, frozenset()) & set(b.members) for x in a.members)

            def shared_council(a: Draft, b: Draft) -> bool:
                return a.council is not None and a.council == b.council

            def anywhere(a: Draft, b: Draft) -> bool:
                return True

            # Most plausible first: the same council across the border, then neighbours, then
            # any two higher-level arrangements (those are county-wide or wider anyway).
            rounds = [(shared_council, (Level.REGIONAL, Level.LOKAL, Level.HOYERE)),
                      (near, (Level.REGIONAL, Level.LOKAL, Level.HOYERE)),
                      (anywhere, (Level.HOYERE,))]
            done = 0
            for test, levels in rounds:
                for level in levels:
                    side1 = [d for d in drafts if d.counties == {c1} and d.level is level]
                    side2 = [d for d in drafts if d.counties == {c2} and d.level is level]
                    self.rng.shuffle(side2)
                    for a in side1:
                        if done == wanted:
                            break
                        b = next((b for b in side2 if b.counties == {c2} and test(a, b)), None)
                        if b is None:
                            continue
                        a.members += b.members
                        a.counties |= b.counties
                        a.council = a.council or b.council
                        drafts.remove(b)
                        side2.remove(b)
                        done += 1
            if done != wanted:
                raise CalibrationError(f"bare {done} av {wanted} ordninger over grensen {c1}/{c2}")

    def _years(self, drafts: list[Draft]) -> list[Draft]:
        """Establishment years that give each county's published growth and new arrangements;
        returns the arrangements that ended between the rounds (replaced by new ones)."""
        rng = self.rng
        t = self.targets
        new_left = {c: t[c].new for c in t}
        by_county: dict[str, list[Draft]] = defaultdict(list)
        for d in drafts:
            for c in d.counties:
                by_county[c].append(d)
        is_new: dict[int, bool] = {}
        # Border-crossing arrangements first: new or old on both sides at once.
        crossing = [d for d in drafts if len(d.counties) > 1]
        rng.shuffle(crossing)
        for d in crossing:
            share = min(new_left[c] / len(by_county[c]) for c in d.counties)
            new = rng.random() < share and all(new_left[c] > 0 for c in d.counties)
            is_new[id(d)] = new
            if new:
                for c in d.counties:
                    new_left[c] -= 1
        for c in sorted(t):
            own = [d for d in by_county[c] if len(d.counties) == 1]
            rng.shuffle(own)
            if not 0 <= new_left[c] <= len(own):
                raise CalibrationError(f"kan ikke gi fylke {c} {t[c].new} nye ordninger")
            for i, d in enumerate(own):
                is_new[id(d)] = i < new_left[c]
        for d in drafts:
            # Old: active in every county's first round; new: after all of them, before any second.
            first = min(t[c].first_round or t[c].year for c in d.counties)
            last = min(published.NEW_UNTIL.get(c, t[c].year) for c in d.counties)
            if is_new[id(d)]:
                earliest = max(t[c].first_round or t[c].year - 4 for c in d.counties) + 1
                d.etablert = rng.choice(_recent_years(earliest, last, rng))
            else:
                d.etablert = _historic_year(first, rng)
        ended: list[Draft] = []
        for c in sorted(t):
            target = t[c]
            if target.first_round is None:
                continue
            old = sum(1 for d in by_county[c] if not is_new[id(d)])
            count = target.first_count if target.first_count is not None else old + 8
            gone = count - old
            if gone < 0:
                raise CalibrationError(f"fylke {c}: for mange gamle ordninger ({old} > {count})")
            successors = [
                d for d in by_county[c]
                if is_new[id(d)] and len(d.counties) == 1 and len(d.members) >= 2
            ]
            rng.shuffle(successors)
            for d in successors[:gone]:
                k = rng.randint(2, len(d.members))
                before = Draft(d.level, rng.sample(d.members, k), {c}, council=d.council,
                               etablert=_historic_year(target.first_round, rng),
                               avviklet=d.etablert)
                d.erstatter = before
                ended.append(before)
            # Some old arrangements grew: one member joined between the rounds.
            grown = [
                d for d in by_county[c]
                if not is_new[id(d)] and len(d.counties) == 1 and len(d.members) >= 3
            ]
            for d in rng.sample(grown, min(len(grown), target.new // 3)):
                member = rng.choice(d.members[1:])
                d.late[member] = rng.randint(target.first_round + 1, target.year)
        return ended


def _recent_years(earliest: int, last: int, rng: random.Random) -> list[int]:
    # More new arrangements in the last years before a round (chapter 4.2: "2012-13").
    years = list(range(earliest, last + 1))
    return years + years[-2:]


def _historic_year(latest: int, rng: random.Random) -> int:
    """A year no later than ``latest``, with the peaks of chapter 4.2: around 2004 and 2008."""
    while True:
        x = rng.random()
        if x < 0.25:
            year = round(rng.gauss(2004, 1.2))
        elif x < 0.5:
            year = round(rng.gauss(2008, 0.8))
        elif x < 0.85:
            year = rng.randint(1990, latest)
        else:
            year = rng.randint(1965, 1989)
        if year <= latest:
            return year


def demo_rounds() -> list[MappingRound]:
    """The seed's mapping rounds (chapter 1: Nordland 2010 and 2014, Møre og Romsdal 2013,
    Sør-Trøndelag 2009 and 2013, Nord-Trøndelag 2008 and 2012), from its published tables."""
    source = "NIVI Analyse (rundene i NIVIs rapport; tallene i demoen er syntetiske)"
    rounds = {(c.fylkesnummer, c.year) for c in published.county_rows()}
    rounds |= {(g.fylkesnummer, g.from_year) for g in published.growth_rows()}
    return [MappingRound(county, year, "", source) for county, year in sorted(rounds)]


def generate_demo(seed: int = SEED) -> Register:
    """The demo register (deterministic for a seed)."""
    return DemoGenerator(seed=seed).generate()


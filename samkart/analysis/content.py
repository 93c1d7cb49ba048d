"""Chapter 5 of the seed: what the cooperation is about.

Coarse and fine sector shares per county (figures 5.1-5.2), share of municipalities per task field in
the four frequency bands (figures 5.3-5.6) and by size class (table 5.1), what changed between two
years (5.4), and the profile of one municipality (table 5.1 on Evenes).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from fractions import Fraction

from samkart.analysis.scope import touching
from samkart.analysis.tables import Table, norwegian_key, percent
from samkart.analysis.yearview import YearView
from samkart.domain.codes import Band, Sector
from samkart.domain.sizes import SIZE_CLASSES, UNKNOWN, size_class
from samkart.register.model import Register

NO_FINE_SECTOR = "(uten delsektor)"


def sector_shares(view: YearView, counties: Sequence[str | None], fine: bool = False) -> Table:
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
    rows = []
    for key in keys:
        row: list[object] = [key[0], Sector.parse(key[0]).nb] + ([key[1]] if fine else [])
        for county in counties:
            total = sum(counts[county].values())
            row += [counts[county][key], percent(counts[county][key], total)]
        rows.append(tuple(row))
    return Table(tuple(columns), rows)


def _takers(view: YearView) -> dict[str, set[str]]:
    takers: dict[str, set[str]] = defaultdict(set)
    for s in view.counted():
        for code in s.arrangement.oppgavefelt:
            takers[code].update(s.participants)
    return takers


def task_fields_by_county(view: YearView, counties: list[str]) -> Table:
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
        row: list[object] = [code, field.navn]
        for c in counties:
            row.append(percent(len(takers.get(code, set()) & pops[c]), len(pops[c])))
        n = len(takers.get(code, set()) & everyone)
        exact = Fraction(100 * n, len(everyone)) if everyone else Fraction(0)
        row += [n, len(everyone), percent(n, len(everyone)), Band.of(exact).code]
        rows.append(tuple(row))
    rows.sort(key=lambda r: (-float(r[-2]), norwegian_key(str(r[1]))))
    return Table(tuple(columns), rows)


def task_fields_by_size(view: YearView, counties: list[str]) -> Table:
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
        rows.append((code, field.navn, *(
            percent(len(takers.get(code, set()) & groups[c.code]), len(groups[c.code]))
            for c in classes
        )))
    n_row = ("n", "Antall kommuner", *(len(groups[c.code]) for c in classes))
    return Table(tuple(columns), [*rows, n_row])


def changes(register: Register, from_year: int, to_year: int, county: str | None = None) -> Table:
    """Chapter 5.4: between two years, by sector and statutory status, the arrangements that are
    new (counted in the second year only), ended (first only), reorganised (new and replacing one
    through ``erstatter``) and expanded (counted in both, with more participants in the second)."""
    return changes_between(YearView(register, from_year), YearView(register, to_year), county)


def changes_between(a_view: YearView, b_view: YearView, county: str | None = None) -> Table:
    """:func:`changes` for two views already built."""
    register = a_view.register
    before = {s.arrangement.id: s for s in touching(a_view, county)}
    after = {s.arrangement.id: s for s in touching(b_view, county)}
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)

    def key(aid: str) -> tuple[str, str]:
        a = register.arrangements[aid]
        statutory = {True: "ja", False: "nei", None: "ukjent"}[a.lovpalagt]
        return a.sektor.code, statutory

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
        rows.append((sector, Sector.parse(sector).nb, statutory, c["nye"], c["reorganiserte"],
                     c["avviklede"], c["utvidede"]))
    return Table(("sektor", "navn", "lovpalagt", "nye", "reorganiserte", "avviklede", "utvidede"),
                 rows)


def municipality_profile(view: YearView, kommunenummer: str) -> Table:
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
        rows.append((a.id, a.navn, a.sektor.nb, ", ".join(partners), len(partners),
                     a.tilknytningsform.nb, host, s.level.code if s.level else "", a.etablert))
    level_rank = {"hoyere": 0, "regional": 1, "lokal": 2}
    rows.sort(key=lambda r: (level_rank.get(str(r[7]), 3), norwegian_key(str(r[1]))))
    return Table(("id", "navn", "sektor", "partnere", "antall_partnere", "tilknytningsform",
                  "vertskommune", "niva", "etablert"), rows)

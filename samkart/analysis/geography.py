"""Geography: arrangements across county borders (the appendix's 76 across Sør-/Nord-Trøndelag)
and the per-municipality values the maps of figures 4.1-4.3 are drawn from."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import NamedTuple

from samkart.analysis.tables import Table, municipalities_table
from samkart.analysis.yearview import YearView


class CrossingRow(NamedTuple):
    """Counted arrangements with active participants in both of two counties."""

    fylkesnummer_a: str
    fylke_a: str
    fylkesnummer_b: str
    fylke_b: str
    antall: int

    def touches(self, counties: set[str] | list[str]) -> bool:
        return self.fylkesnummer_a in counties or self.fylkesnummer_b in counties

    def other(self, county: str) -> str:
        """The name of the county across the border from ``county``."""
        return self.fylke_b if self.fylkesnummer_a == county else self.fylke_a


def county_crossings(view: YearView) -> Table[CrossingRow]:
    """Per pair of counties, the counted arrangements with active participants in both; an
    arrangement touching three counties counts once for each of its three pairs."""
    pairs: Counter[tuple[str, str]] = Counter()
    for s in view.counted():
        counties = sorted({view.municipalities[k].fylkesnummer for k in s.participants})
        for pair in combinations(counties, 2):
            pairs[pair] += 1
    name = view.register.county_name
    rows = [
        CrossingRow(fylkesnummer_a=a, fylke_a=name(a, view.year), fylkesnummer_b=b,
                    fylke_b=name(b, view.year), antall=n)
        for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return Table.of(CrossingRow, rows)


def totals_by_municipality(view: YearView, county: str | None = None) -> dict[str, int]:
    """kommunenummer -> counted arrangements in the year (the choropleth's values)."""
    return {r.kommunenummer: r.sum for r in municipalities_table(view, county).rows}


def council_of_municipality(view: YearView) -> dict[str, str]:
    """kommunenummer -> the council it is drawn in on the council map: its largest council (a
    regional council rather than a samkommune inside it), ties by id."""
    out: dict[str, str] = {}
    for k, councils in view.councils.councils_of.items():
        out[k] = max(councils, key=lambda c: (len(view.councils.members[c]), c))
    return out

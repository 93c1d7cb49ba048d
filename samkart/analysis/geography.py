"""Geography: arrangements across county borders (the appendix's 76 across Sør-/Nord-Trøndelag)
and the per-municipality values the maps of figures 4.1-4.3 are drawn from."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from samkart.analysis.tables import Table, municipalities_table
from samkart.analysis.yearview import YearView


def county_crossings(view: YearView) -> Table:
    """Per pair of counties, the counted arrangements with active participants in both; an
    arrangement touching three counties counts once for each of its three pairs."""
    pairs: Counter[tuple[str, str]] = Counter()
    for s in view.counted():
        counties = sorted({view.municipalities[k].fylkesnummer for k in s.participants})
        for pair in combinations(counties, 2):
            pairs[pair] += 1
    name = view.register.county_name
    rows = [
        (a, name(a, view.year), b, name(b, view.year), n)
        for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return Table(("fylkesnummer_a", "fylke_a", "fylkesnummer_b", "fylke_b", "antall"), rows)


def totals_by_municipality(view: YearView, county: str | None = None) -> dict[str, int]:
    """kommunenummer -> counted arrangements in the year (the choropleth's values)."""
    return {str(r[0]): int(r[-1]) for r in municipalities_table(view, county).rows}


def council_of_municipality(view: YearView) -> dict[str, str]:
    """kommunenummer -> the council it is drawn in on the council map: its largest council (a
    regional council rather than a samkommune inside it), ties by id."""
    out: dict[str, str] = {}
    for k, councils in view.councils.councils_of.items():
        out[k] = max(councils, key=lambda c: (len(view.councils.members[c]), c))
    return out

"""Who cooperates with whom: the cooperation network of a year.

Municipalities are the nodes; two municipalities are tied when they take part in the same counted
arrangement active in the year (both participations active), and the weight of the tie, ``felles``,
is the number of such arrangements (``docs/spec/cli.md``, ``table network``). The network can be
restricted to the arrangements of one level or one sector (:class:`NetworkScope`).

The network is kept as plain dictionaries (built in one pass over the counted arrangements, which
is what the contract's table needs); :meth:`Network.graph` gives it as a networkx graph for the
algorithms of :mod:`samkart.analysis.regions`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, NamedTuple

from samkart.analysis.tables import Table
from samkart.analysis.yearview import Status, YearView
from samkart.domain.codes import Level, Sector

if TYPE_CHECKING:  # networkx is imported only when a graph is asked for
    import networkx as nx


@dataclass(frozen=True, slots=True)
class NetworkScope:
    """Which counted arrangements make ties: all (the default), or one level or one sector."""

    level: Level | None = None
    sector: Sector | None = None

    def admits(self, status: Status) -> bool:
        if self.level is not None and status.level is not self.level:
            return False
        return self.sector is None or status.arrangement.sektor is self.sector

    def describe(self) -> str:
        """The restriction in words (bokmål, for captions), empty when there is none."""
        parts = []
        if self.level is not None:
            parts.append(self.level.label.lower())
        if self.sector is not None:
            parts.append(f"sektor {self.sector.label.lower()}")
        return ", ".join(parts)


ALL = NetworkScope()


class Tie(NamedTuple):
    """One row of ``table network``: a pair of municipalities (a < b) and their shared count."""

    kommunenummer_a: str
    kommunenummer_b: str
    felles: int


@dataclass(frozen=True, slots=True)
class Network:
    """The cooperation network of one year (and scope)."""

    year: int
    scope: NetworkScope
    weights: Mapping[tuple[str, str], int]
    """(a, b) with a < b -> the number of arrangements they share."""
    adjacency: Mapping[str, Mapping[str, int]]
    """kommunenummer -> partner -> shared arrangements (both directions)."""
    arrangements: Mapping[str, int]
    """kommunenummer -> the arrangements in scope it takes part in."""

    @property
    def nodes(self) -> list[str]:
        """Every municipality with at least one tie, by number."""
        return sorted(self.adjacency)

    def strength(self, kommunenummer: str) -> int:
        """The sum of a municipality's tie weights: its ties, counted per shared arrangement."""
        return sum(self.adjacency.get(kommunenummer, {}).values())

    def ties(self) -> list[Tie]:
        """Every tie in the contract's order: ``felles`` descending, then a, then b."""
        rows = [Tie(a, b, w) for (a, b), w in self.weights.items()]
        rows.sort(key=lambda t: (-t.felles, t.kommunenummer_a, t.kommunenummer_b))
        return rows

    def graph(self) -> nx.Graph:
        """The network as a weighted, undirected networkx graph (edge attribute ``weight``),
        nodes and edges added in number order so that algorithms with a seed repeat."""
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(self.nodes)
        g.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(self.weights.items()))
        return g


def cooperation_network(view: YearView, scope: NetworkScope = ALL) -> Network:
    """The network of the counted arrangements of ``view``'s year that ``scope`` admits.

    Participants are those active in the year (``YearView`` applies the as-of rules once), so a
    tie means both participations were active in the year."""
    weights: Counter[tuple[str, str]] = Counter()
    taking_part: Counter[str] = Counter()
    for s in view.counted():
        if not scope.admits(s):
            continue
        members = sorted(s.participants)
        taking_part.update(members)
        # combinations of a sorted list give each pair once with a < b (C-level loop: this is
        # the whole cost of the network, ~0.2 s for 370,000 pairs at national scale)
        weights.update(combinations(members, 2))
    adjacency: dict[str, dict[str, int]] = defaultdict(dict)
    for (a, b), w in weights.items():
        adjacency[a][b] = w
        adjacency[b][a] = w
    return Network(view.year, scope, dict(weights), dict(adjacency), dict(taking_part))


def network_table(view: YearView, network: Network, county: str | None = None) -> Table:
    """``table network`` of ``docs/spec/cli.md``: one row per tie, with the municipalities' names; with a
    ``county``, only the ties with at least one end in it."""
    name = {k: m.navn for k, m in view.municipalities.items()}
    rows = []
    for t in network.ties():
        a, b = t.kommunenummer_a, t.kommunenummer_b
        if county is not None and county not in (view.county_of(a), view.county_of(b)):
            continue
        rows.append((a, name[a], b, name[b], t.felles))
    return Table(("kommunenummer_a", "kommune_a", "kommunenummer_b", "kommune_b", "felles"), rows)


class SharedArrangement(NamedTuple):
    """An arrangement two municipalities take part in together (for the web's partner panel)."""

    id: str
    navn: str


def shared_arrangements(view: YearView, municipalities: Iterable[str],
                        scope: NetworkScope = ALL) -> dict[tuple[str, str], list[SharedArrangement]]:
    """For every tie with at least one end in ``municipalities``: the arrangements behind it, by
    name. Kept apart from :func:`cooperation_network`, whose national table needs only counts."""
    wanted = set(municipalities)
    out: dict[tuple[str, str], list[SharedArrangement]] = defaultdict(list)
    for s in view.counted():
        if not scope.admits(s) or not (s.participants & wanted):
            continue
        item = SharedArrangement(s.arrangement.id, s.arrangement.navn)
        for a, b in combinations(sorted(s.participants), 2):
            if a in wanted or b in wanted:
                out[(a, b)].append(item)
    return dict(out)

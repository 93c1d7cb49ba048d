"""Functional regions: communities of the cooperation network, set against the regional councils.

NIVI's report argues in words that Nord-Trøndelag's cooperation follows fixed regions while Møre og
Romsdal's is fragmented, that Frosta and Snåsa are *vippekommuner* (swing municipalities) pulled
between two regions, and that Bindal and Rindal look across the county border. This module makes
those statements numbers:

* **communities** of the network (:func:`communities`): Louvain (networkx, the default) or Leiden
  (leidenalg, an optional extra: it and igraph are GPL, samkart is MIT), on the tie weights, with a
  fixed seed and the resolution as a setting (:class:`RegionSettings`). Communities are numbered
  1, 2, … by size (largest first; equal sizes by their lowest kommunenummer), so the numbers do not
  depend on the algorithm's labels.
* **per municipality** (:class:`RegionMember`): its region, its ties to each region, its
  *strongest* region (the one it has most ties to, which can differ from the one the algorithm
  put it in), its regional council and whether the region's largest council is not its own
  (``avviker``).
* **per council** (:class:`CouncilFit`): how many of its members fall in the region that holds
  most of them, and over how many regions they are spread.
* **swing municipalities** (:class:`Split`): a municipality whose ties split between two regions,
  or between the members of two councils, so that the weaker of the two holds at least
  ``swing_share`` (default one third) of the ties the two hold together.
* **cross-border pull** (:func:`cross_border_pull`): the share of a municipality's ties that go to
  municipalities in other counties, and which county, council and region they go to.

"Ties" are counted as in the network: one per partner and shared arrangement (a municipality in a
regional arrangement with nine council partners has nine ties through it).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from samkart.analysis.network import Network, NetworkScope
from samkart.analysis.tables import Table, norwegian_key, percent
from samkart.analysis.yearview import YearView

METHODS = ("leiden", "louvain")


@dataclass(frozen=True, slots=True)
class RegionSettings:
    """Settings of the functional regions. The defaults are what the CLI, report and web use."""

    method: str = "louvain"
    """``louvain`` (scikit-network's Louvain, the best of :data:`LOUVAIN_RUNS` seeded runs) or
    ``leiden`` (leidenalg's RBConfiguration partition, i.e. modularity with a resolution; needs
    ``pip install samkart[leiden]``). Both maximise modularity with ``resolution``."""
    resolution: float = 1.0
    """Above 1: more, smaller regions; below 1: fewer, larger ones."""
    seed: int = 1
    """Both algorithms visit nodes in a random order; a fixed seed gives the same regions for
    the same register every time."""
    swing_share: Fraction = Fraction(1, 3)
    """A municipality is a swing municipality when the weaker of its two strongest regions (or
    councils) holds at least this share of the ties the two hold together: 1/3 means a split of
    2:1 or more even. Must lie in (0, 1/2]."""

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, not {self.method!r}")
        if not self.resolution > 0:
            raise ValueError("resolution must be above 0")
        if not 0 < self.swing_share <= Fraction(1, 2):
            raise ValueError("swing_share must lie in (0, 1/2]")


DEFAULT_SETTINGS = RegionSettings()


def communities(network: Network, settings: RegionSettings = DEFAULT_SETTINGS) -> dict[str, int]:
    """kommunenummer -> community number (1 = the largest) for every node of ``network``."""
    nodes = network.nodes
    if not nodes:
        return {}
    if settings.method == "leiden":
        groups = _leiden(network, nodes, settings)
    else:
        groups = _louvain(network, nodes, settings)
    groups.sort(key=lambda g: (-len(g), min(g)))
    return {k: i for i, group in enumerate(groups, start=1) for k in group}


class MissingLeiden(RuntimeError):
    """Leiden was asked for, and leidenalg or igraph is not installed."""


def _leiden(network: Network, nodes: list[str], settings: RegionSettings) -> list[set[str]]:
    try:
        import igraph
        import leidenalg
    except ImportError as e:
        raise MissingLeiden("Leiden needs leidenalg and igraph: pip install 'samkart[leiden]' "
                            "(both GPL), or use the default louvain") from e

    index = {k: i for i, k in enumerate(nodes)}
    edges = sorted(network.weights.items())
    graph = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for (a, b), _ in edges])
    partition = leidenalg.find_partition(
        graph, leidenalg.RBConfigurationVertexPartition, weights=[w for _, w in edges],
        resolution_parameter=settings.resolution, seed=settings.seed,
        n_iterations=-1)  # iterate until no move improves the partition, not a fixed number
    return [{nodes[i] for i in community} for community in partition if community]


LOUVAIN_RUNS = 8
"""Louvain is a greedy heuristic whose result depends on the order it visits the nodes: it is run
this many times (node orders drawn from ``seed``, ``seed + 1``, …) and the partition of highest
modularity kept (equal: the earliest run), which is both better and steadier than one run."""


def _louvain(network: Network, nodes: list[str], settings: RegionSettings) -> list[set[str]]:
    # scikit-network (BSD) runs Louvain in compiled code: the whole national network (400
    # municipalities, 65,000 ties) in ~30 ms a run, against ~1.5 s for networkx's pure Python.
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from sknetwork.clustering import Louvain, get_modularity

    index = {k: i for i, k in enumerate(nodes)}
    ties = sorted(network.weights.items())
    rows = np.array([index[a] for (a, _b), _w in ties], dtype=np.int64)
    cols = np.array([index[b] for (_a, b), _w in ties], dtype=np.int64)
    weights = np.array([w for _, w in ties], dtype=np.float64)
    n = len(nodes)
    adjacency = coo_matrix((np.concatenate([weights, weights]),
                            (np.concatenate([rows, cols]), np.concatenate([cols, rows]))),
                           shape=(n, n)).tocsr()
    best: tuple[float, np.ndarray] | None = None
    for run in range(LOUVAIN_RUNS):
        labels = Louvain(resolution=settings.resolution, random_state=settings.seed + run,
                         shuffle_nodes=True, tol_optimization=1e-7,
                         tol_aggregation=1e-7).fit_predict(adjacency)
        quality = float(get_modularity(adjacency, labels, resolution=settings.resolution))
        if best is None or quality > best[0] + 1e-12:
            best = (quality, labels)
    assert best is not None
    # Louvain can leave a community internally disconnected (Leiden cannot); a region that falls
    # apart is reported as its connected parts.
    out: list[set[str]] = []
    for label in np.unique(best[1]):
        members = np.flatnonzero(best[1] == label)
        count, parts = connected_components(adjacency[members][:, members], directed=False)
        for part in range(count):
            out.append({nodes[i] for i in members[parts == part]})
    return out


class Split(NamedTuple):
    """A municipality's two strongest regions or councils, by *intensity*: its ties to a group
    divided by the group's members (itself left out), i.e. the mean number of arrangements it
    shares with one of them. Intensity rather than raw ties, so that a large region or council does
    not win by size alone. ``first`` is at least as intense as ``second`` (equal: the lower region
    number or council id first)."""

    first: str
    first_ties: int
    first_members: int
    second: str
    second_ties: int
    second_members: int

    @property
    def first_intensity(self) -> Fraction:
        return Fraction(self.first_ties, self.first_members)

    @property
    def second_intensity(self) -> Fraction:
        return Fraction(self.second_ties, self.second_members)

    @property
    def share(self) -> Fraction:
        """The weaker one's share of the two intensities together."""
        return self.second_intensity / (self.first_intensity + self.second_intensity)

    @property
    def share_percent(self) -> float:
        s = self.share
        return percent(s.numerator, s.denominator)


class RegionMember(NamedTuple):
    """One municipality in the functional regions (a row of ``table regions``, and more)."""

    kommunenummer: str
    kommune: str
    fylkesnummer: str
    region: int
    ties: int
    """All its ties (the sum of its tie weights)."""
    ties_by_region: tuple[tuple[int, int], ...]
    """(region, ties) for every region it has ties to, most first."""
    strongest_region: int
    regionrad: str | None
    """Its regional council in the year: its region's largest council when it is a member of that,
    else its own council (:func:`own_council`); None when it is in none."""
    region_council: str | None
    """The council most of its region's members belong to (each counted at its own council)."""
    avviker: bool
    """True when it has a council and its region's largest council is not that council."""
    region_split: Split | None
    """Its two most intense regions (None when it has ties to one region only)."""
    council_split: Split | None
    """Its two most intense councils (each partner counted at its own council, a council's size
    being the municipalities whose own council it is; partners in no council left out); None
    when it has ties to fewer than two."""
    vippekommune: bool

    @property
    def ties_in_region(self) -> int:
        return dict(self.ties_by_region).get(self.region, 0)


class Region(NamedTuple):
    """One functional region (community)."""

    id: int
    members: tuple[str, ...]
    centre: str
    """The member with most ties inside the region (equal: the lowest number); names the region
    for people ("region 2 (Namsos)")."""
    council: str | None
    """The council most members belong to (each at its own council)."""
    council_members: int
    counties: tuple[str, ...]
    internal_ties: int
    """Sum of the weights of ties inside the region."""
    external_ties: int
    """Sum of the weights of ties from members to municipalities outside it."""


class CouncilFit(NamedTuple):
    """One regional council against the functional regions."""

    id: str
    navn: str
    members: int
    """Its members valid and active in the year."""
    in_network: int
    """Members with at least one tie in the network."""
    region: int | None
    """The region holding most of its members (equal: the lower number)."""
    in_region: int
    regions: tuple[tuple[int, int], ...]
    """(region, members) for each region its members fall in, most first."""

    @property
    def share_percent(self) -> float:
        """Share of its members in ``region``, in percent of all its members."""
        return percent(self.in_region, self.members)

    @property
    def split(self) -> bool:
        """Its members fall in more than one region."""
        return len(self.regions) > 1


@dataclass(frozen=True, slots=True)
class Regions:
    """The functional regions of one network, with everything the CLI, report and web show."""

    year: int
    scope: NetworkScope
    settings: RegionSettings
    regions: tuple[Region, ...]
    members: Mapping[str, RegionMember]
    councils: tuple[CouncilFit, ...]

    def region(self, number: int) -> Region:
        return self.regions[number - 1]

    def rows(self, county: str | None = None) -> list[RegionMember]:
        """Municipalities by region, then number (of ``county`` only, when given)."""
        rows = [m for m in self.members.values() if county is None or m.fylkesnummer == county]
        rows.sort(key=lambda m: (m.region, m.kommunenummer))
        return rows

    def swing(self, county: str | None = None) -> list[RegionMember]:
        """The swing municipalities, most even split first."""
        rows = [m for m in self.rows(county) if m.vippekommune]
        rows.sort(key=lambda m: (-max(_split_share(m.region_split), _split_share(m.council_split)),
                                 m.kommunenummer))
        return rows


def _split_share(split: Split | None) -> Fraction:
    return split.share if split else Fraction(0)


def _split(ties: Counter, sizes: Mapping, order_key) -> Split | None:
    """The two most intense groups of ``ties`` (group -> ties), ``sizes`` giving each group's
    members other than the municipality itself."""
    groups = [g for g, w in ties.items() if w and sizes[g]]
    if len(groups) < 2:
        return None
    # float division orders exactly here: equal ratios round to the same float, and two top
    # groups are all that is needed (no sort of hundreds of Fractions per municipality)
    a, b = heapq.nsmallest(2, groups, key=lambda g: (-ties[g] / sizes[g], order_key(g)))
    return Split(str(a), ties[a], sizes[a], str(b), ties[b], sizes[b])


def own_council(view: YearView) -> dict[str, str]:
    """kommunenummer -> the council it is compared with: its *smallest* council in the year (equal
    sizes: the lower id), so that a samkommune or a sub-regional council is preferred to an
    umbrella council around it (Midtre Namdal samkommune rather than Namdal regionråd), as NIVI
    names the regions."""
    members = view.councils.members
    return {k: min(cs, key=lambda c: (len(members[c]), c))
            for k, cs in view.councils.councils_of.items()}


def functional_regions(view: YearView, network: Network,
                       settings: RegionSettings = DEFAULT_SETTINGS) -> Regions:
    """Communities of ``network`` set against the councils of ``view``'s year, with the swing
    municipalities by ``settings.swing_share``."""
    assigned = communities(network, settings)
    main_council = own_council(view)
    own_groups = Counter(main_council.values())
    council_members = view.councils.members
    share = settings.swing_share

    by_region: dict[int, list[str]] = defaultdict(list)
    for k, r in assigned.items():
        by_region[r].append(k)

    # each region's largest council, members counted at their own council
    region_council: dict[int, tuple[str | None, int]] = {}
    for r, ks in by_region.items():
        counts = Counter(main_council[k] for k in ks if k in main_council)
        if not counts:
            region_council[r] = (None, 0)
            continue
        best = min(counts, key=lambda c: (-counts[c], -Fraction(counts[c], len(council_members[c])),
                                          c))
        region_council[r] = (best, counts[best])

    members: dict[str, RegionMember] = {}
    internal: Counter[int] = Counter()
    external: Counter[int] = Counter()
    inside: dict[str, int] = {}
    for k in network.nodes:
        partners = network.adjacency[k]
        own = assigned[k]
        ties_by: Counter[int] = Counter()
        ties_by_council: Counter[str] = Counter()
        for p, w in partners.items():
            ties_by[assigned[p]] += w
            c = main_council.get(p)
            if c is not None:
                ties_by_council[c] += w
        ordered = tuple(sorted(ties_by.items(), key=lambda kv: (-kv[1], kv[0])))
        inside[k] = ties_by[own]
        mine = view.councils.councils_of.get(k, frozenset())
        internal[own] += ties_by[own]
        external[own] += sum(ties_by.values()) - ties_by[own]
        rc, _ = region_council[own]
        regionrad = rc if rc in mine else main_council.get(k)
        region_sizes = {r: len(by_region[r]) - (r == own) for r in ties_by}
        council_sizes = {c: own_groups[c] - (main_council.get(k) == c) for c in ties_by_council}
        region_split = _split(ties_by, region_sizes, lambda r: r)
        council_split = _split(ties_by_council, council_sizes, lambda c: c)
        swing = any(s is not None and s.share >= share for s in (region_split, council_split))
        m = view.municipalities[k]
        members[k] = RegionMember(
            k, m.navn, m.fylkesnummer, own, sum(ties_by.values()), ordered, ordered[0][0],
            regionrad, rc, regionrad is not None and rc != regionrad, region_split, council_split,
            swing)

    regions = []
    for r in sorted(by_region):
        ks = sorted(by_region[r])
        centre = min(ks, key=lambda k: (-inside[k], k))
        counties = sorted({view.municipalities[k].fylkesnummer for k in ks})
        rc, rc_n = region_council[r]
        # each internal tie was counted from both ends
        regions.append(Region(r, tuple(ks), centre, rc, rc_n, tuple(counties), internal[r] // 2,
                              external[r]))

    fits = []
    for cid, ms in council_members.items():
        council = view.register.councils.get(cid)
        if council is None:
            continue
        council_regions = Counter(assigned[k] for k in ms if k in assigned)
        spread = tuple(sorted(council_regions.items(), key=lambda kv: (-kv[1], kv[0])))
        fits.append(CouncilFit(cid, council.navn, len(ms), sum(council_regions.values()),
                               spread[0][0] if spread else None, spread[0][1] if spread else 0,
                               spread))
    fits.sort(key=lambda f: (norwegian_key(f.navn), f.id))
    return Regions(view.year, network.scope, settings, tuple(regions), members, tuple(fits))


def regions_table(regions: Regions, county: str | None = None) -> Table:
    """``table regions`` of ``docs/spec/cli.md``."""
    rows = [(m.kommunenummer, m.kommune, m.region, m.regionrad or "",
             "ja" if m.avviker else "nei", "ja" if m.vippekommune else "nei")
            for m in regions.rows(county)]
    return Table(("kommunenummer", "kommune", "region", "regionrad", "avviker", "vippekommune"),
                 rows)


def swing_table(regions: Regions, county: str | None = None) -> Table:
    """The numbers behind ``vippekommune``: for each swing municipality its two most intense
    regions and councils, each with its ties and members (the intensity is ties / members), and
    the weaker one's share of the two intensities."""
    rows = []
    for m in regions.swing(county):
        cells: list[object] = [m.kommunenummer, m.kommune, m.region, m.regionrad or "", m.ties]
        for split in (m.region_split, m.council_split):
            if split is None:
                cells += ["", None, None, "", None, None, None]
            else:
                cells += [split.first, split.first_ties, split.first_members, split.second,
                          split.second_ties, split.second_members, split.share_percent]
        rows.append(tuple(cells))
    columns = ["kommunenummer", "kommune", "region", "regionrad", "forbindelser"]
    for kind in ("region", "regionrad"):
        columns += [f"{kind}_1", f"forbindelser_{kind}_1", f"medlemmer_{kind}_1", f"{kind}_2",
                    f"forbindelser_{kind}_2", f"medlemmer_{kind}_2", f"andel_{kind}_prosent"]
    return Table(tuple(columns), rows)


def council_fit_table(regions: Regions) -> Table:
    """Per council: members, members in the network, the region holding most of them, how many
    that is (and in percent of its members), and how many regions its members fall in."""
    rows = [(f.id, f.navn, f.members, f.in_network, f.region, f.in_region, f.share_percent,
             len(f.regions)) for f in regions.councils]
    return Table(("id", "navn", "medlemmer", "i_nettverket", "region", "i_regionen",
                  "andel_prosent", "regioner"), rows)


class BorderPull(NamedTuple):
    """How much of a municipality's cooperation goes across its county border, and where to."""

    kommunenummer: str
    kommune: str
    fylkesnummer: str
    ties: int
    across: int
    """Ties to municipalities in other counties."""
    partners_across: int
    county: str | None
    """The other county with most of those ties (equal: the lower number)."""
    county_ties: int
    council: str | None
    """The council (partners at their own council) with most of those ties."""
    council_ties: int
    region: int | None
    """The functional region with most of those ties, when regions were given."""
    region_ties: int

    @property
    def share_percent(self) -> float:
        return percent(self.across, self.ties)


def cross_border_pull(view: YearView, network: Network,
                      regions: Regions | None = None) -> list[BorderPull]:
    """Per municipality of the network: its ties across the county border and where they go;
    largest share first (equal: more ties across first, then Norwegian alphabetical order)."""
    main_council = own_council(view)
    county_of = {k: m.fylkesnummer for k, m in view.municipalities.items()}
    out = []
    for k in network.nodes:
        home = county_of[k]
        counties: Counter[str] = Counter()
        councils: Counter[str] = Counter()
        found: Counter[int] = Counter()
        across = partners = total = 0
        for p, w in network.adjacency[k].items():
            total += w
            if county_of[p] == home:
                continue
            across += w
            partners += 1
            counties[county_of[p]] += w
            if p in main_council:
                councils[main_council[p]] += w
            if regions is not None:
                found[regions.members[p].region] += w
        county = _top(counties)
        council = _top(councils)
        region = _top(found)
        out.append(BorderPull(k, view.municipalities[k].navn, home, total, across, partners,
                              county, counties[county] if county else 0,
                              council, councils[council] if council else 0,
                              region, found[region] if region is not None else 0))
    out.sort(key=lambda b: (-Fraction(b.across, b.ties), -b.across, norwegian_key(b.kommune)))
    return out


def _top(counts: Counter):
    if not counts:
        return None
    return min(counts, key=lambda key: (-counts[key], key))


def cross_border_table(view: YearView, pulls: list[BorderPull], county: str | None = None,
                       only_across: bool = False) -> Table:
    """:func:`cross_border_pull` as a table with names (of ``county`` only, when given; with
    ``only_across``, only municipalities with ties across the border)."""
    councils = view.register.councils
    rows = []
    for b in pulls:
        if county is not None and b.fylkesnummer != county:
            continue
        if only_across and not b.across:
            continue
        rows.append((b.kommunenummer, b.kommune, b.fylkesnummer, b.ties, b.across,
                     b.share_percent, b.partners_across, b.county or "",
                     view.register.county_name(b.county, view.year) if b.county else "",
                     b.county_ties, b.council or "",
                     councils[b.council].navn if b.council in councils else "", b.council_ties,
                     b.region, b.region_ties))
    return Table(("kommunenummer", "kommune", "fylkesnummer", "forbindelser",
                  "forbindelser_over_grensen", "andel_prosent", "partnere_over_grensen",
                  "til_fylkesnummer", "til_fylke", "forbindelser_til_fylke", "til_regionrad",
                  "til_regionrad_navn", "forbindelser_til_regionrad", "til_region",
                  "forbindelser_til_region"), rows)


class CountyStructure(NamedTuple):
    """How a county's cooperation lies against its councils and regions: NIVI's contrast between
    Nord-Trøndelag's fixed regions and Møre og Romsdal's fragmented pattern, as numbers. Ties are
    those with both ends in the county."""

    fylkesnummer: str
    fylke: str
    municipalities: int
    """Its municipalities in the network."""
    ties: int
    within_council: int
    """Ties between two members of one council (any council both belong to)."""
    within_region: int
    """Ties inside one functional region."""
    regions: int
    """Functional regions its municipalities fall in."""
    councils: int
    """Own councils (:func:`own_council`) of its municipalities."""
    avvikere: int
    vippekommuner: int

    @property
    def within_council_percent(self) -> float:
        return percent(self.within_council, self.ties)

    @property
    def within_region_percent(self) -> float:
        return percent(self.within_region, self.ties)


def county_structure(view: YearView, network: Network, regions: Regions) -> list[CountyStructure]:
    """Per county with municipalities in the network, by number."""
    councils_of = view.councils.councils_of
    own = own_council(view)
    county_of = {k: m.fylkesnummer for k, m in view.municipalities.items()}
    ties: Counter[str] = Counter()
    in_council: Counter[str] = Counter()
    in_region: Counter[str] = Counter()
    for (a, b), w in network.weights.items():
        county = county_of[a]
        if county_of[b] != county:
            continue
        ties[county] += w
        if councils_of.get(a, frozenset()) & councils_of.get(b, frozenset()):
            in_council[county] += w
        if regions.members[a].region == regions.members[b].region:
            in_region[county] += w
    out = []
    for county in sorted({m.fylkesnummer for m in regions.members.values()}):
        ms = [m for m in regions.members.values() if m.fylkesnummer == county]
        out.append(CountyStructure(
            county, view.register.county_name(county, view.year), len(ms), ties[county],
            in_council[county], in_region[county], len({m.region for m in ms}),
            len({own[m.kommunenummer] for m in ms if m.kommunenummer in own}),
            sum(m.avviker for m in ms), sum(m.vippekommune for m in ms)))
    return out


def county_structure_table(rows: list[CountyStructure]) -> Table:
    return Table(("fylkesnummer", "fylke", "kommuner", "forbindelser", "i_samme_regionrad",
                  "i_samme_regionrad_prosent", "i_samme_region", "i_samme_region_prosent",
                  "regioner", "regionrad", "avvikere", "vippekommuner"),
                 [(c.fylkesnummer, c.fylke, c.municipalities, c.ties, c.within_council,
                   c.within_council_percent, c.within_region, c.within_region_percent, c.regions,
                   c.councils, c.avvikere, c.vippekommuner) for c in rows])

"""The cooperation network page: one county's network (click a municipality for its partners and
shared arrangements), its functional regions on a map beside the councils, and the tables behind
both (the text alternative of the figure).

Views only do HTTP; every number comes from ``samkart.analysis.network``, ``.regions`` and
``.dependency``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from samkart.analysis.dependency import Dependency, dependency_profiles
from samkart.analysis.network import NetworkScope, cooperation_network, shared_arrangements
from samkart.analysis.regions import (
    DEFAULT_SETTINGS,
    RegionSettings,
    county_structure,
    cross_border_pull,
    functional_regions,
    own_council,
)
from samkart.analysis.tables import norwegian_key
from samkart.domain.codes import Level, Sector
from samkart.reference import map_year_for, outlines
from samkart.report import maps, numbers
from samkart.report.network_svg import network_svg, panel_data
from samkart.web.registry import params as param
from samkart.web.registry import store
from samkart.web.registry.views.public import _county_options, _name, _prefixes, public_page


def parse_scope(level: str | None, sector: str | None) -> NetworkScope | None:
    """The scope of a level and sector code (empty: all); None when a code is unknown."""
    level, sector = (level or "").strip(), (sector or "").strip()
    chosen_level = Level.parse(level) if level else None
    chosen_sector = Sector.parse(sector) if sector else None
    if (level and chosen_level is None) or (sector and chosen_sector is None):
        return None
    return NetworkScope(chosen_level, chosen_sector)


def scope_from(params) -> NetworkScope:
    """``niva`` and ``sektor`` of a query (unknown codes are a 404: a link that cannot be right)."""
    scope = parse_scope(params.get("niva"), params.get("sektor"))
    if scope is None:
        raise Http404("Ukjent nivå eller sektor")
    return scope


def network_and_regions(year: int, scope: NetworkScope,
                        settings: RegionSettings = DEFAULT_SETTINGS):
    """The year's network and regions, kept while the data is unchanged (the network and its
    regions take about a second at national scale). Other ``settings`` than the default share
    the default's network and add their own key: the caller bounds them (the API accepts a small
    set), so that anonymous requests cannot fill the cache with variants."""
    if settings != DEFAULT_SETTINGS:
        network, _regions = network_and_regions(year, scope)

        def other():
            return network, functional_regions(store.year_view(year), network, settings)

        return store.memo(("network", year, scope.level, scope.sector, settings.method,
                           settings.resolution, settings.seed, settings.swing_share), other)

    def compute():
        view = store.year_view(year)
        network = cooperation_network(view, scope)
        return network, functional_regions(view, network)

    return store.memo(("network", year, scope.level, scope.sector), compute)


def dependencies(year: int, county: str | None) -> list[Dependency]:
    """The dependency profiles of the year (of ``county`` only, a validated two-digit number),
    without municipal totals (the site has no KOSTRA file), kept while the data is unchanged."""
    return store.memo(("dependency", year, county),
                      lambda: dependency_profiles(store.year_view(year), None, county))


@dataclass(frozen=True)
class NetworkParams:
    year: int
    county: str
    level: str
    sector: str

    @classmethod
    def parse(cls, query: QueryDict) -> NetworkParams:
        year = param.year(query, default=param.this_year())
        assert year is not None
        return cls(year, param.county(query),
                   param.choice(query, "niva", set(Level.codes())),
                   param.choice(query, "sektor", set(Sector.codes())))


@public_page("network", NetworkParams.parse)
def network_page(request, params: NetworkParams):
    year = params.year
    view = store.year_view(year)
    options = _county_options(view)
    scope = scope_from({"niva": params.level, "sektor": params.sector})
    network, regions = network_and_regions(year, scope)
    county = params.county
    if not county and options:
        county = options[0][0]  # a national picture of hundreds of nodes says nothing
    names = {k: m.navn for k, m in view.municipalities.items()}
    councils = view.register.councils
    council_names = {cid: c.navn for cid, c in councils.items()}
    drawn = sorted(k for k in network.nodes if view.municipalities[k].fylkesnummer == county)
    region_names = {r.id: _("Region {n} ({centre})").format(n=r.id, centre=names[r.centre])
                    for r in regions.regions}
    county_name = view.register.county_name(county, year) if county else ""

    def figure():
        shape = outlines(map_year_for(year))
        svg = network_svg(network, regions, drawn, names, region_names, shape,
                          _("Samarbeidsnettverket i {county} {year}").format(
                              county=county_name, year=year))
        shared = shared_arrangements(view, drawn, scope)
        others = {p for k in drawn for p in network.adjacency[k]} - set(drawn)
        data = panel_data(network, regions, drawn, names, region_names, council_names,
                          {k: view.register.county_name(view.municipalities[k].fylkesnummer, year)
                           for k in others}, shared)
        scope_set = set(view.municipalities) & {k for k in view.municipalities
                                                if view.municipalities[k].fylkesnummer == county}
        own = own_council(view)
        council_svg = maps.council_map(shape, own, council_names, scope_set, _(
            "Kart: regionrådene i {county} {year}").format(county=county_name, year=year))
        region_of = {k: str(regions.members[k].region) for k in drawn}
        region_svg = maps.council_map(shape, region_of, {str(r): n for r, n in region_names.items()},
                                      scope_set, _("Kart: funksjonelle regioner i {county} {year}")
                                      .format(county=county_name, year=year))
        return svg, data, council_svg, region_svg

    svg, data, council_svg, region_svg = store.memo(
        ("network-figure", year, scope.level, scope.sector, county), figure)

    members = []
    for k in drawn:
        m = regions.members[k]
        members.append({
            "k": k, "navn": names[k], "region": region_names[m.region], "region_nr": m.region,
            "council": council_names.get(m.regionrad, "") if m.regionrad else "",
            "region_council": council_names.get(m.region_council, "") if m.region_council else "",
            "avviker": m.avviker, "vippe": m.vippekommune, "ties": m.ties,
            "partners": len(network.adjacency[k]),
            "strongest": region_names[m.strongest_region],
        })
    members.sort(key=lambda r: (r["region_nr"], norwegian_key(r["navn"])))
    inside = set(drawn)
    ties = [{"a": names[a], "ka": a, "b": names[b], "kb": b, "n": w}
            for (a, b), w in network.weights.items() if a in inside or b in inside]
    ties.sort(key=lambda t: (-t["n"], t["ka"], t["kb"]))
    swing = []
    for m in regions.swing(county):
        row = {"k": m.kommunenummer, "navn": m.kommune, "splits": []}
        for kind, split in (("region", m.region_split), ("council", m.council_split)):
            if split is None:
                continue
            if kind == "region":
                first, second = region_names[int(split.first)], region_names[int(split.second)]
            else:
                first = council_names.get(str(split.first), "")
                second = council_names.get(str(split.second), "")
            row["splits"].append({"first": first, "first_ties": split.first_ties,
                                  "first_members": split.first_members, "second": second,
                                  "second_ties": split.second_ties,
                                  "second_members": split.second_members,
                                  "share": split.share_percent})
        swing.append(row)
    county_councils = [f for f in regions.councils
                       if any(view.municipalities[k].fylkesnummer == county
                              for k in view.councils.members.get(f.id, ()))]
    fits = [{"navn": f.navn, "members": f.members, "in_network": f.in_network,
             "region": region_names.get(f.region, "") if f.region else "",
             "in_region": f.in_region, "share": f.share_percent, "regions": len(f.regions)}
            for f in county_councils]
    pulls = [b for b in cross_border_pull(view, network, regions)
             if b.fylkesnummer == county and b.across]
    border = [{"k": b.kommunenummer, "navn": b.kommune, "ties": b.ties, "across": b.across,
               "share": b.share_percent,
               "county": view.register.county_name(b.county, year) if b.county else "",
               "council": council_names.get(b.council, "") if b.council else "",
               "council_ties": b.council_ties} for b in pulls]
    dependency = _dependency_rows(year, county, names) if county else []
    structure = next((c for c in county_structure(view, network, regions)
                      if c.fylkesnummer == county), None)
    return render(request, "registry/network.html", {
        **_prefixes(),
        "year": year, "county": county, "county_name": county_name, "counties": options,
        "levels": [(c.code, _name(c)) for c in Level],
        "sectors": [(c.code, _name(c)) for c in Sector],
        "level": scope.level.code if scope.level else "",
        "sector": scope.sector.code if scope.sector else "",
        "svg": svg, "data": data, "council_map": council_svg, "region_map": region_svg,
        "members": members, "ties": ties, "swing": swing, "fits": fits, "border": border,
        "dependency": dependency,
        "dependency_known": dependency[0]["known"] if dependency else 0,
        "dependency_money": any(d["budget"] is not None or d["staff"] is not None
                                for d in dependency),
        "structure": structure, "swing_percent": round(100 * float(regions.settings.swing_share)),
        "regions_total": len(regions.regions),
    })


def _figure(value: float | None, digits: int) -> str:
    """A budget or staff figure as the report writes it, in the reader's language."""
    return "" if value is None else numbers.number(value, digits)


def _dependency_rows(year: int, county: str, names: dict[str, str]) -> list[dict]:
    """The county's dependency profiles as the rows of the page's table (by most statutory task
    fields, then name, as :func:`samkart.analysis.dependency.dependency_profiles` orders them)."""
    rows = []
    for d in dependencies(year, county):
        hosts = [{"k": h.vertskommune or "",
                  "navn": names.get(h.vertskommune, h.vertskommune) if h.vertskommune
                  else _("uten vertskommune"), "fields": h.fields} for h in d.hosts]
        rows.append({
            "k": d.kommunenummer, "navn": d.kommune, "arrangements": d.arrangements,
            "statutory": d.statutory_arrangements, "fields": d.statutory_fields,
            "known": d.statutory_fields_known,
            "hosts": hosts, "host_count": sum(1 for h in d.hosts if h.vertskommune),
            "budget": round(d.budget_nok) if d.budget_nok is not None else None,
            "budget_text": _figure(d.budget_nok, 0), "budget_missing": d.budget_missing,
            "staff": round(d.staff, 1) if d.staff is not None else None,
            "staff_text": _figure(d.staff, 1), "staff_missing": d.staff_missing,
        })
    return rows

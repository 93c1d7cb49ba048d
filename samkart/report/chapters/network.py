"""Chapter "Hvem samarbeider med hvem" (issue 13): the cooperation network, the functional regions
against the regional councils, the swing municipalities and the pull across county borders.

NIVI's report argues these in words (Nord-Trøndelag's fixed regions against Møre og Romsdal's
fragmented pattern, Frosta, Snåsa and Gjemnes as "vippekommuner", Bindal looking to Ytre Namdal);
here they are computed from the register by ``analysis/network.py`` and ``analysis/regions.py``,
the same analyses as ``samkart table network|regions|swing|...`` and the web's network page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from samkart.analysis.network import Network, cooperation_network
from samkart.analysis.regions import (
    Regions,
    Split,
    council_fit_table,
    county_structure,
    county_structure_table,
    cross_border_pull,
    cross_border_table,
    functional_regions,
)
from samkart.analysis.tables import Table, norwegian_key
from samkart.reference import map_year_for, outlines
from samkart.report.context import Context
from samkart.report.document import Chapter, Paragraph, Section, fmt
from samkart.report.network_svg import network_svg

# Figures of the network per county for at most this many counties: a picture of hundreds of
# municipalities says nothing; the tables carry every county.
MAX_FIGURES = 4
MAX_TIES = 120  # pairs drawn in one county's figure at most


class _Network:
    """The year's network and its regions, worked out once for the chapter's sections."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    @cached_property
    def network(self) -> Network:
        return cooperation_network(self.ctx.view)

    @cached_property
    def regions(self) -> Regions:
        return functional_regions(self.ctx.view, self.network)

    def region_names(self) -> dict[int, str]:
        names = self.ctx.view.municipalities
        return {r.id: f"Region {r.id} ({names[r.centre].navn})" for r in self.regions.regions}


def build(ctx: Context) -> Chapter:
    net = _Network(ctx)
    intro = ("To kommuner er knyttet sammen i samarbeidsnettverket når de deltar i den samme "
             "tellende ordningen; forbindelsen er sterkere jo flere ordninger de deler. Grupper av "
             "kommuner som samarbeider mer med hverandre enn med andre, er funksjonelle regioner "
             "(fellesskap i nettverket, funnet med Louvain-metoden). De kan stemme med "
             "regionrådene eller ikke.")
    if not net.network.nodes:
        s = Section("nettverk", "Samarbeidsnettverket")
        s.add(Paragraph(f"Ingen tellende ordninger har flere deltakere i {ctx.year}; det er "
                        "ikke noe nettverk å vise.", "note"))
        return Chapter("nettverk", "Hvem samarbeider med hvem", intro, sections=[s])
    return Chapter("nettverk", "Hvem samarbeider med hvem", intro, sections=[
        _structure(ctx, net), _figures(ctx, net), _councils(ctx, net), _swing(ctx, net),
        _border(ctx, net)])


def _structure(ctx: Context, net: _Network) -> Section:
    s = Section("struktur", "Faste regioner eller oppsplittet samarbeid")
    rows = [c for c in county_structure(ctx.view, net.network, net.regions)
            if c.fylkesnummer in ctx.counties]
    if not rows:
        s.add(Paragraph(f"Ingen av rapportens kommuner er med i nettverket i {ctx.year}.", "note"))
        return s
    for c in rows:
        if not c.ties:
            continue
        s.add(Paragraph(
            f"{c.fylke}: {fmt(c.municipalities)} kommuner med {fmt(c.ties)} forbindelser innad i "
            f"fylket. {fmt(c.within_council_percent)} prosent av forbindelsene går mellom kommuner "
            f"i samme regionråd, {fmt(c.within_region_percent)} prosent innenfor samme "
            f"funksjonelle region. Kommunene fordeler seg på {fmt(c.regions)} "
            f"{'region' if c.regions == 1 else 'regioner'} og {fmt(c.councils)} regionråd."))
    table = county_structure_table(rows)
    s.add(ctx.table(f"Forbindelser innenfor regionråd og funksjonelle regioner per fylke, "
                    f"{ctx.year}.", table, sum(c.municipalities for c in rows),
                    headings={"forbindelser": "Forbindelser", "i_samme_regionrad":
                              "I samme regionråd", "i_samme_regionrad_prosent":
                              "I samme regionråd %", "i_samme_region": "I samme region",
                              "i_samme_region_prosent": "I samme region %",
                              "regioner": "Regioner", "regionrad": "Regionråd",
                              "avvikere": "Avvikere", "vippekommuner": "Vippekommuner"}))
    return s


def _figures(ctx: Context, net: _Network) -> Section:
    s = Section("nettverksfigurer", "Nettverket i fylkene")
    counties = [c for c in ctx.counties
                if any(net.regions.members[k].fylkesnummer == c for k in net.regions.members)]
    if len(counties) > MAX_FIGURES:
        s.add(Paragraph(f"Rapporten gjelder {len(counties)} fylker; nettverket tegnes per fylke "
                        "på nettsidene og når rapporten lages for færre fylker.", "note"))
        return s
    names = {k: m.navn for k, m in ctx.view.municipalities.items()}
    region_names = net.region_names()
    shapes = outlines(map_year_for(ctx.year))
    for county in counties:
        drawn = sorted(k for k, m in net.regions.members.items() if m.fylkesnummer == county)
        county_name = ctx.county_names.get(county) or ctx.register.county_name(county, ctx.year)
        label = f"Samarbeidsnettverket i {county_name} {ctx.year}"
        inside = set(drawn)
        weights = sorted((w for (a, b), w in net.network.weights.items()
                          if a in inside and b in inside), reverse=True)
        # On paper a county where everyone shares something is a black blot: draw the strongest
        # pairs only, and say where the line goes.
        least = weights[MAX_TIES - 1] + 1 if len(weights) > MAX_TIES else 1
        svg = network_svg(net.network, net.regions, drawn, names, region_names, shapes, label,
                          link_prefix=None, min_weight=least)
        shown = sum(1 for w in weights if w >= least)
        drawn_text = (f"De {shown} sterkeste parene, som deler minst {least} ordninger, er tegnet."
                      if least > 1 else "Alle parene er tegnet.")
        s.add(ctx.figure(
            f"Samarbeidsnettverket i {county_name}, {ctx.year}: kommunene der de ligger på kartet, "
            "de sterkeste forbindelsene mellom dem og de funksjonelle regionene.", svg, len(drawn),
            f"{len(drawn)} kommuner og {len(weights)} par av kommuner som deler minst én "
            f"ordning. {drawn_text} Strekens tykkelse viser hvor mange ordninger paret deler; "
            "regionene skilles med form og gråtone, vippekommuner med en stiplet ring.",
            kind="map"))
    return s


def _councils(ctx: Context, net: _Network) -> Section:
    s = Section("regionrad-regioner", "Regionrådene mot de funksjonelle regionene")
    counties = set(ctx.counties)
    view = ctx.view
    in_scope = {cid for cid, members in view.councils.members.items()
                if any(view.municipalities[k].fylkesnummer in counties
                       for k in members if k in view.municipalities)}
    table = council_fit_table(net.regions).where(lambda r: r[0] in in_scope)
    if not table.rows:
        s.add(Paragraph(f"Ingen regionråd er aktive i {ctx.year} i rapportens fylker.", "note"))
        return s
    fits = [f for f in net.regions.councils if f.id in in_scope]
    whole = sorted((f.navn for f in fits if f.members and not f.split), key=norwegian_key)
    split = sorted((f.navn for f in fits if f.split), key=norwegian_key)
    text = (f"Av {len(fits)} regionråd har {len(whole)} alle medlemmene i én funksjonell region")
    text += (f"; medlemmene i {', '.join(split)} fordeler seg på flere regioner." if split
             else ".")
    s.add(Paragraph(text))
    s.add(ctx.table(f"Regionrådene og den funksjonelle regionen som har flest av medlemmene, "
                    f"{ctx.year}.", table, len(table.rows), hidden=("id",),
                    headings={"i_nettverket": "I nettverket", "region": "Region",
                              "i_regionen": "I regionen", "regioner": "Regioner"}))
    return s


def _swing(ctx: Context, net: _Network) -> Section:
    s = Section("vippekommuner", "Vippekommuner")
    swing = [m for c in ctx.counties for m in net.regions.swing(c)]
    if not swing:
        s.add(Paragraph(f"Ingen kommuner i rapportens fylker trekkes omtrent like sterkt mot to "
                        f"regioner eller regionråd i {ctx.year}.", "note"))
        return s
    names = _and([m.kommune for m in sorted(swing, key=lambda m: norwegian_key(m.kommune))])
    s.add(Paragraph(
        "En vippekommune samarbeider nesten like mye med to regioner eller to regionråd: det "
        "svakeste av de to har minst en tredel av samarbeidet med dem begge (regnet per medlem, "
        f"så et stort råd ikke vinner bare på størrelse). I {ctx.year} gjelder det {names}."))
    councils = {cid: c.navn for cid, c in ctx.register.councils.items()}
    regions = net.region_names()
    rows = []
    for m in swing:
        region, council = m.region_split, m.council_split
        rows.append((m.kommune, councils.get(m.regionrad or "", ""),
                     _pair(region, lambda r: regions[int(r)]),
                     region.share_percent if region else None,
                     _pair(council, lambda c: councils.get(c, c)),
                     council.share_percent if council else None))
    table = Table(("kommune", "regionrad", "regioner", "regioner_andel", "regionrad_to",
                   "regionrad_andel"), rows)
    s.add(ctx.table(f"Vippekommunene med de to regionene og regionrådene de trekkes mellom, "
                    f"{ctx.year}.", table, len(swing),
                    headings={"regionrad": "Regionråd", "regioner": "Trekkes mellom regionene",
                              "regioner_andel": "Den svakeste regionens andel %",
                              "regionrad_to": "Trekkes mellom regionrådene",
                              "regionrad_andel": "Det svakeste rådets andel %"}))
    return s


def _and(names: list[str]) -> str:
    """``a, b og c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}"


def _pair(split: Split | None, name: Callable[[str], str]) -> str:
    """The two regions or councils of a split, strongest first: ``A / B``."""
    return "" if split is None else f"{name(split.first)} / {name(split.second)}"


def _border(ctx: Context, net: _Network) -> Section:
    s = Section("over-fylkesgrensen", "Kommuner som trekkes over fylkesgrensen")
    pulls = cross_border_pull(ctx.view, net.network, net.regions)
    columns = cross_border_table(ctx.view, [], None).columns
    rows = [r for c in ctx.counties
            for r in cross_border_table(ctx.view, pulls, c, only_across=True).rows]
    rows.sort(key=lambda r: (-r[5], -r[4], norwegian_key(r[1])))  # the analysis's order
    if not rows:
        s.add(Paragraph(f"Ingen kommuner i rapportens fylker samarbeider over fylkesgrensen i "
                        f"{ctx.year}.", "note"))
        return s
    table = Table(columns, rows[:15])
    top = table.rows[0]
    s.add(Paragraph(
        f"{top[1]} har den største delen av samarbeidet sitt over fylkesgrensen: "
        f"{fmt(top[5])} prosent av forbindelsene, flest til {top[8]}"
        + (f" ({top[11]})" if top[11] else "") + "."))
    s.add(ctx.table(f"Kommunene med størst andel av forbindelsene over fylkesgrensen, {ctx.year} "
                    "(de 15 første).", table, len(rows),
                    hidden=("fylkesnummer", "til_fylkesnummer", "til_regionrad", "til_region",
                            "forbindelser_til_region"),
                    headings={"forbindelser": "Forbindelser", "forbindelser_over_grensen":
                              "Over grensen", "partnere_over_grensen": "Partnere over grensen",
                              "til_fylke": "Mest til fylke", "forbindelser_til_fylke":
                              "Forbindelser dit", "til_regionrad_navn": "Mest til regionråd",
                              "forbindelser_til_regionrad": "Forbindelser dit"}))
    return s

"""Chapter "Hvem samarbeider med hvem": the cooperation network (issue 13) in the report — the
strongest ties, the functional regions the network falls into set against the regional councils,
the swing municipalities, the pull across the county border and each municipality's dependency on
cooperation (``samkart/analysis/network.py``, ``regions.py``, ``dependency.py``)."""

from __future__ import annotations

from statistics import median
from typing import NamedTuple

from samkart.analysis.dependency import Dependency, dependency_profiles
from samkart.analysis.network import Network, cooperation_network
from samkart.analysis.regions import BorderPull, Regions, cross_border_pull, functional_regions
from samkart.analysis.tables import Table, norwegian_key
from samkart.analysis.yearview import YearView
from samkart.i18n import gettext as _
from samkart.i18n import ngettext
from samkart.reference import map_year_for, outlines
from samkart.report.context import PER_COUNTY_FIGURES, Context
from samkart.report.document import Chapter, Paragraph, Section, fmt
from samkart.report.network_svg import network_svg

TOP_TIES = 10
TOP_ACROSS = 10  # municipalities shown with the most cooperation across the county border
MAX_TIES = 120  # pairs drawn in one county's network figure at most


class TieRow(NamedTuple):
    kommune_a: str
    kommune_b: str
    felles: int


class RegionRow(NamedTuple):
    region: str
    kommuner: str
    regionrad: str
    forbindelser_inne: int
    forbindelser_ut: int


class CouncilFitRow(NamedTuple):
    regionrad: str
    medlemmer: int
    i_nettverket: int
    i_regionen: int
    andel_prosent: float
    regioner: int


class SwingRow(NamedTuple):
    kommune: str
    region: int
    deler_mellom: str
    andel_prosent: float


class BorderRow(NamedTuple):
    kommune: str
    forbindelser: int
    over_grensen: int
    andel_prosent: float
    mest_mot_fylke: str
    mest_mot_regionrad: str


class DependencyRow(NamedTuple):
    kommune: str
    lovpalagte_ordninger: int
    lovpalagte_oppgavefelt: int
    storste_vertskommune: str
    budsjett_andel_prosent: float | None
    arsverk_andel_prosent: float | None


def build(ctx: Context) -> Chapter:
    per_year: dict[int, tuple[YearView, Network, Regions | None, list[BorderPull]]] = {}
    # A report of many counties shows the strongest ties and leaves the regions, the border
    # and the dependency tables to the county reports: a dozen tables more per county would take
    # the national report past its time and length.
    regions_too = len(ctx.counties) <= PER_COUNTY_FIGURES
    sections = []
    for c, name in ctx.figure_groups():
        view = ctx.view_for(c)
        if view.year not in per_year:
            network = cooperation_network(view)
            regions = functional_regions(view, network) if regions_too else None
            per_year[view.year] = (view, network, regions,
                                   cross_border_pull(view, network, regions) if regions_too
                                   else [])
        view, network, regions, pulls = per_year[view.year]
        section = _county(ctx, c, name, view, network, regions)
        if regions is not None and c is not None:
            _border(ctx, section, c, name, view, pulls)
            _dependency(ctx, section, c, name, view)
        sections.append(section)
    return Chapter("nettverk", _("Hvem samarbeider med hvem"), sections=sections)


def _border(ctx: Context, s: Section, county: str, name: str, view: YearView,
            pulls: list[BorderPull]) -> None:
    """NIVI's Bindal and Rindal: the municipalities whose cooperation goes across the county
    border, and to which county and council most of it goes."""
    councils = view.register.councils
    mine = [b for b in pulls if b.fylkesnummer == county]
    across = [b for b in mine if b.across]
    lead = _("NIVI peker på kommuner som trekkes mot en naboregion over fylkesgrensen (Bindal "
             "mot Ytre Namdal, Rindal mot Orkdal). ")
    if not across:
        s.add(Paragraph(lead + _("Ingen kommuner i {name} deler tellende ordninger med kommuner "
                                 "i andre fylker i {year}.").format(name=name, year=view.year)))
        return
    first = across[0]
    s.add(Paragraph(lead + _(
        "I {name} deler {n} av {m} kommuner ordninger med kommuner i andre fylker; størst andel "
        "har {kommune}, med {share} av sine bånd over grensen, flest mot {county}.").format(
            name=name, n=len(across), m=len(mine), kommune=first.kommune,
            share=fmt(first.share_percent) + " %",
            county=view.register.county_name(first.county, view.year) if first.county else "")))
    rows = [BorderRow(b.kommune, b.ties, b.across, b.share_percent,
                      view.register.county_name(b.county, view.year) if b.county else "",
                      councils[b.council].navn if b.council in councils else "")
            for b in across[:TOP_ACROSS]]
    s.add(ctx.table(_("Kommunene i {name} med størst andel av samarbeidet over fylkesgrensen, "
                      "{year}: bånd (felles ordninger med hver partner, summert), bånd over "
                      "grensen, andel, og fylket og regionrådet flest av dem går til.")
                    .format(name=name, year=view.year), Table.of(BorderRow, rows), len(mine),
                    headings={"forbindelser": _("Bånd"), "over_grensen": _("Over grensen"),
                              "andel_prosent": _("Andel %"), "mest_mot_fylke": _("Mest mot fylke"),
                              "mest_mot_regionrad": _("Mest mot regionråd")}))


def _number(x: float) -> str:
    """A median as people write it: 10, not 10,0; 10,5 with its decimal."""
    return fmt(int(x)) if float(x).is_integer() else fmt(x)


def _range(values: list[float]) -> str:
    low, high = min(values), max(values)
    return fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"


def _median(values: list[float]) -> str:
    return ngettext("{n} kommune med tall", "median {median} %, {n} kommuner med tall",
                    len(values)).format(n=len(values), median=_number(median(values)))


def _dependency(ctx: Context, s: Section, county: str, name: str, view: YearView) -> None:
    """The dependency profile: statutory task fields solved through cooperation, the largest
    host, and (with the user's KOSTRA totals) the share of the economy and staff: NIVI's "4–5
    prosent" as numbers."""
    profiles = dependency_profiles(view, ctx.totals, county)
    if not profiles:
        return
    names = {k: m.navn for k, m in view.municipalities.items()}
    known = profiles[0].statutory_fields_known
    with_shares = ctx.totals is not None
    text = _("Avhengighet: kommunene i {name} løser gjennom samarbeid inntil {most} av de {known} "
             "lovpålagte oppgavefeltene tellende ordninger dekker i {year} (median {median}).") \
        .format(name=name, most=max(d.statutory_fields for d in profiles), known=known,
                year=view.year, median=_number(median(d.statutory_fields for d in profiles)))
    budget = [d.budget_percent for d in profiles if d.budget_percent is not None]
    staff = [d.staff_percent for d in profiles if d.staff_percent is not None]
    nivi = _(" NIVI skriver at kjernesamarbeidet sjelden overstiger 4–5 prosent av kommunenes "
             "økonomi og sysselsetting.")
    if budget or staff:
        parts = []
        if budget:
            parts.append(_("{range} % av driftsutgiftene ({median})").format(
                range=_range(budget), median=_median(budget)))
        if staff:
            parts.append(_("{range} % av årsverkene ({median})").format(
                range=_range(staff), median=_median(staff)))
        text += nivi + _(" Her utgjør samarbeidet ") + _(" og ").join(parts) + _(
            ", med hver ordnings budsjett og årsverk delt likt på deltakerne ({source}).").format(
                source=ctx.totals_name)
    elif with_shares:
        text += nivi + _(" Registeret har ikke budsjett eller årsverk for ordningene, så andelen "
                         "kan ikke regnes ut.")
    else:
        text += nivi + _(" Andelen av kommunenes økonomi og årsverk kan regnes ut når "
                         "kommunenes driftsutgifter og årsverk fra KOSTRA legges ved rapporten.")
    s.add(Paragraph(text))

    def host(d: Dependency) -> str:
        named = [(h.vertskommune, h.fields) for h in d.hosts if h.vertskommune is not None]
        if not named:
            return ""
        number, fields = named[0]
        return f"{names.get(number, number)} ({fields})"

    rows = [DependencyRow(d.kommune, d.statutory_arrangements, d.statutory_fields, host(d),
                          d.budget_percent, d.staff_percent) for d in profiles]
    rows.sort(key=lambda r: (-r.lovpalagte_oppgavefelt, norwegian_key(r.kommune)))
    s.add(ctx.table(_("Avhengighetsprofil for kommunene i {name}, {year}: lovpålagte ordninger, "
                      "lovpålagte oppgavefelt løst i samarbeid (av {known}) og vertskommunen som "
                      "løser flest av dem (antall felt).").format(name=name, year=view.year,
                                                                  known=known),
                    # a long table starts a page, so its caption is not left at the foot of one
                    Table.of(DependencyRow, rows), len(rows), long=len(rows) > 30,
                    new_page=len(rows) > 30,
                    hidden=() if with_shares else ("budsjett_andel_prosent",
                                                   "arsverk_andel_prosent"),
                    headings={"lovpalagte_ordninger": _("Lovpålagte ordninger"),
                              "lovpalagte_oppgavefelt": _("Lovpålagte felt"),
                              "storste_vertskommune": _("Største vertskommune"),
                              "budsjett_andel_prosent": _("Andel av driftsutgifter %"),
                              "arsverk_andel_prosent": _("Andel av årsverk %")}))


def _county(ctx: Context, county: str | None, name: str, view: YearView, network: Network,
            regions: Regions | None) -> Section:
    s = Section(f"nettverk-{county or 'alle'}", f"{name} {view.year}")
    names = {k: m.navn for k, m in view.municipalities.items()}

    def mine(k: str) -> bool:
        return county is None or view.county_of(k) == county

    ties = [t for t in network.ties() if mine(t.kommunenummer_a) and mine(t.kommunenummer_b)]
    if not ties:
        s.add(Paragraph(_("Ingen kommuner i {name} samarbeider i tellende ordninger i {year}.")
                        .format(name=name, year=view.year), "note"))
        return s
    top = ties[0]
    rows = [TieRow(names[t.kommunenummer_a], names[t.kommunenummer_b], t.felles)
            for t in ties[:TOP_TIES]]
    if regions is None:
        s.add(Paragraph(
            _("To kommuner er knyttet sammen når de deltar i samme tellende ordning. {ties} par "
              "samarbeider; sterkest er {names} og {names2} med {felles} felles ordninger. De "
              "funksjonelle regionene og vippekommunene vises i rapportene for hvert fylke.")
            .format(ties=fmt(len(ties)), names=names[top.kommunenummer_a],
                    names2=names[top.kommunenummer_b], felles=top.felles)))
        s.add(ctx.table(_("De {rows} sterkeste samarbeidsparene, {year}: antall felles tellende "
                          "ordninger.")
                        .format(rows=len(rows), year=view.year), Table.of(TieRow, rows), len(ties),
                        headings={"kommune_a": _("Kommune"), "kommune_b": _("Kommune"),
                                  "felles": _("Felles ordninger")}))
        return s
    members = regions.rows(county)
    in_regions = sorted({m.region for m in members})
    swing = regions.swing(county)
    s.add(Paragraph(
        _("To kommuner i {name} er knyttet sammen når de deltar i samme tellende ordning. {ties} "
          "par samarbeider; sterkest er {names} og {names2} med {felles} felles ordninger. ")
        .format(name=name, ties=fmt(len(ties)), names=names[top.kommunenummer_a],
                names2=names[top.kommunenummer_b], felles=top.felles)
        + ngettext("Nettverket deler kommunene i én funksjonell region (grupper som samarbeider "
                   "mer med hverandre enn med andre; Louvain-metoden)",
                   "Nettverket deler kommunene i {in_regions} funksjonelle regioner (grupper som "
                   "samarbeider mer med hverandre enn med andre; Louvain-metoden)",
                   len(in_regions)).format(in_regions=len(in_regions))
        + (ngettext(", og {swing} kommune er en vippekommune som deler samarbeidet jevnt mellom "
                    "to regioner eller regionråd.",
                    ", og {swing} kommuner er vippekommuner som deler samarbeidet jevnt mellom to "
                    "regioner eller regionråd.", len(swing)).format(swing=len(swing))
           if swing else ".")))
    s.add(ctx.table(_("De {rows} sterkeste samarbeidsparene i {name}, {year}: antall felles "
                      "tellende ordninger.")
                    .format(rows=len(rows), name=name, year=view.year),
                    Table.of(TieRow, rows), len(ties),
                    headings={"kommune_a": _("Kommune"), "kommune_b": _("Kommune"),
                              "felles": _("Felles ordninger")}))
    if county is not None:
        _figure(ctx, s, county, name, view, network, regions, ties)
    councils = view.register.councils
    region_rows = []
    for number in in_regions:
        r = regions.region(number)
        inside = [names[k] for k in r.members if mine(k)]
        region_rows.append(RegionRow(
            f"{number} ({names[r.centre]})", ", ".join(sorted(inside)),
            councils[r.council].navn if r.council in councils else "", r.internal_ties,
            r.external_ties))
    s.add(ctx.table(_("Funksjonelle regioner med kommuner i {name}, {year}, med regionrådet "
                      "flest av medlemmene hører til.")
                    .format(name=name, year=view.year), Table.of(RegionRow, region_rows),
                    len(members), headings={"kommuner": _("Kommuner i fylket"),
                                            "forbindelser_inne": _("Bånd inne"),
                                            "forbindelser_ut": _("Bånd ut")}))
    fits = [f for f in regions.councils
            if any(mine(k) for k in view.councils.members.get(f.id, ()))]
    if fits:
        fit_rows = [CouncilFitRow(f.navn, f.members, f.in_network, f.in_region,
                                  f.share_percent, len(f.regions)) for f in fits]
        split = [f.navn for f in fits if f.split]
        s.add(Paragraph(
            _("Regionrådene faller hver innenfor én funksjonell region.")
             if not split else
             _("Medlemmene av ") + ", ".join(split) + _(" fordeler seg på flere funksjonelle "
                                                     "regioner: samarbeidet følger ikke "
                                                     "rådsgrensene der.")))
        s.add(ctx.table(_("Regionrådene i {name} mot de funksjonelle regionene, {year}.")
                        .format(name=name, year=view.year),
                        Table.of(CouncilFitRow, fit_rows), len(fit_rows),
                        headings={"regionrad": _("Regionråd"), "i_nettverket": _("I nettverket"),
                                  "i_regionen": _("I største region"),
                                  "andel_prosent": _("Andel %"), "regioner": _("Regioner")}))
    if swing:
        swing_rows = []
        for m in swing:
            # The split that makes it a swing municipality: the more even of its two strongest
            # regions and its two strongest councils.
            splits = [(sp.share, kind, sp) for kind, sp in (("region", m.region_split),
                                                            ("råd", m.council_split)) if sp]
            _share, kind, sp = max(splits, key=lambda x: x[0])
            if kind == "region":
                between = _("region {first} og {second}").format(first=sp.first, second=sp.second)
            else:
                between = _(" og ").join(councils[c].navn if c in councils else c
                                      for c in (sp.first, sp.second))
            swing_rows.append(SwingRow(m.kommune, m.region, between, sp.share_percent))
        s.add(ctx.table(_("Vippekommuner i {name}, {year}: kommunens funksjonelle region, de to "
                          "regionene eller regionrådene den deler samarbeidet mellom, og den "
                          "svakestes andel av de to (intensitet: felles ordninger per medlem).")
                        .format(name=name, year=view.year),
                        Table.of(SwingRow, swing_rows), len(swing_rows),
                        headings={"region": _("Region"), "deler_mellom": _("Deler mellom"),
                                  "andel_prosent": _("Andel %")}))
    return s


def _figure(ctx: Context, s: Section, county: str, name: str, view: YearView, network: Network,
            regions: Regions, ties: list) -> None:
    """The county's network drawn on its map for print: the strongest pairs (at most
    :data:`MAX_TIES`; the threshold is said), regions by shape and grey, swing municipalities with
    a dashed ring (the web page's drawing, ``report/network_svg.py``)."""
    drawn = sorted(k for k in network.nodes if view.county_of(k) == county)
    weights = sorted((t.felles for t in ties), reverse=True)
    # On paper a county where everyone shares something is a black blot: draw the strongest
    # pairs only, and say where the line goes.
    least = weights[MAX_TIES - 1] + 1 if len(weights) > MAX_TIES else 1
    names = {k: m.navn for k, m in view.municipalities.items()}
    region_names = {r.id: _("Region {n} ({centre})").format(n=r.id, centre=names[r.centre])
                    for r in regions.regions}
    label = _("Samarbeidsnettverket i {name} {year}").format(name=name, year=view.year)
    svg = network_svg(network, regions, drawn, names, region_names,
                      outlines(map_year_for(view.year)), label, link_prefix=None,
                      min_weight=least)
    shown = sum(1 for w in weights if w >= least)
    drawn_text = (_("De {shown} sterkeste parene, som deler minst {least} ordninger, er tegnet.").format(
                      shown=fmt(shown), least=least) if least > 1 else _("Alle parene er tegnet."))
    s.add(ctx.figure(
        _("Samarbeidsnettverket i {name}, {year}: kommunene der de ligger på kartet, de "
          "sterkeste forbindelsene mellom dem og de funksjonelle regionene.")
        .format(name=name, year=view.year), svg, len(drawn),
        _("{drawn} kommuner og {weights} par av kommuner som deler minst én ordning. "
          "{drawn_text} Strekens tykkelse viser hvor mange ordninger paret deler; regionene "
          "skilles med form og gråtone, vippekommuner med en stiplet ring.")
        .format(drawn=fmt(len(drawn)), weights=fmt(len(weights)), drawn_text=drawn_text),
        kind="map"))

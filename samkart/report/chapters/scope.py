"""Chapter "Omfang på samarbeidet" (chapter 4 of the seed): arrangements per county by level,
the maps, growth, establishment years, arrangements per municipality and by size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from samkart.analysis import geography, rounds, scope, subregions
from samkart.analysis.tables import Table, municipalities_table, norwegian_key
from samkart.analysis.yearview import YearView
from samkart.domain.codes import LEVEL_ORDER, Level
from samkart.i18n import gettext as _
from samkart.reference import map_year_for, outlines
from samkart.report import council_maps, maps
from samkart.report.context import (
    LEVEL_NAMES,
    PER_COUNTY_FIGURES,
    PRINT_LIMIT,
    Context,
    small,
    small_groups_note,
)
from samkart.report.document import Chapter, Label, Paragraph, Section, Xref, and_list, fmt

R = TypeVar("R", bound=tuple)


def build(ctx: Context) -> Chapter:
    return Chapter("omfang", _("Omfang på samarbeidet"), sections=[
        _levels(ctx), _maps(ctx), _subregions(ctx), _growth(ctx), _years(ctx),
        _per_municipality(ctx), _sizes(ctx)])


def _levels(ctx: Context) -> Section:
    s = Section("antall", _("Antall samarbeidsordninger"))
    t: Table[Any]  # the rounds' rows have the year too; both have the level columns
    if ctx.by_rounds:
        t = rounds.levels_at({c: ctx.view_for(c) for c in ctx.counties})
    else:
        t = scope.levels_by_county(ctx.view).where(lambda r: r.fylkesnummer in ctx.counties)
    if not t.rows or not any(r.sum for r in t.rows):
        s.add(Paragraph(_("Ingen tellende ordninger i {years_text}.")
                        .format(years_text=ctx.years_text()), "note"))
        return s
    total = sum(r.sum for r in t.rows)
    s.add(Paragraph(_levels_text(ctx, t)))
    coverage = council_coverage_text(ctx)
    if coverage:
        s.add(Paragraph(coverage, "note"))
    when = (_(" i hvert fylkes siste kartlegging") if ctx.by_rounds else f", {ctx.year}")
    table = s.add(ctx.table(
        _("Formelle samarbeidsordninger på ulike geografiske nivåer per fylke{when}. Antall og "
          "prosent. En ordning som krysser en fylkesgrense telles i hvert fylke.")
        .format(when=when), t, total,
        headings={"ar": _("Kartleggingsår")}))
    series = {LEVEL_NAMES[lv]: [r.share(lv) for r in t.rows] for lv in LEVEL_ORDER}
    # only the rounds' rows have a year (ar)
    names = [f"{r.fylke} {r.ar}" if ctx.by_rounds else r.fylke  # type: ignore[union-attr]
             for r in t.rows]
    s.add(ctx.figure(
        _("Andel ordninger etter geografisk nivå per fylke{when}. Prosent.").format(when=when),
        ctx.chart("bar_chart", names, series,
                  _("Andel ordninger etter nivå per fylke"), horizontal=True, stacked=True,
                  percent=True, decimals=0),
        total, Xref(_("Stablede søyler per fylke; verdiene står i "), table, ".")))
    return s


def council_coverage_text(ctx: Context) -> str:
    """Where no council is known in the year, the level rule cannot find regional or higher
    arrangements: say so per county rather than let every level come out as local unremarked."""
    parts = []
    for r in scope.council_coverage(ctx.view, ctx.counties).rows:
        if not r.uten_regionrad:
            continue
        if r.uten_regionrad == r.kommuner:
            parts.append(_("{fylke}: ingen av de {kommuner} kommunene").format(
                             fylke=r.fylke, kommuner=r.kommuner))
        else:
            names = ", ".join(r.kommuner_uten) if r.uten_regionrad <= 12 else \
                ", ".join(r.kommuner_uten[:12]) + _(" og {value} til").format(
                                                      value=r.uten_regionrad - 12)
            parts.append(_("{fylke}: {uten_regionrad} av {kommuner} kommuner ({names})").format(
                             fylke=r.fylke, uten_regionrad=r.uten_regionrad, kommuner=r.kommuner,
                             names=names))
    if not parts:
        return ""
    return (_("Regionråd er ikke kjent for alle kommuner i {year}. Uten kjent regionråd kan en "
              "ordning ikke avledes som regional eller på høyere nivå, og den telles da som "
              "lokal med mindre nivået er satt for hånd. Kommuner uten kjent regionråd: ").format(
                year=ctx.year)
            + "; ".join(parts) + _(". Regionrådene og medlemmene deres kan føres inn i "
                                   "registeret."))


def _levels_text(ctx: Context, t: Table) -> str:
    parts = []
    for r in t.rows:
        shares = {lv: r.share(lv) for lv in LEVEL_ORDER}
        top = max(shares, key=lambda lv: shares[lv])
        when = _(" i {year}").format(year=r.ar) if ctx.by_rounds else ""
        parts.append(_("{fylke} har {sum} ordninger{when}, og {shares} prosent er på {lower}").format(
                         fylke=r.fylke, sum=fmt(r.sum), when=when, shares=fmt(shares[top]),
                         lower=LEVEL_NAMES[top].lower()))
    if ctx.by_rounds:
        return (_("Hvert fylke telles i sin siste kartlegging: ") + "; ".join(parts) + ".")
    return _("I {year}: ").format(year=ctx.year) + "; ".join(parts) + "."


def _maps(ctx: Context) -> Section:
    # Big things start on a fresh page in print: the maps, each county's list, the profile.
    # Those page starts are also where the PDF may be cut into pieces laid out in parallel.
    s = Section("kart", _("Kart over ordninger og regionråd"), new_page=True)
    map_year = map_year_for(ctx.year)
    shapes = outlines(map_year)
    values = {k: v for c in ctx.counties
              for k, v in geography.totals_by_municipality(ctx.view_for(c), c).items()}
    names = {k: m.navn for k, m in ctx.view.municipalities.items()}
    credit = (_(". Kart: kommunegrenser ") + str(map_year) + ", "
              + ("© Kartverket" if map_year == 2024 else _("Kartverket (GeoNorge, forenklet)")))
    label = _("Kart: antall ordninger per kommune {year}").format(year=ctx.year)
    # Paper has no tooltips: each municipality gets a number on the map and a key beside it
    # (up to a few counties' worth; a national map's numbers would be too small to read).
    drawable = sorted((k for k in values if k in shapes.rings),
                      key=lambda k: norwegian_key(names.get(k) or k))
    numbered = ({k: i + 1 for i, k in enumerate(drawable)}
                if len(drawable) <= MAX_NUMBERED else None)
    svg, missing = maps.choropleth(shapes, values, names, label, numbered=numbered)
    if not svg:
        s.add(Paragraph(_("Ingen av kommunene finnes i de medfølgende kartene, så kartene er "
                          "utelatt."), "note"))
        return s
    fig = s.add(ctx.figure(
        _("Antall tellende ordninger per kommune, {years_text}. Klasser med omtrent like mange "
          "kommuner.").format(years_text=ctx.years_text()), svg, len(values) - len(missing),
        Xref(_("Kommunene er nummerert på kartet (nøkkelen står under figuren); antallene står i "
               "tabellene i "), Label("omfang-per-kommune"), ".") if numbered else
        Xref(_("Antallene per kommune står i tabellene i "), Label("omfang-per-kommune"), "."),
        kind="map"))
    fig.source += credit
    fig.print_svg = maps.choropleth(shapes, values, names, label, grouped=True,
                                    numbered=numbered)[0]
    if numbered:
        s.add(Paragraph(_("Nummer på kartet: ") + ", ".join(
            f"{n} {names.get(k, k)}" for k, n in numbered.items()) + ".", "key"))
    if missing:
        listed = sorted((names.get(k, k) for k in missing), key=norwegian_key)
        more = _(" og {value} til").format(value=len(listed) - 12) if len(listed) > 12 else ""
        s.add(Paragraph(
            _("{missing} {value} mangler i kartet for {map_year} (kommunenummer som ikke finnes "
              "i kartet) og er ikke tegnet: ")
            .format(missing=len(missing), value=_("kommune") if len(missing) == 1 else _("kommuner"),
                    map_year=map_year)
            + ", ".join(listed[:12]) + more + ".", "note"))
    council_of = geography.council_of_municipality(ctx.view)
    if not council_of:
        s.add(Paragraph(_("Registeret har ingen regionråd som er aktive i {year}; "
                          "regionrådskartet er utelatt.")
                        .format(year=ctx.year), "note"))
        return s
    in_scope = set(values)
    council_names = {cid: c.navn for cid, c in ctx.register.councils.items()}
    label = _("Kart: regionråd {year}").format(year=ctx.year)
    svg = maps.council_map(shapes, council_of, council_names, in_scope, label)
    if svg:
        fig = s.add(ctx.figure(
            _("Regionråd og samkommuner, {year}. Kommuner i flere råd vises i det største "
              "rådet.")
            .format(year=ctx.year), svg,
            len({council_of[k] for k in in_scope if k in council_of}),
            _("Rådene skilles med mønster og navn på kartet."), kind="map"))
        fig.source += credit
        fig.print_svg = maps.council_map(shapes, council_of, council_names, in_scope, label,
                                         grouped=True)
        fig.new_page = True
    return s


def _verdict(corr: scope.Correlation, alpha: float = 0.05) -> str:
    """The analysis's verdict on size and number of arrangements, its figures in the report's
    number format."""
    significant = corr.significant(alpha)
    if significant is None or corr.rho is None or corr.p_value is None:
        return (_("For få kommuner med kjent innbyggertall (N = {n}) til å teste sammenhengen.").format(
                    n=fmt(corr.n)))
    if significant:
        direction = _("flere") if corr.rho > 0 else _("færre")
        return (_("Større kommuner har systematisk {direction} ordninger (Spearmans rho = {rho}, "
                  "p = {p_value}, N = {n}).").format(
                    direction=direction, rho=fmt(corr.rho, 2), p_value=fmt(corr.p_value, 3),
                    n=fmt(corr.n)))
    return (_("Ingen systematisk sammenheng mellom kommunestørrelse og antall ordninger "
              "(Spearmans rho = {rho}, p = {p_value}, N = {n}).").format(
                rho=fmt(corr.rho, 2), p_value=fmt(corr.p_value, 2), n=fmt(corr.n)))


MAX_NUMBERED = 150  # municipalities numbered on a map at most
def _subregions(ctx: Context) -> Section:
    """Counts per regional council and per municipality in each, per county (the seed's
    "antall ordninger pr. delregion"), with a numbered council map and its legend."""
    s = Section("delregioner", _("Ordninger per regionråd og delregion"))
    if len(ctx.counties) > PER_COUNTY_FIGURES:
        return _subregions_compact(ctx, s)
    any_council = False
    for c in ctx.counties:
        view, name = ctx.view_for(c), ctx.county_names[c]
        t = subregions.council_counts(view, c)
        if not t.rows:
            continue
        any_council = True
        top, low = t.rows[0], t.rows[-1]
        s.add(Paragraph(
            _("{name} {year}: antall ordninger per regionråd er høyest i {navn} med {sum} "
              "ordninger")
            .format(name=name, year=view.year, navn=top.navn, sum=top.sum)
            + (_(" og lavest i {navn} med {sum}")
                                      .format(navn=low.navn, sum=low.sum) if low is not top
                                      else "") + _(". En ordning telles i hvert råd der minst én "
                                                   "medlemskommune deltar, med nivået den har i "
                                                   "tabellen over fylket.")))
        table = s.add(ctx.table(
            _("Tellende ordninger per regionråd i {name} {year}, etter nivå. «Regionale for "
              "rådet» er de regionale ordningene nivåregelen knytter til dette rådet.")
            .format(name=name, year=view.year), t,
            len(t.rows), hidden=("id",), headings={"regional_for_radet": _("Regionale for rådet"),
                                                   "navn": _("Regionråd")},
            label=f"omfang-tabell-rad-{c}"))
        differing = [r for r in t.rows if r.regional != r.regional_for_radet]
        if differing:
            parts = []
            listed: list[tuple[str, str, str, str]] = []
            for r in differing:
                why = subregions.regional_elsewhere(view, r.id)
                reasons: dict[str, int] = {}
                by_hand = 0
                for w in why.rows:
                    if view.register.arrangements[w.id].niva is not None:
                        by_hand += 1
                    else:
                        reasons[w.grunn] = reasons.get(w.grunn, 0) + 1
                    listed.append((r.navn, w.id, w.navn, w.grunn))
                # "har nivå satt for hånd", "er regional for …": each reason with its verb
                phrases = [_("har nivå satt for hånd i registeret ({n})").format(n=by_hand)] \
                    if by_hand else []
                if reasons:
                    phrases.append(_("er {reasons}").format(reasons=", ".join(
                        f"{g} ({n})" for g, n in sorted(reasons.items()))))
                parts.append(_("{navn}: {value} av {regional} regionale ordninger ").format(
                                 navn=r.navn, value=r.regional - r.regional_for_radet,
                                 regional=r.regional) + _(" og ").join(phrases))
            explained = Table(("regionrad", "id", "navn", "grunn"), listed)
            s.add(Paragraph(Xref(
                _("Der «Regionale for rådet» er lavere enn «Regionalt nivå» i "), table,
                _(", er ordningene regionale gjennom et annet råd som medlemmene også er med i "
                  "(en samkommune eller et mindre råd inne i et større), eller har nivået satt "
                  "for hånd: ") + "; ".join(parts) + _(". Ordningene står i "),
                Label(f"omfang-tabell-rad-forklart-{c}"), ".")))
            s.add(ctx.table(
                _("Regionale ordninger i {name} {year} som nivåregelen ikke knytter til rådet "
                  "der medlemskommunene deltar, med grunnen.")
                .format(name=name, year=view.year), explained, len(listed),
                headings={"regionrad": _("Regionråd"), "navn": _("Ordning")}, hidden=("id",),
                long=True, print_limit=PRINT_LIMIT, label=f"omfang-tabell-rad-forklart-{c}"))
        shapes = outlines(map_year_for(view.year))
        council_of = {k: max((x for x in view.councils.councils_of.get(k, ())
                              if x in {r.id for r in t.rows}),
                             key=lambda x: (len(view.councils.members[x]), x), default="")
                      for k, m in view.municipalities.items() if m.fylkesnummer == c}
        council_of = {k: v for k, v in council_of.items() if v}
        legend = [(r.id, f"{r.navn} ({r.sum})") for r in sorted(
            t.rows, key=lambda r: norwegian_key(r.navn))]
        scope_ = {k for k, m in view.municipalities.items() if m.fylkesnummer == c}
        label = _("Kart: regionråd i {name} {year}").format(name=name, year=view.year)
        svg = council_maps.numbered_council_map(shapes, council_of, legend, scope_, label,
                                                prefix=f"rad{c}")
        if svg:
            fig = s.add(ctx.figure(
                _("Regionråd i {name} {year}, med antall tellende ordninger per råd. Kommuner i "
                  "flere råd vises i det største.")
                .format(name=name, year=view.year), svg, len(legend),
                Xref(_("Rådene er nummerert på kartet og navngitt under det; tallene står i "),
                     table, "."), kind="map", label=f"omfang-figur-rad-{c}"))
            fig.print_svg = council_maps.numbered_council_map(
                shapes, council_of, legend, scope_, label, grouped=True, prefix=f"rad{c}")
        m = subregions.council_municipalities(view, c, [r.id for r in t.rows])
        s.add(ctx.table(_("Tellende ordninger per kommune i hvert regionråd i {name}, {year}, "
                          "etter nivå. En kommune i flere råd står under hvert.")
                        .format(name=name, year=view.year), m,
                        len({x.kommunenummer for x in m.rows}), hidden=("kommunenummer",),
                        headings={"regionrad": _("Regionråd")}, long=len(m.rows) > 30,
                        label=f"omfang-tabell-rad-kommuner-{c}"))
    if not any_council:
        s.add(Paragraph(_("Registeret har ingen regionråd i {years_text}.")
                        .format(years_text=ctx.years_text()), "note"))
    return s


def _subregions_compact(ctx: Context, s: Section) -> Section:
    """For a report of many counties: one table of every council in every county (the maps, the
    members and the explanations are in the reports of each county)."""
    rows = []
    for c in ctx.counties:
        view = ctx.view_for(c)
        rows += [(ctx.county_names[c], *r) for r in subregions.council_counts(view, c).rows]
    if not rows:
        s.add(Paragraph(_("Registeret har ingen regionråd i {years_text}.")
                        .format(years_text=ctx.years_text()), "note"))
        return s
    columns = ("fylke", *subregions.CouncilCountRow._fields)
    differing = sum(1 for r in rows if r[5] != r[8])
    s.add(Paragraph(
        _("Antall tellende ordninger per regionråd, der minst én medlemskommune i fylket deltar. ")
        + (_("I {differing} råd er noen av de regionale ordningene regionale gjennom et annet "
             "råd eller har nivået satt for hånd («Regionale for rådet» er lavere); hvilke står "
             "i rapporten for fylket. ").format(differing=differing) if differing else "")
        + _("Kart over rådene og kommunene i hvert råd står i rapportene for hvert fylke.")))
    s.add(ctx.table(_("Tellende ordninger per regionråd og fylke, {years_text}, etter nivå.")
                    .format(years_text=ctx.years_text()),
                    Table(columns, rows), len(rows), hidden=("id",),
                    headings={"regional_for_radet": _("Regionale for rådet"),
                              "navn": _("Regionråd")}, long=True, print_limit=PRINT_LIMIT))
    return s


def _growth(ctx: Context) -> Section:
    s = Section("endringer", _("Endringer i samarbeidets omfang"))
    if not ctx.compares():
        s.add(Paragraph(
            _("Registeret har bare én kartlegging for fylkene i rapporten, så vekst mellom to "
              "kartlegginger kan ikke vises.") if ctx.by_rounds else
            _("Rapporten har ikke noe sammenligningsår, så vekst mellom to kartlegginger kan "
              "ikke vises."), "note"))
        return s
    pairs = {}
    for c in ctx.counties:
        before = ctx.before_for(c)
        if before is not None:
            pairs[c] = (before, ctx.view_for(c))
    t = rounds.growth_of(pairs)
    if not any(r.antall_fra or r.antall_til for r in t.rows):
        s.add(Paragraph(_("Ingen tellende ordninger i noen av årene."), "note"))
        return s
    lines = [_("{county}: fra {before} i {year_before} til {after} i {year}").format(
                 county=r.fylke, before=fmt(r.antall_fra), year_before=r.fra_ar,
                 after=fmt(r.antall_til), year=r.til_ar)
             + (_(" ({sign}{percent} prosent)").format(sign="+" if r.endring >= 0 else "",
                                                      percent=fmt(r.vekst_prosent))
                if r.vekst_prosent is not None else "") for r in t.rows]
    s.add(Paragraph(_("Antall tellende ordninger endret seg slik: ") + "; ".join(lines) + "."))
    once = [ctx.county_names[c] for c in ctx.counties if c not in pairs]
    if once:
        s.add(Paragraph(_(" og ").join([", ".join(once[:-1]), once[-1]] if len(once) > 1 else once)
                        + (_(" er kartlagt én gang og har derfor ingen vekst å vise.")
                           if ctx.by_rounds else _(" har ingen ordninger i sammenligningsåret.")),
                        "note"))
    when = (_("hvert fylkes to siste kartlegginger") if ctx.by_rounds
            else _("{before} og {year}").format(before=ctx.compare, year=ctx.year))
    table = s.add(ctx.table(_("Tellende ordninger per fylke, {when}.")
                            .format(when=when), t, len(t.rows),))
    series = {_("Forrige kartlegging"): [r.antall_fra for r in t.rows],
              _("Siste kartlegging"): [r.antall_til for r in t.rows]}
    s.add(ctx.figure(
        _("Antall tellende ordninger per fylke, {when}.").format(when=when),
        ctx.chart("bar_chart", [f"{r.fylke} {r.fra_ar}–{r.til_ar}" for r in t.rows], series,
                  _("Tellende ordninger i to kartlegginger"), horizontal=True),
        sum(r.antall_til for r in t.rows),
        Xref(_("Søyler for forrige og siste kartlegging per fylke; tallene og veksten står i "),
             table, ".")))
    _changes(ctx, s, pairs)
    return s


def _changes(ctx: Context, s: Section,
             pairs: dict[str, tuple[YearView, YearView]]) -> None:
    """Change per level and per municipality between each county's two rounds (for a report of
    many counties: one table of levels and one of the municipalities that changed most)."""
    if len(pairs) > PER_COUNTY_FIGURES:
        levels = [r for c, (b, a) in pairs.items() for r in rounds.level_changes(b, a, c).rows]
        levels = [r._replace(niva=LEVEL_NAMES[Level.parse(r.niva)]) for r in levels]
        s.add(ctx.table(_("Tellende ordninger per nivå og fylke i to kartlegginger."),
                        Table(rounds.LevelChangeRow._fields, levels), len(pairs),
                        hidden=("fylkesnummer",), long=True))
        changed = [(ctx.county_names[c], *r) for c, (b, a) in pairs.items()
                   for r in rounds.municipality_changes(b, a, c).rows]
        changed.sort(key=lambda r: (-abs(r[4]), norwegian_key(r[2])))
        s.add(ctx.table(_("Endring per kommune mellom to kartlegginger, største endringer først."),
                        Table(("fylke", *rounds.MunicipalityChangeRow._fields), changed),
                        len(changed), hidden=("kommunenummer",), long=True,
                        print_limit=PRINT_LIMIT,
                        headings={"hoyere_endring": _("Høyere"), "regional_endring": _("Regionalt"),
                                  "lokal_endring": _("Lokalt"), "antall_fra": _("Fra"),
                                  "antall_til": _("Til")}))
        return
    for c, (before, after) in pairs.items():
        name = ctx.county_names[c]
        lv = rounds.level_changes(before, after, c)
        notes = []
        for r in lv.rows:
            level = LEVEL_NAMES[Level.parse(r.niva)].lower()
            if r.antall_fra and r.antall_til >= 2 * r.antall_fra:
                notes.append(_("mer enn en fordobling på {level} (fra {antall_fra} til "
                               "{antall_til})").format(
                                 level=level, antall_fra=r.antall_fra, antall_til=r.antall_til)
                    if r.antall_til > 2 * r.antall_fra else
                             _("en fordobling på {level} (fra {antall_fra} til {antall_til})").format(
                                 level=level, antall_fra=r.antall_fra, antall_til=r.antall_til))
        grew = max(lv.rows, key=lambda r: (r.endring, r.niva))
        text = (f"{name} {before.year}–{after.year}: "
                + ("; ".join(notes) if notes else
                   _("størst endring på {lower} ({value}{endring})").format(
                       lower=LEVEL_NAMES[Level.parse(grew.niva)].lower(),
                       value='+' if grew.endring >= 0 else '', endring=grew.endring)) + ".")
        m = rounds.municipality_changes(before, after, c)
        if m.rows:
            most = [r for r in m.rows if r.endring == m.rows[0].endring]
            text += (_(" Størst økning per kommune: ") + _names([r.kommune for r in most])
                     + f" ({'+' if most[0].endring >= 0 else ''}{most[0].endring}).")
        s.add(Paragraph(text))
        s.add(ctx.table(_("Tellende ordninger per nivå i {name}, {year} og {year2}.")
                        .format(name=name, year=before.year, year2=after.year),
                        Table(lv.columns, [r._replace(niva=LEVEL_NAMES[Level.parse(r.niva)])
                                           for r in lv.rows]),
                        (lv.rows and sum(r.antall_til for r in lv.rows)) or 0,
                        hidden=("fylkesnummer", "fylke"), label=f"omfang-tabell-niva-endring-{c}"))
        s.add(ctx.table(_("Endring per kommune i {name} fra {year} til {year2}, i alt og per "
                          "nivå.")
                        .format(name=name, year=before.year, year2=after.year), m, len(m.rows),
                        hidden=("kommunenummer",),
                        headings={"hoyere_endring": _("Høyere"), "regional_endring": _("Regionalt"),
                                  "lokal_endring": _("Lokalt"), "antall_fra": str(before.year),
                                  "antall_til": str(after.year)},
                        long=len(m.rows) > 30, label=f"omfang-tabell-kommune-endring-{c}"))


def _names(names: list[str]) -> str:
    return and_list(names)


def _years(ctx: Context) -> Section:
    s = Section("etableringsar", _("Etableringsår"))
    counted = scope.touching(ctx.view, ctx.county)
    known = [x for x in counted if x.arrangement.etablert is not None]
    if not counted:
        s.add(Paragraph(_("Ingen tellende ordninger i {year}.").format(year=ctx.year), "note"))
        return s
    if not known:
        s.add(Paragraph(_("Registeret mangler etableringsår for ordningene, så etableringsår og "
                          "nyetableringsperioder kan ikke vises."), "note"))
        return s
    for c, name in ctx.figure_groups():
        t = scope.establishment_years(ctx.view_for(c), c, since=1990)
        yearly = [(r.year, r.antall) for r in t.rows if r.year is not None]
        if not yearly:
            continue
        peaks = scope.peak_periods(t)
        before = sum(r.antall for r in t.rows if r.is_earlier)
        unknown = sum(r.antall for r in t.rows if r.is_unknown)
        text = (_("{name}: perioder med mange nyetableringer er ").format(name=name)
                + and_list([_("{first}–{last} ({count} ordninger)").format(
                    first=p.first, last=p.last, count=p.count) for p in peaks]) + "."
                if peaks else _("{name}: ingen tydelige toppår.").format(name=name))
        if before:
            text += _(" {before} av ordningene er etablert før 1990.").format(before=before)
        if unknown:
            text += _(" {unknown} mangler etableringsår.").format(unknown=unknown)
        s.add(Paragraph(text))
        s.add(ctx.figure(
            _("Etableringsår for tellende ordninger i {name} i {year}, fra 1990. Perioder med "
              "mange nyetableringer er skyggelagt.")
            .format(name=name, year=ctx.view_for(c).year),
            ctx.chart("histogram", [y for y, _ in yearly], [n for _, n in yearly],
                      f"Etableringsår, {name}", peaks),
            sum(n for _, n in yearly)))
    return s


def _per_municipality(ctx: Context) -> Section:
    s = Section("per-kommune", _("Antall ordninger per kommune"))
    mine = _per_county(ctx, scope.municipality_summary)
    if not mine.rows:
        s.add(Paragraph(_("Ingen kommuner å vise."), "note"))
        return s
    s.add(Paragraph(_("Antall ordninger per kommune varierer ") + "; ".join(
        _("fra {least} ({least_names}) til {most} ({most_names}) i {county}, gjennomsnitt "
          "{mean}").format(least=r.minst, least_names=r.kommune_minst, most=r.mest,
                           most_names=r.kommune_mest, county=r.fylke,
                           mean=fmt(r.gjennomsnitt)) for r in mine.rows) + "."))
    s.add(ctx.table(_("Færrest, flest og gjennomsnittlig antall ordninger per kommune, "
                      "{years_text}.")
                    .format(years_text=ctx.years_text()), mine, sum(r.kommuner for r in mine.rows),))
    for c in ctx.counties:
        t = municipalities_table(ctx.view_for(c), c)
        s.add(ctx.table(_("Formelle samarbeidsordninger per kommune i {county_names} i {c}, "
                          "etter nivå.")
                        .format(county_names=ctx.county_names[c], c=ctx.year_of(c)), t,
                        len(t.rows), long=len(t.rows) > 30,
                        new_page=True))
    return s


def population_basis_text(year: int, years: dict[int | None, int], unknown: int) -> str:
    """Which year's population puts the municipalities in their size class (always said, since
    the class depends on it)."""
    parts = []
    for y in sorted((y for y in years if y is not None), reverse=True):
        when = "" if y == year else (_(" (nærmeste tidligere år med tall)") if y < year
                                     else _(" (tidligste år med tall)"))
        parts.append(_("1. januar {y} for {years} kommuner{when}").format(
                         y=y, years=years[y], when=when))
    if None in years:
        parts.append(_("registerets eget tall for {years} kommuner").format(years=years[None]))
    if unknown:
        parts.append(_("ukjent for {unknown} kommuner").format(unknown=unknown))
    if not parts:
        return _("Ingen kommuner har kjent innbyggertall.")
    return (_("Størrelsesklassene bygger på folketallet (SSB, tabell 07459) ")
            + ", ".join(parts) + ".")


def _sizes(ctx: Context) -> Section:
    s = Section("storrelse", _("Omfang etter kommunestørrelse"))
    for c, name in ctx.figure_groups():
        view = ctx.view_for(c)
        ranked = scope.size_rank(view, c)
        if len(ranked.rows) < 2:
            s.add(Paragraph(_("{name}: innbyggertall mangler for kommunene i {year}; analysen "
                              "etter størrelse er utelatt.")
                            .format(name=name, year=view.year), "note"))
            continue
        corr = scope.size_correlation(view, c)
        s.add(Paragraph(f"{name}: {_verdict(corr)}"))
        s.add(Paragraph(population_basis_text(view.year, *scope.population_basis(view, c)),
                        "note"))
        t = scope.by_size_class(view, c)
        shown = type(t)(t.columns, [r._replace(navn=small(r.navn, r.kommuner)) for r in t.rows])
        s.add(ctx.table(_("Gjennomsnittlig antall ordninger per kommune etter kommunestørrelse i "
                          "{name} {year}. Veide gjennomsnitt.")
                        .format(name=name, year=view.year), shown,
                        sum(r.kommuner for r in t.rows), hidden=("storrelse",),
                        headings={"navn": _("Størrelse")}))
        if note := small_groups_note([(r.navn, r.kommuner) for r in t.rows]):
            s.add(note)
        if len(ranked.rows) <= 60:
            svg = ctx.chart("rank_chart", [r.kommune for r in ranked.rows],
                            [r.sum for r in ranked.rows],
                            _("Antall ordninger etter innbyggertall, {name}").format(name=name))
            caption = (_("Antall ordninger per kommune i {name} {year}, kommunene rangert etter "
                         "innbyggertall.").format(name=name, year=view.year))
        else:
            svg = ctx.chart("scatter", [r.innbyggere for r in ranked.rows],
                            [r.sum for r in ranked.rows],
                            _("Antall ordninger mot innbyggertall, {name}").format(name=name))
            caption = (_("Antall ordninger per kommune mot innbyggertall i {name} {year} "
                         "(logaritmisk skala).").format(
                           name=name, year=view.year))
        s.add(ctx.figure(caption, svg, len(ranked.rows)))
    return s


def _per_county(ctx: Context, analysis: Callable[[YearView], Table[R]]) -> Table[R]:
    """A per-county analysis (rows with ``fylkesnummer``) with each county in its own view."""
    if not ctx.by_rounds:
        return analysis(ctx.view).where(lambda r: r.fylkesnummer in ctx.counties)  # type: ignore[attr-defined]
    rows: list[R] = []
    columns: tuple[str, ...] = ()
    for c in ctx.counties:
        t = analysis(ctx.view_for(c))
        columns = t.columns
        rows += [r for r in t.rows if r.fylkesnummer == c]  # type: ignore[attr-defined]
    return Table(columns, rows)

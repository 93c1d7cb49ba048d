"""Chapter "Omfang på samarbeidet" (chapter 4 of the seed): arrangements per county by level,
the maps, growth, establishment years, arrangements per municipality and by size."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from samkart.analysis import geography, rounds, scope
from samkart.analysis.tables import Table, municipalities_table, norwegian_key
from samkart.analysis.yearview import YearView
from samkart.domain.codes import LEVEL_ORDER
from samkart.reference import map_year_for, outlines
from samkart.report import maps
from samkart.report.context import LEVEL_NAMES, Context
from samkart.report.document import Chapter, Label, Paragraph, Section, Xref, fmt

R = TypeVar("R", bound=tuple)


def build(ctx: Context) -> Chapter:
    return Chapter("omfang", "Omfang på samarbeidet", sections=[
        _levels(ctx), _maps(ctx), _growth(ctx), _years(ctx), _per_municipality(ctx), _sizes(ctx)])


def _levels(ctx: Context) -> Section:
    s = Section("antall", "Antall samarbeidsordninger")
    if ctx.by_rounds:
        t = rounds.levels_at({c: ctx.view_for(c) for c in ctx.counties})
    else:
        t = scope.levels_by_county(ctx.view).where(lambda r: r.fylkesnummer in ctx.counties)
    if not t.rows or not any(r.sum for r in t.rows):
        s.add(Paragraph(f"Ingen tellende ordninger i {ctx.years_text()}.", "note"))
        return s
    total = sum(r.sum for r in t.rows)
    s.add(Paragraph(_levels_text(ctx, t)))
    when = (" i hvert fylkes siste kartlegging" if ctx.by_rounds else f", {ctx.year}")
    table = s.add(ctx.table(
        f"Formelle samarbeidsordninger på ulike geografiske nivåer per fylke{when}. Antall og "
        "prosent. En ordning som krysser en fylkesgrense telles i hvert fylke.", t, total,
        headings={"ar": "Kartleggingsår"}, label="omfang-tabell-nivaer"))
    series = {LEVEL_NAMES[lv]: [r.share(lv) for r in t.rows] for lv in LEVEL_ORDER}
    names = [f"{r.fylke} {r.ar}" if ctx.by_rounds else r.fylke for r in t.rows]  # type: ignore[union-attr]
    s.add(ctx.figure(
        f"Andel ordninger etter geografisk nivå per fylke{when}. Prosent.",
        ctx.chart("bar_chart", names, series,
                  "Andel ordninger etter nivå per fylke", horizontal=True, stacked=True,
                  percent=True, decimals=0),
        total, Xref("Stablede søyler per fylke; verdiene står i ", table, "."),
        label="omfang-figur-nivaer"))
    return s


def _levels_text(ctx: Context, t: Table) -> str:
    parts = []
    for r in t.rows:
        shares = {lv: r.share(lv) for lv in LEVEL_ORDER}
        top = max(shares, key=lambda lv: shares[lv])
        when = f" i {r.ar}" if ctx.by_rounds else ""
        parts.append(f"{r.fylke} har {r.sum} ordninger{when}, og {fmt(shares[top])} prosent er "
                     f"på {LEVEL_NAMES[top].lower()}")
    if ctx.by_rounds:
        return ("Hvert fylke telles i sin siste kartlegging: " + "; ".join(parts) + ".")
    return "I " + str(ctx.year) + ": " + "; ".join(parts) + "."


def _maps(ctx: Context) -> Section:
    # Big things start on a fresh page in print: the maps, each county's list, the profile.
    # Those page starts are also where the PDF may be cut into pieces laid out in parallel.
    s = Section("kart", "Kart over ordninger og regionråd", new_page=True)
    map_year = map_year_for(ctx.year)
    shapes = outlines(map_year)
    values = {k: v for c in ctx.counties
              for k, v in geography.totals_by_municipality(ctx.view_for(c), c).items()}
    names = {k: m.navn for k, m in ctx.view.municipalities.items()}
    credit = (". Kart: kommunegrenser " + str(map_year) + ", "
              + ("© Kartverket" if map_year == 2024 else "Kartverket (GeoNorge, forenklet)"))
    label = f"Kart: antall ordninger per kommune {ctx.year}"
    svg, missing = maps.choropleth(shapes, values, names, label)
    if not svg:
        s.add(Paragraph("Ingen av kommunene finnes i de medfølgende kartene, så kartene er "
                        "utelatt.", "note"))
        return s
    fig = s.add(ctx.figure(
        f"Antall tellende ordninger per kommune, {ctx.years_text()}. Klasser med omtrent like "
        "mange kommuner.", svg, len(values) - len(missing),
        Xref("Hver kommune har navn og antall som verktøytips; tallene står i tabellene i ",
             Label("omfang-per-kommune"), "."), kind="map"))
    fig.source += credit
    fig.print_svg = maps.choropleth(shapes, values, names, label, grouped=True)[0]
    if missing:
        listed = sorted((names.get(k, k) for k in missing), key=norwegian_key)
        more = f" og {len(listed) - 12} til" if len(listed) > 12 else ""
        s.add(Paragraph(
            f"{len(missing)} {'kommune' if len(missing) == 1 else 'kommuner'} mangler i kartet "
            f"for {map_year} (kommunenummer som ikke finnes i kartet) og er ikke tegnet: "
            + ", ".join(listed[:12]) + more + ".", "note"))
    council_of = geography.council_of_municipality(ctx.view)
    if not council_of:
        s.add(Paragraph(f"Registeret har ingen regionråd som er aktive i {ctx.year}; "
                        "regionrådskartet er utelatt.", "note"))
        return s
    in_scope = set(values)
    council_names = {cid: c.navn for cid, c in ctx.register.councils.items()}
    label = f"Kart: regionråd {ctx.year}"
    svg = maps.council_map(shapes, council_of, council_names, in_scope, label)
    if svg:
        fig = s.add(ctx.figure(
            f"Regionråd og samkommuner, {ctx.year}. Kommuner i flere vises i det største.", svg,
            len({council_of[k] for k in in_scope if k in council_of}),
            "Rådene skilles med mønster og navn på kartet.", kind="map"))
        fig.source += credit
        fig.print_svg = maps.council_map(shapes, council_of, council_names, in_scope, label,
                                         grouped=True)
        fig.new_page = True
    return s


def _growth(ctx: Context) -> Section:
    s = Section("endringer", "Endringer i samarbeidets omfang")
    if not ctx.compares():
        s.add(Paragraph(
            "Registeret har bare én kartlegging for fylkene i rapporten, så vekst mellom to "
            "kartlegginger kan ikke vises." if ctx.by_rounds else
            "Rapporten har ikke noe sammenligningsår, så vekst mellom to kartlegginger kan "
            "ikke vises.", "note"))
        return s
    pairs = {}
    for c in ctx.counties:
        before = ctx.before_for(c)
        if before is not None:
            pairs[c] = (before, ctx.view_for(c))
    t = rounds.growth_of(pairs)
    if not any(r.antall_fra or r.antall_til for r in t.rows):
        s.add(Paragraph("Ingen tellende ordninger i noen av årene.", "note"))
        return s
    lines = [f"{r.fylke}: fra {r.antall_fra} i {r.fra_ar} til {r.antall_til} i {r.til_ar}"
             + (f" ({'+' if r.endring >= 0 else ''}{fmt(r.vekst_prosent)} prosent)"
                if r.vekst_prosent is not None else "") for r in t.rows]
    s.add(Paragraph("Antall tellende ordninger endret seg slik: " + "; ".join(lines) + "."))
    once = [ctx.county_names[c] for c in ctx.counties if c not in pairs]
    if once:
        s.add(Paragraph(" og ".join([", ".join(once[:-1]), once[-1]] if len(once) > 1 else once)
                        + (" er kartlagt én gang og har derfor ingen vekst å vise."
                           if ctx.by_rounds else " har ingen ordninger i sammenligningsåret."),
                        "note"))
    when = ("hvert fylkes to siste kartlegginger" if ctx.by_rounds
            else f"{ctx.compare} og {ctx.year}")
    table = s.add(ctx.table(f"Tellende ordninger per fylke, {when}.", t, len(t.rows),
                            label="omfang-tabell-vekst"))
    series = {"Forrige kartlegging": [r.antall_fra for r in t.rows],
              "Siste kartlegging": [r.antall_til for r in t.rows]}
    s.add(ctx.figure(
        f"Antall tellende ordninger per fylke, {when}.",
        ctx.chart("bar_chart", [f"{r.fylke} {r.fra_ar}–{r.til_ar}" for r in t.rows], series,
                  "Tellende ordninger i to kartlegginger", horizontal=True),
        sum(r.antall_til for r in t.rows),
        Xref("Søyler for forrige og siste kartlegging per fylke; tallene og veksten står i ",
             table, "."), label="omfang-figur-vekst"))
    return s


def _years(ctx: Context) -> Section:
    s = Section("etableringsar", "Etableringsår")
    counted = scope.touching(ctx.view, ctx.county)
    known = [x for x in counted if x.arrangement.etablert is not None]
    if not counted:
        s.add(Paragraph(f"Ingen tellende ordninger i {ctx.year}.", "note"))
        return s
    if not known:
        s.add(Paragraph("Registeret mangler etableringsår for ordningene, så etableringsår og "
                        "nyetableringsperioder kan ikke vises.", "note"))
        return s
    for c, name in ctx.figure_groups():
        t = scope.establishment_years(ctx.view_for(c), c, since=1990)
        yearly = [(r.year, r.antall) for r in t.rows if r.year is not None]
        if not yearly:
            continue
        peaks = scope.peak_periods(t)
        before = sum(r.antall for r in t.rows if r.is_earlier)
        unknown = sum(r.antall for r in t.rows if r.is_unknown)
        text = (f"{name}: perioder med mange nyetableringer er "
                + ", ".join(f"{p.first}–{p.last} ({p.count} ordninger)" for p in peaks) + "."
                if peaks else f"{name}: ingen tydelige toppår.")
        if before:
            text += f" {before} av ordningene er etablert før 1990."
        if unknown:
            text += f" {unknown} mangler etableringsår."
        s.add(Paragraph(text))
        s.add(ctx.figure(
            f"Etableringsår for tellende ordninger i {name} i {ctx.view_for(c).year}, fra 1990. "
            "Perioder med mange nyetableringer er skyggelagt.",
            ctx.chart("histogram", [y for y, _ in yearly], [n for _, n in yearly],
                      f"Etableringsår, {name}", peaks),
            sum(n for _, n in yearly)))
    return s


def _per_municipality(ctx: Context) -> Section:
    s = Section("per-kommune", "Antall ordninger per kommune")
    mine = _per_county(ctx, scope.municipality_summary)
    if not mine.rows:
        s.add(Paragraph("Ingen kommuner å vise.", "note"))
        return s
    s.add(Paragraph("Antall ordninger per kommune varierer " + "; ".join(
        f"fra {r.minst} ({r.kommune_minst}) til {r.mest} ({r.kommune_mest}) i {r.fylke}, "
        f"gjennomsnitt {fmt(r.gjennomsnitt)}" for r in mine.rows) + "."))
    s.add(ctx.table(f"Færrest, flest og gjennomsnittlig antall ordninger per kommune, "
                    f"{ctx.years_text()}.", mine, sum(r.kommuner for r in mine.rows),
                    label="omfang-tabell-per-kommune"))
    for c in ctx.counties:
        t = municipalities_table(ctx.view_for(c), c)
        s.add(ctx.table(f"Formelle samarbeidsordninger per kommune i {ctx.county_names[c]} i "
                        f"{ctx.year_of(c)}, etter nivå.", t, len(t.rows), long=len(t.rows) > 30,
                        new_page=True, label=f"omfang-tabell-kommuner-{c}"))
    return s


def _sizes(ctx: Context) -> Section:
    s = Section("storrelse", "Omfang etter kommunestørrelse")
    for c, name in ctx.figure_groups():
        view = ctx.view_for(c)
        ranked = scope.size_rank(view, c)
        if len(ranked.rows) < 2:
            s.add(Paragraph(f"{name}: innbyggertall mangler for kommunene i {view.year}; "
                            "analysen etter størrelse er utelatt.", "note"))
            continue
        corr = scope.size_correlation(view, c)
        s.add(Paragraph(f"{name}: {corr.verdict()}"))
        t = scope.by_size_class(view, c)
        s.add(ctx.table(f"Gjennomsnittlig antall ordninger per kommune etter kommunestørrelse i "
                        f"{name} {view.year}. Veide gjennomsnitt.", t,
                        sum(r.kommuner for r in t.rows), hidden=("storrelse",),
                        headings={"navn": "Størrelse"}))
        if len(ranked.rows) <= 60:
            svg = ctx.chart("rank_chart", [r.kommune for r in ranked.rows],
                            [r.sum for r in ranked.rows],
                            f"Antall ordninger etter innbyggertall, {name}")
            caption = (f"Antall ordninger per kommune i {name} {view.year}, kommunene rangert "
                       "etter innbyggertall.")
        else:
            svg = ctx.chart("scatter", [r.innbyggere for r in ranked.rows],
                            [r.sum for r in ranked.rows],
                            f"Antall ordninger mot innbyggertall, {name}")
            caption = (f"Antall ordninger per kommune mot innbyggertall i {name} {view.year} "
                       "(logaritmisk skala).")
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

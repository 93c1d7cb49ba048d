"""Chapter "Omfang på samarbeidet" (chapter 4 of the seed): arrangements per county by level,
the maps, growth, establishment years, arrangements per municipality and by size."""

from __future__ import annotations

from samkart.analysis import geography, scope
from samkart.analysis.tables import Table, municipalities_table, norwegian_key
from samkart.domain.codes import LEVEL_ORDER
from samkart.reference import map_year_for, outlines
from samkart.report import maps
from samkart.report.context import LEVEL_NAMES, Context, small, small_groups_note
from samkart.report.document import Chapter, Label, Paragraph, Section, Xref, fmt


def build(ctx: Context) -> Chapter:
    return Chapter("omfang", "Omfang på samarbeidet", sections=[
        _levels(ctx), _maps(ctx), _growth(ctx), _years(ctx), _per_municipality(ctx), _sizes(ctx)])


def _levels(ctx: Context) -> Section:
    s = Section("antall", "Antall samarbeidsordninger")
    t = scope.levels_by_county(ctx.view).where(lambda r: r.fylkesnummer in ctx.counties)
    if not t.rows:
        s.add(Paragraph(f"Ingen tellende ordninger i {ctx.year}.", "note"))
        return s
    total = sum(r.sum for r in t.rows)
    s.add(Paragraph(_levels_text(ctx, t)))
    coverage = council_coverage_text(ctx)
    if coverage:
        s.add(Paragraph(coverage, "note"))
    table = s.add(ctx.table(f"Formelle samarbeidsordninger på ulike geografiske nivåer per fylke, "
                            f"{ctx.year}. Antall og prosent. En ordning som krysser en fylkesgrense "
                            "telles i hvert fylke.", t, total))
    series = {LEVEL_NAMES[lv]: [r.share(lv) for r in t.rows] for lv in LEVEL_ORDER}
    s.add(ctx.figure(
        f"Andel ordninger etter geografisk nivå per fylke, {ctx.year}. Prosent.",
        ctx.chart("bar_chart", [r.fylke for r in t.rows], series,
                  "Andel ordninger etter nivå per fylke", horizontal=True, stacked=True,
                  percent=True, decimals=0),
        total, Xref("Stablede søyler per fylke; verdiene står i ", table, ".")))
    return s


def council_coverage_text(ctx: Context) -> str:
    """Where no council is known in the year, the level rule cannot find regional or higher
    arrangements: say so per county rather than let every level come out as local unremarked."""
    parts = []
    for r in scope.council_coverage(ctx.view, ctx.counties).rows:
        if not r.uten_regionrad:
            continue
        if r.uten_regionrad == r.kommuner:
            parts.append(f"{r.fylke}: ingen av de {r.kommuner} kommunene")
        else:
            names = ", ".join(r.kommuner_uten) if r.uten_regionrad <= 12 else \
                ", ".join(r.kommuner_uten[:12]) + f" og {r.uten_regionrad - 12} til"
            parts.append(f"{r.fylke}: {r.uten_regionrad} av {r.kommuner} kommuner ({names})")
    if not parts:
        return ""
    return (f"Regionråd er ikke kjent for alle kommuner i {ctx.year}. Uten kjent regionråd "
            "kan en ordning ikke avledes som regional eller på høyere nivå, og den telles da som "
            "lokal med mindre nivået er satt for hånd (niva). Kommuner uten kjent regionråd: "
            + "; ".join(parts) + ". Registeret kan gi regionrådene selv (tabellene regionrad og "
            "regionrad_medlemmer).")


def _levels_text(ctx: Context, t: Table[scope.LevelShareRow]) -> str:
    parts = []
    for r in t.rows:
        shares = {lv: r.share(lv) for lv in LEVEL_ORDER}
        top = max(shares, key=lambda lv: shares[lv])
        parts.append(f"{r.fylke} har {fmt(r.sum)} ordninger, og {fmt(shares[top])} prosent er på "
                     f"{LEVEL_NAMES[top].lower()}")
    return "I " + str(ctx.year) + ": " + "; ".join(parts) + "."


def _maps(ctx: Context) -> Section:
    # Big things start on a fresh page in print: the maps, each county's list, the profile.
    # Those page starts are also where the PDF may be cut into pieces laid out in parallel.
    s = Section("kart", "Kart over ordninger og regionråd", new_page=True)
    map_year = map_year_for(ctx.year)
    shapes = outlines(map_year)
    values = {k: v for c in ctx.counties
              for k, v in geography.totals_by_municipality(ctx.view, c).items()}
    names = {k: m.navn for k, m in ctx.view.municipalities.items()}
    credit = (". Kart: kommunegrenser " + str(map_year) + ", "
              + ("© Kartverket" if map_year == 2024 else "Kartverket (GeoNorge, forenklet)"))
    label = f"Kart: antall ordninger per kommune {ctx.year}"
    # Paper has no tooltips: each municipality gets a number on the map and a key beside it
    # (up to a few counties' worth; a national map's numbers would be too small to read).
    drawable = sorted((k for k in values if k in shapes.rings),
                      key=lambda k: norwegian_key(names.get(k, k)))
    numbered = ({k: i + 1 for i, k in enumerate(drawable)}
                if len(drawable) <= MAX_NUMBERED else None)
    svg, missing = maps.choropleth(shapes, values, names, label, numbered=numbered)
    if not svg:
        s.add(Paragraph("Ingen av kommunene finnes i de medfølgende kartene, så kartene er "
                        "utelatt.", "note"))
        return s
    fig = s.add(ctx.figure(
        f"Antall tellende ordninger per kommune, {ctx.year}. Klasser med omtrent like mange "
        "kommuner.", svg, len(values) - len(missing),
        Xref("Kommunene er nummerert på kartet (nøkkelen står under figuren); antallene står "
             "i tabellene i ", Label("omfang-per-kommune"), ".") if numbered else
        Xref("Antallene per kommune står i tabellene i ", Label("omfang-per-kommune"), "."),
        kind="map"))
    fig.source += credit
    fig.print_svg = maps.choropleth(shapes, values, names, label, grouped=True,
                                    numbered=numbered)[0]
    if numbered:
        s.add(Paragraph("Nummer på kartet: " + ", ".join(
            f"{n} {names.get(k, k)}" for k, n in numbered.items()) + ".", "key"))
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


def _verdict(corr: scope.Correlation, alpha: float = 0.05) -> str:
    """The analysis's verdict on size and number of arrangements, its figures in the report's
    number format."""
    if corr.rho is None or corr.p_value is None:
        return (f"For få kommuner med kjent innbyggertall (N = {fmt(corr.n)}) til å teste "
                "sammenhengen.")
    if corr.p_value < alpha:
        direction = "flere" if corr.rho > 0 else "færre"
        return (f"Større kommuner har systematisk {direction} ordninger (Spearmans rho = "
                f"{fmt(corr.rho, 2)}, p = {fmt(corr.p_value, 3)}, N = {fmt(corr.n)}).")
    return (f"Ingen systematisk sammenheng mellom kommunestørrelse og antall ordninger "
            f"(Spearmans rho = {fmt(corr.rho, 2)}, p = {fmt(corr.p_value, 2)}, "
            f"N = {fmt(corr.n)}).")


MAX_NUMBERED = 150  # municipalities numbered on a map at most


def _growth(ctx: Context) -> Section:
    s = Section("endringer", "Endringer i samarbeidets omfang")
    if ctx.before is None:
        s.add(Paragraph("Rapporten sammenligner ikke med en tidligere kartlegging, så veksten "
                        "mellom to kartlegginger kan ikke vises.", "note"))
        return s
    t = scope.growth_between(ctx.before, ctx.view).where(lambda r: r.fylkesnummer in ctx.counties)
    if not t.rows:
        s.add(Paragraph("Ingen tellende ordninger i noen av årene.", "note"))
        return s
    lines = [f"{r.fylke}: fra {fmt(r.antall_fra)} i {r.fra_ar} til {fmt(r.antall_til)} i {r.til_ar}"
             + (f" ({'+' if r.endring >= 0 else ''}{fmt(r.vekst_prosent)} prosent)"
                if r.vekst_prosent is not None else "") for r in t.rows]
    s.add(Paragraph("Antall tellende ordninger endret seg slik: " + "; ".join(lines) + "."))
    s.add(ctx.table(f"Tellende ordninger per fylke {ctx.compare} og {ctx.year}.", t, len(t.rows)))
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
        t = scope.establishment_years(ctx.view, c, since=1990)
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
            f"Etableringsår for tellende ordninger i {name} i {ctx.year}, fra 1990. Perioder med "
            "mange nyetableringer er skyggelagt.",
            ctx.chart("histogram", [y for y, _ in yearly], [n for _, n in yearly],
                      f"Etableringsår, {name}", peaks),
            sum(n for _, n in yearly)))
    return s


def _per_municipality(ctx: Context) -> Section:
    s = Section("per-kommune", "Antall ordninger per kommune")
    mine = scope.municipality_summary(ctx.view).where(lambda r: r.fylkesnummer in ctx.counties)
    if not mine.rows:
        s.add(Paragraph("Ingen kommuner å vise.", "note"))
        return s
    s.add(Paragraph("Antall ordninger per kommune varierer " + "; ".join(
        f"fra {r.minst} ({r.kommune_minst}) til {r.mest} ({r.kommune_mest}) i {r.fylke}, "
        f"gjennomsnitt {fmt(r.gjennomsnitt)}" for r in mine.rows) + "."))
    s.add(ctx.table(f"Færrest, flest og gjennomsnittlig antall ordninger per kommune, "
                    f"{ctx.year}.", mine, sum(r.kommuner for r in mine.rows)))
    for c in ctx.counties:
        t = municipalities_table(ctx.view, c)
        s.add(ctx.table(f"Formelle samarbeidsordninger per kommune i {ctx.county_names[c]} i "
                        f"{ctx.year}, etter nivå.", t, len(t.rows), long=len(t.rows) > 30,
                        new_page=True))
    return s


def population_basis_text(year: int, years: dict[int | None, int], unknown: int) -> str:
    """Which year's population puts the municipalities in their size class (always said, since
    the class depends on it)."""
    parts = []
    for y in sorted((y for y in years if y is not None), reverse=True):
        when = "" if y == year else (" (nærmeste tidligere år med tall)" if y < year
                                     else " (tidligste år med tall)")
        parts.append(f"1. januar {y} for {years[y]} kommuner{when}")
    if None in years:
        parts.append(f"registerets eget tall for {years[None]} kommuner")
    if unknown:
        parts.append(f"ukjent for {unknown} kommuner")
    if not parts:
        return "Ingen kommuner har kjent innbyggertall."
    return ("Størrelsesklassene bygger på folketallet (SSB, tabell 07459) "
            + ", ".join(parts) + ".")


def _sizes(ctx: Context) -> Section:
    s = Section("storrelse", "Omfang etter kommunestørrelse")
    for c, name in ctx.figure_groups():
        ranked = scope.size_rank(ctx.view, c)
        if len(ranked.rows) < 2:
            s.add(Paragraph(f"{name}: innbyggertall mangler for kommunene i {ctx.year}; "
                            "analysen etter størrelse er utelatt.", "note"))
            continue
        corr = scope.size_correlation(ctx.view, c)
        s.add(Paragraph(f"{name}: {_verdict(corr)}"))
        s.add(Paragraph(population_basis_text(ctx.year, *scope.population_basis(ctx.view, c)),
                        "note"))
        t = scope.by_size_class(ctx.view, c)
        shown = type(t)(t.columns, [r._replace(navn=small(r.navn, r.kommuner)) for r in t.rows])
        s.add(ctx.table(f"Gjennomsnittlig antall ordninger per kommune etter kommunestørrelse i "
                        f"{name} {ctx.year}. Veide gjennomsnitt.", shown,
                        sum(r.kommuner for r in t.rows), hidden=("storrelse",),
                        headings={"navn": "Størrelse"}))
        if note := small_groups_note([(r.navn, r.kommuner) for r in t.rows]):
            s.add(note)
        if len(ranked.rows) <= 60:
            svg = ctx.chart("rank_chart", [r.kommune for r in ranked.rows],
                            [r.sum for r in ranked.rows],
                            f"Antall ordninger etter innbyggertall, {name}")
            caption = (f"Antall ordninger per kommune i {name} {ctx.year}, kommunene rangert "
                       "etter innbyggertall.")
        else:
            svg = ctx.chart("scatter", [r.innbyggere for r in ranked.rows],
                            [r.sum for r in ranked.rows],
                            f"Antall ordninger mot innbyggertall, {name}")
            caption = (f"Antall ordninger per kommune mot innbyggertall i {name} {ctx.year} "
                       "(logaritmisk skala).")
        s.add(ctx.figure(caption, svg, len(ranked.rows)))
    return s

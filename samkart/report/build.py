"""Fill the report from a register: one function per chapter, each from the analysis functions.

Every figure and table is computed here from the register; no number is typed in. Where the
register lacks what an analysis needs, the section says so and the rest is still written.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from concurrent.futures import Future

from samkart.analysis import content, geography, organisation, quality, scope
from samkart.analysis.content import Statutory
from samkart.analysis.tables import Table, municipalities_table, norwegian_key
from samkart.analysis.yearview import YearView
from samkart.demo import is_demo
from samkart.domain.codes import LEVEL_ORDER, Band, Level
from samkart.domain.sizes import SIZE_CLASSES, UNKNOWN
from samkart.gcpause import paused_gc
from samkart.reference import map_year_for, outlines, published
from samkart.register.model import Register
from samkart.report import maps
from samkart.report.document import (
    Chapter,
    FigureBlock,
    Paragraph,
    Report,
    Section,
    TableBlock,
    fmt,
)
from samkart.report.workers import Workers
from samkart.survey import Responses
from samkart.survey import analysis as survey_analysis

DEMO_NOTE = ("Dette er syntetiske demodata, ikke en ekte kartlegging. Antall ordninger per kommune og "
             "fylke fordelt på nivå er kalibrert til tallene NIVI Analyse publiserte (tabell 4.1–4.5 "
             "og veksten i kap. 4.2); navn, sektorer, tilknytningsformer, år, oppgavefelt og "
             "vertskommuner er oppdiktet.")
# The seed shows per-county figures for four counties; beyond that one figure covers all of them
# (the per-county numbers stay in the tables), which keeps a national report readable and fast.
PER_COUNTY_FIGURES = 4
# Lists that run to many pages are cut in the PDF after this many rows; the HTML has them all.
PRINT_LIMIT = 60
PRINT_PARTNERS = 15  # partners named per arrangement in the PDF's profile table
LEVEL_NAMES = {Level.HOYERE: "Høyere nivå", Level.REGIONAL: "Regionalt nivå",
               Level.LOKAL: "Lokalt nivå"}


class ReportBuilder:
    """Builds a :class:`Report` for one year (and optionally a comparison year and one county)."""

    def __init__(self, register: Register, year: int, compare: int | None = None,
                 county: str | None = None, source_name: str = "registeret",
                 survey: Responses | None = None, survey_name: str = "svarfilen",
                 workers: Workers | None = None):
        self.register = register
        # Charts are drawn by the workers when there are any, while the analyses go on here.
        self.workers = workers or Workers(1)
        self._drawing: list[tuple[FigureBlock, Future]] = []
        self.responses = survey
        self.survey_source = (f"Kilde: rådmannsundersøkelsen {survey.year} ({survey_name}, "
                              "samkart)") if survey else ""
        self.year = year
        self.compare = compare
        self.view = YearView(register, year)
        self.before = YearView(register, compare) if compare is not None else None
        self.demo = is_demo(register)
        counties = sorted(self.view.participating_counties())
        if county is not None:
            counties = [county]
        self.county = county
        self.counties = counties
        self._scope_ids: set[str] | None = None
        self.county_names = {c: register.county_name(c, year) for c in counties}
        self.source = (f"Kilde: {source_name} (samkart)"
                       + ("; syntetiske demodata kalibrert til NIVI Analyse" if self.demo else ""))
        self._figures: dict[str, int] = {}
        self._tables: dict[str, int] = {}

    def _scope(self) -> set[str] | None:
        """Ids of the arrangements with a participant, in any year, in the report's county (None
        for a report of the whole register); worked out once, several sections ask."""
        if self.county is None:
            return None
        if self._scope_ids is None:
            counties = set(self.counties)
            index = self.register.municipalities
            self._scope_ids = {
                p.ordning_id for p in self.register.participations
                if (m := index.any_version(p.kommunenummer)) is not None
                and m.fylkesnummer in counties
            }
        return self._scope_ids

    def _mine(self, t: Table) -> Table:
        """Rows (first column an arrangement id) of arrangements in the report's scope."""
        ids = self._scope()
        return t if ids is None else t.where(lambda r: r.id in ids)

    def _figure_groups(self) -> list[tuple[str | None, str]]:
        """(county or None for all, name) for per-county figures: each county when there are few,
        else one group of all the report's counties."""
        if len(self.counties) <= PER_COUNTY_FIGURES:
            return [(c, self.county_names[c]) for c in self.counties]
        return [(None, "alle fylkene i rapporten")]

    # -- numbering ------------------------------------------------------------------------------
    def _next(self, counter: dict[str, int], chapter: str) -> str:
        counter[chapter] = counter.get(chapter, 0) + 1
        return f"{chapter}.{counter[chapter]}"

    def chart(self, name: str, *args, **kwargs) -> Future:
        """``charts.<name>(*args, **kwargs)``, drawn by a worker or here."""
        return self.workers.chart(name, *args, **kwargs)

    def figure(self, chapter: str, caption: str, svg: str | Future, n: int | str,
               description: str = "", kind: str = "chart") -> FigureBlock:
        if isinstance(svg, Future) and svg.done():
            svg = svg.result()  # drawn here (no workers): chapters can be built one by one
        block = FigureBlock(self._next(self._figures, chapter), caption,
                            svg if isinstance(svg, str) else "", self.source,
                            f"N = {fmt(n) if isinstance(n, int) else n}", description, kind)
        if not isinstance(svg, str):
            self._drawing.append((block, svg))  # being drawn by a worker; build() waits
        return block

    def _drawn(self) -> None:
        for block, svg in self._drawing:
            block.svg = svg.result()
        self._drawing.clear()

    def table(self, chapter: str, caption: str, table: Table, n: int | str, **kw) -> TableBlock:
        return TableBlock(self._next(self._tables, chapter), caption, table, self.source,
                          f"N = {fmt(n) if isinstance(n, int) else n}", **kw)

    # -- the whole report -----------------------------------------------------------------------
    def build(self) -> Report:
        chapters: list[Chapter] = []
        with paused_gc():
            for make in (self.about, self.scope, self.content, self.organisation, self.survey,
                         self.geography, self.quality, self.appendix):
                chapters.append(make())
        self._drawn()
        names = list(self.county_names.values())
        if self.county:
            place = self.county_names[self.county]
        elif not names:
            place = "ingen fylker"
        elif len(names) <= PER_COUNTY_FIGURES:
            place = ", ".join(names[:-1]) + (" og " if len(names) > 1 else "") + names[-1]
        else:
            place = f"{len(names)} fylker"
        counted = scope.touching(self.view, self.county)
        municipalities = [k for k, m in self.view.municipalities.items()
                          if m.fylkesnummer in self.counties]
        in_scope = self._scope()
        participations = sum(
            1 for s in counted for k in s.participants
            if self.view.municipalities[k].fylkesnummer in self.counties
        )
        key = [
            ("Tellende samarbeidsordninger", fmt(len(counted))),
            ("Kommuner", fmt(len(municipalities))),
            ("Ordninger per kommune (gjennomsnitt)",
             fmt(round(participations / len(municipalities), 1) if municipalities else 0.0)),
            ("Registrerte ordninger i alt", fmt(len(self.register.arrangements if in_scope is None
                                                    else in_scope))),
        ]
        return Report(
            title="Formalisert interkommunalt samarbeid",
            subtitle=f"{place} {self.year}" + (f", sammenlignet med {self.compare}"
                                               if self.compare else ""),
            year=self.year, compare=self.compare,
            counties=[(c, self.county_names[c]) for c in self.counties],
            demo=self.demo, key_figures=key, chapters=chapters,
            generated=_dt.date.today().isoformat(), source=self.source,
        )

    # -- chapter 1: about -------------------------------------------------------------------------
    def about(self) -> Chapter:
        ch = Chapter("om", "1", "Om kartleggingen")
        s = Section("definisjon", "Definisjon og nivåer")
        s.blocks.append(Paragraph(
            "En samarbeidsordning telles når den er formell (ikke forening, nettverk eller "
            "prosjekt), domineres av kommunene, for aksjeselskap har kommunal eierandel over 50 "
            "prosent, og har minst to deltakende kommuner i året som ses på. Andre registrerte "
            "ordninger beholdes i registeret og vises under datakvalitet med grunnen."))
        s.blocks.append(Paragraph(
            "Ordningene deles i tre geografiske nivåer: regionalt nivå når minst tre firedeler av "
            "et regionråds medlemmer deltar og høyst én deltaker er utenfor; høyere nivå når "
            "ordningen ellers har minst fire deltakere fra minst to regionråd; ellers lokalt nivå. "
            "Et nivå satt for hånd i registeret går foran."))
        if self.demo:
            s.blocks.append(Paragraph(DEMO_NOTE, "note"))
        ch.sections.append(s)
        return ch

    # -- chapter 4: scope ---------------------------------------------------------------------------
    def scope(self) -> Chapter:
        ch = Chapter("omfang", "4", "Omfang på samarbeidet")
        view = self.view
        # 4.1 levels per county
        s = Section("antall", "Antall samarbeidsordninger")
        t = scope.levels_by_county(view).where(lambda r: r.fylkesnummer in self.counties)
        if not t.rows:
            s.blocks.append(Paragraph(f"Ingen tellende ordninger i {self.year}.", "note"))
        else:
            total = sum(r.sum for r in t.rows)
            s.blocks.append(Paragraph(self._levels_text(t)))
            s.blocks.append(self.table("4", f"Formelle samarbeidsordninger på ulike geografiske "
                                       f"nivåer per fylke, {self.year}. Antall og prosent. En "
                                       "ordning som krysser en fylkesgrense telles i hvert fylke.",
                                       t, total))
            series = {LEVEL_NAMES[lv]: [r.share(lv) for r in t.rows] for lv in LEVEL_ORDER}
            s.blocks.append(self.figure(
                "4", f"Andel ordninger etter geografisk nivå per fylke, {self.year}. Prosent.",
                self.chart("bar_chart", [r.fylke for r in t.rows], series,
                           "Andel ordninger etter nivå per fylke", horizontal=True,
                           stacked=True, percent=True, decimals=0),
                total, "Stablede søyler per fylke; verdiene står i tabellen over."))
        ch.sections.append(s)
        ch.sections.append(self._maps())
        ch.sections.append(self._growth())
        ch.sections.append(self._years())
        ch.sections.append(self._per_municipality())
        ch.sections.append(self._sizes())
        return ch

    def _levels_text(self, t: Table[scope.LevelShareRow]) -> str:
        parts = []
        for r in t.rows:
            shares = {lv: r.share(lv) for lv in LEVEL_ORDER}
            top = max(shares, key=lambda lv: shares[lv])
            parts.append(f"{r.fylke} har {r.sum} ordninger, og {fmt(shares[top])} prosent er på "
                         f"{LEVEL_NAMES[top].lower()}")
        return "I " + str(self.year) + ": " + "; ".join(parts) + "."

    def _maps(self) -> Section:
        # Big things start on a fresh page in print: the maps, each county's list, the profile.
        # Those page starts are also where the PDF may be cut into pieces laid out in parallel.
        s = Section("kart", "Kart over ordninger og regionråd", new_page=True)
        map_year = map_year_for(self.year)
        shapes = outlines(map_year)
        values = {k: v for c in self.counties
                  for k, v in geography.totals_by_municipality(self.view, c).items()}
        names = {k: m.navn for k, m in self.view.municipalities.items()}
        credit = (". Kart: kommunegrenser " + str(map_year) + ", "
                  + ("© Kartverket" if map_year == 2024 else "Kartverket (GeoNorge, forenklet)"))
        label = f"Kart: antall ordninger per kommune {self.year}"
        svg, missing = maps.choropleth(shapes, values, names, label)
        if not svg:
            s.blocks.append(Paragraph("Ingen av kommunene finnes i de medfølgende kartene, så "
                                      "kartene er utelatt.", "note"))
            return s
        fig = self.figure("4", f"Antall tellende ordninger per kommune, {self.year}. Klasser med "
                          "omtrent like mange kommuner.", svg, len(values) - len(missing),
                          "Hver kommune har navn og antall som verktøytips; tallene står i "
                          "tabellene over antall per kommune.", kind="map")
        fig.source += credit
        fig.print_svg = maps.choropleth(shapes, values, names, label, grouped=True)[0]
        s.blocks.append(fig)
        if missing:
            listed = sorted((names.get(k, k) for k in missing), key=norwegian_key)
            more = f" og {len(listed) - 12} til" if len(listed) > 12 else ""
            s.blocks.append(Paragraph(
                f"{len(missing)} {'kommune' if len(missing) == 1 else 'kommuner'} mangler i kartet "
                f"for {map_year} (kommunenummer som ikke finnes i kartet) og er ikke tegnet: "
                + ", ".join(listed[:12]) + more + ".", "note"))
        council_of = geography.council_of_municipality(self.view)
        if not council_of:
            s.blocks.append(Paragraph(f"Registeret har ingen regionråd som er aktive i {self.year}; "
                                      "regionrådskartet er utelatt.", "note"))
            return s
        scope_set = set(values)
        council_names = {cid: c.navn for cid, c in self.register.councils.items()}
        label = f"Kart: regionråd {self.year}"
        svg = maps.council_map(shapes, council_of, council_names, scope_set, label)
        if svg:
            fig = self.figure("4", f"Regionråd og samkommuner, {self.year}. Kommuner i flere "
                              "vises i det største.", svg,
                              len({council_of[k] for k in scope_set if k in council_of}),
                              "Rådene skilles med mønster og navn på kartet.", kind="map")
            fig.source += credit
            fig.print_svg = maps.council_map(shapes, council_of, council_names, scope_set, label,
                                             grouped=True)
            fig.new_page = True
            s.blocks.append(fig)
        return s

    def _growth(self) -> Section:
        s = Section("endringer", "Endringer i samarbeidets omfang")
        if self.compare is None:
            s.blocks.append(Paragraph("Ikke noe sammenligningsår er valgt (bruk --compare ÅR) for "
                                      "vekst mellom to kartlegginger.", "note"))
            return s
        t = scope.growth_between(self.before, self.view).where(
            lambda r: r.fylkesnummer in self.counties)
        if not t.rows:
            s.blocks.append(Paragraph("Ingen tellende ordninger i noen av årene.", "note"))
            return s
        lines = [f"{r.fylke}: fra {r.antall_fra} i {r.fra_ar} til {r.antall_til} i {r.til_ar}"
                 + (f" ({'+' if r.endring >= 0 else ''}{fmt(r.vekst_prosent)} prosent)"
                    if r.vekst_prosent is not None else "") for r in t.rows]
        s.blocks.append(Paragraph("Antall tellende ordninger endret seg slik: " + "; ".join(lines)
                                  + "."))
        s.blocks.append(self.table("4", f"Tellende ordninger per fylke {self.compare} og "
                                   f"{self.year}.", t, len(t.rows)))
        return s

    def _years(self) -> Section:
        s = Section("etableringsar", "Etableringsår")
        counted = scope.touching(self.view, self.county)
        known = [x for x in counted if x.arrangement.etablert is not None]
        if not counted:
            s.blocks.append(Paragraph(f"Ingen tellende ordninger i {self.year}.", "note"))
            return s
        if not known:
            s.blocks.append(Paragraph("Registeret mangler etableringsår for ordningene, så "
                                      "etableringsår og nyetableringsperioder kan ikke vises.",
                                      "note"))
            return s
        for c, name in self._figure_groups():
            t = scope.establishment_years(self.view, c, since=1990)
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
            s.blocks.append(Paragraph(text))
            s.blocks.append(self.figure(
                "4", f"Etableringsår for tellende ordninger i {name} i "
                f"{self.year}, fra 1990. Perioder med mange nyetableringer er skyggelagt.",
                self.chart("histogram", [y for y, _ in yearly], [n for _, n in yearly],
                           f"Etableringsår, {name}", peaks),
                sum(n for _, n in yearly)))
        return s

    def _per_municipality(self) -> Section:
        s = Section("per-kommune", "Antall ordninger per kommune")
        summary = scope.municipality_summary(self.view)
        mine = summary.where(lambda r: r.fylkesnummer in self.counties)
        if not mine.rows:
            s.blocks.append(Paragraph("Ingen kommuner å vise.", "note"))
            return s
        s.blocks.append(Paragraph("Antall ordninger per kommune varierer " + "; ".join(
            f"fra {r.minst} ({r.kommune_minst}) til {r.mest} ({r.kommune_mest}) i {r.fylke}, "
            f"gjennomsnitt {fmt(r.gjennomsnitt)}" for r in mine.rows) + "."))
        s.blocks.append(self.table("4", f"Færrest, flest og gjennomsnittlig antall ordninger per "
                                   f"kommune, {self.year}.", mine,
                                   sum(r.kommuner for r in mine.rows)))
        for c in self.counties:
            t = municipalities_table(self.view, c)
            s.blocks.append(self.table(
                "4", f"Formelle samarbeidsordninger per kommune i {self.county_names[c]} i "
                f"{self.year}, etter nivå.", t, len(t.rows), long=len(t.rows) > 30, new_page=True))
        return s

    def _sizes(self) -> Section:
        s = Section("storrelse", "Omfang etter kommunestørrelse")
        for c, name in self._figure_groups():
            ranked = scope.size_rank(self.view, c)
            if len(ranked.rows) < 2:
                s.blocks.append(Paragraph(f"{name}: innbyggertall mangler for kommunene i "
                                          f"{self.year}; analysen etter størrelse er utelatt.",
                                          "note"))
                continue
            corr = scope.size_correlation(self.view, c)
            s.blocks.append(Paragraph(f"{name}: {corr.verdict()}"))
            t = scope.by_size_class(self.view, c)
            s.blocks.append(self.table("4", f"Gjennomsnittlig antall ordninger per kommune etter "
                                       f"kommunestørrelse i {name} {self.year}. Veide "
                                       "gjennomsnitt.", t, sum(r.kommuner for r in t.rows),
                                       hidden=("storrelse",), headings={"navn": "Størrelse"}))
            if len(ranked.rows) <= 60:
                svg = self.chart("rank_chart", [r.kommune for r in ranked.rows],
                                 [r.sum for r in ranked.rows],
                                 f"Antall ordninger etter innbyggertall, {name}")
                caption = (f"Antall ordninger per kommune i {name} {self.year}, kommunene rangert "
                           "etter innbyggertall.")
            else:
                svg = self.chart("scatter", [r.innbyggere for r in ranked.rows],
                                 [r.sum for r in ranked.rows],
                                 f"Antall ordninger mot innbyggertall, {name}")
                caption = (f"Antall ordninger per kommune mot innbyggertall i {name} {self.year} "
                           "(logaritmisk skala).")
            s.blocks.append(self.figure("4", caption, svg, len(ranked.rows)))
        return s

    # -- chapter 5: content -----------------------------------------------------------------------
    def content(self) -> Chapter:
        ch = Chapter("innhold", "5", "Innhold i samarbeidet")
        view = self.view
        s = Section("sektorer", "Forekomst innenfor ulike sektorer")
        groups = [c for c, _ in self._figure_groups()]
        group_names = {c: name for c, name in self._figure_groups()}
        coarse = content.sector_shares(view, groups)
        if not coarse.rows:
            s.blocks.append(Paragraph("Ingen tellende ordninger.", "note"))
        else:
            n = sum(share.antall for r in coarse.rows for share in r.groups)
            by_group = [dict(zip(groups, r.groups, strict=True)) for r in coarse.rows]
            series = {group_names[c]: [shares[c].prosent for shares in by_group] for c in groups}
            s.blocks.append(self.figure(
                "5", f"Grov sektorfordeling for tellende ordninger, {self.year}. Prosent av "
                "ordningene i hvert fylke.",
                self.chart("bar_chart", [r.navn for r in coarse.rows], series,
                           "Grov sektorfordeling per fylke", horizontal=True, percent=True,
                           decimals=0), n))
            heads = {}
            for c in groups:
                heads[f"antall_{c or 'alle'}"] = f"Antall {group_names[c]}"
                heads[f"prosent_{c or 'alle'}"] = f"% {group_names[c]}"
            s.blocks.append(self.table("5", f"Grov sektorfordeling, {self.year}.", coarse, n,
                                       hidden=("sektor",), headings={"navn": "Sektor", **heads}))
            fine = content.sector_shares(view, groups, fine=True)
            if all(r.delsektor == content.NO_FINE_SECTOR for r in fine.rows):
                s.blocks.append(Paragraph("Registeret har ingen delsektorer; fin sektorfordeling "
                                          "kan ikke vises.", "note"))
            else:
                s.blocks.append(self.table("5", f"Fin sektorfordeling (delsektor), {self.year}.",
                                           fine, n, long=True, hidden=("sektor",),
                                           print_limit=PRINT_LIMIT,
                                           headings={"navn": "Sektor", **heads}))
        ch.sections.append(s)
        ch.sections.append(self._task_fields())
        ch.sections.append(self._changes())
        ch.sections.append(self._profile())
        return ch

    def _task_fields(self) -> Section:
        s = Section("oppgavefelt", "Deltakelse på oppgavefelt")
        if not any(x.arrangement.oppgavefelt for x in self.view.counted()):
            s.blocks.append(Paragraph("Ingen tellende ordninger har oppgavefelt i registeret; "
                                      "andeler per oppgavefelt kan ikke beregnes.", "note"))
            return s
        t = content.task_fields_by_county(self.view, self.counties)
        n = t.rows[0].n if t.rows else 0
        s.blocks.append(Paragraph(
            "Andelen av kommunene som deltar i minst én tellende ordning med oppgavefeltet, "
            "gruppert i de fire frekvensbåndene fra kapittel 5.2: hyppig (over 50 prosent), vanlig "
            "(20–50), sjelden (10–20) og uvanlig (under 10)."))
        for band in Band:
            rows = [r for r in t.rows if r.band == band.code]
            if not rows:
                continue
            s.blocks.append(self.figure(
                "5", f"Andel av kommunene som deltar i samarbeid: {band.nb.lower()}. Prosent, "
                f"{self.year}.",
                self.chart("bar_chart", [r.navn for r in rows],
                           {"Alle kommuner": [r.prosent for r in rows]},
                           f"Oppgavefelt, {band.nb}", horizontal=True, percent=True,
                           decimals=0), int(n)))
        heads = {f"prosent_{c}": f"% {self.county_names[c]}" for c in self.counties}
        per_county = len(self.counties) <= PER_COUNTY_FIGURES
        hide = ("kode",) if per_county else ("kode", *heads)
        s.blocks.append(self.table("5", "Andel kommuner per oppgavefelt"
                                   + (" og fylke" if per_county else "") + f", {self.year}.",
                                   t, int(n), long=True, hidden=hide,
                                   headings={"navn": "Oppgavefelt", **heads}))
        by_size = content.task_fields_by_size(self.view, self.counties)
        s.blocks.append(self.table("5", f"Andel kommuner per oppgavefelt etter kommunestørrelse, "
                                   f"{self.year}. Siste rad: antall kommuner i klassen.", by_size,
                                   int(n), long=True, hidden=("kode",),
                                   headings={"navn": "Oppgavefelt", **{
                                       f"prosent_{c.code}": c.nb for c in (*SIZE_CLASSES, UNKNOWN)
                                   }}))
        return s

    def _changes(self) -> Section:
        s = Section("trend", "Endringer i samarbeidets innhold")
        if self.compare is None:
            s.blocks.append(Paragraph("Ikke noe sammenligningsår er valgt (bruk --compare ÅR).",
                                      "note"))
            return s
        for c, name in self._figure_groups():
            t = content.changes_between(self.before, self.view, c)
            if not t.rows:
                continue
            new = sum(r.nye for r in t.rows)
            statutory = sum(r.nye for r in t.rows if r.lovpalagt is Statutory.JA)
            s.blocks.append(Paragraph(
                f"{name}: {new} nye ordninger fra {self.compare} til {self.year}, "
                f"hvorav {statutory} gjelder lovpålagte oppgaver; "
                f"{sum(r.reorganiserte for r in t.rows)} erstatter en tidligere ordning, "
                f"{sum(r.avviklede for r in t.rows)} er avviklet og "
                f"{sum(r.utvidede for r in t.rows)} har fått flere deltakere."))
            s.blocks.append(self.table("5", f"Nye, reorganiserte, avviklede og utvidede ordninger "
                                       f"i {name}, {self.compare}–{self.year}, "
                                       "etter sektor og om oppgaven er lovpålagt.", t, new))
        return s

    def _profile(self) -> Section:
        s = Section("profil", "Innblikk i samarbeidet til kommunen med flest ordninger",
                    new_page=True)
        top = None
        for c in self.counties:
            rows = municipalities_table(self.view, c).rows
            if rows and (top is None or rows[0].sum > top.sum):
                top = rows[0]
        if top is None or top.sum == 0:
            s.blocks.append(Paragraph("Ingen kommune har tellende ordninger.", "note"))
            return s
        t = content.municipality_profile(self.view, top.kommunenummer)
        # Readers get the level's name, as in the seed's table 5.1, not the register's code.
        t = Table(t.columns, [r._replace(niva=_level_name(r.niva)) for r in t.rows])
        s.blocks.append(Paragraph(f"{top.kommune} deltar i flest ordninger: {top.sum} i "
                                  f"{self.year}."))
        s.blocks.append(self.table("5", f"Formaliserte samarbeidsordninger for {top.kommune} kommune, "
                                   f"{self.year}.", t, len(t.rows), hidden=("id", "antall_partnere"),
                                   long=True, print_limit=PRINT_LIMIT,
                                   print_list_limit=PRINT_PARTNERS, css_class="profile"))
        return s

    # -- chapter 6: organisation ------------------------------------------------------------------
    def organisation(self) -> Chapter:
        ch = Chapter("organisering", "6", "Organisering")
        s = Section("tilknytningsform", "Bruk av juridisk tilknytningsform")
        for c, name in self._figure_groups():
            t = organisation.legal_forms(self.view, c)
            if not t.rows:
                continue
            shares = organisation.form_shares(self.view, c)
            s.blocks.append(Paragraph(
                f"{name}: {fmt(shares.companies_percent)} prosent av ordningene er "
                f"interkommunale selskap eller aksjeselskap, og {fmt(shares.political_percent)} "
                "prosent er under politisk styring (felles folkevalgt nemnd, samkommune eller "
                "interkommunalt politisk råd)."))
            s.blocks.append(self.figure(
                "6", f"Juridisk tilknytningsform for ordningene i {name}, {self.year}. Prosent.",
                self.chart("bar_chart", [r.navn for r in t.rows],
                           {"Andel": [r.prosent for r in t.rows]},
                           f"Tilknytningsform, {name}", horizontal=True,
                           percent=True, decimals=1), shares.total))
            s.blocks.append(self.table("6", f"Tilknytningsform i {name}, {self.year}.", t,
                                       shares.total))
        ch.sections.append(s)
        s = Section("styringsmodeller", "Styringsmodeller i regionrådene")
        t = organisation.council_governance(self.view).where(
            lambda r: bool(r.counties & set(self.counties)))
        if not t.rows:
            s.blocks.append(Paragraph(f"Ingen regionråd er aktive i {self.year}.", "note"))
        else:
            s.blocks.append(self.table("6", f"Regionråd og samkommuner med styringsmodell og "
                                       f"regionale ordninger, {self.year}.", t, len(t.rows),
                                       hidden=("id", "type")))
        ch.sections.append(s)
        s = Section("vertskommuner", "Vertskommuner")
        t = organisation.host_load(self.view, self.county).where(
            lambda r: self.view.municipalities[r.kommunenummer].fylkesnummer in self.counties)
        if not any(r.vertskommune_for for r in t.rows):
            s.blocks.append(Paragraph("Registeret oppgir ingen vertskommuner.", "note"))
        else:
            top = t.head(15)
            s.blocks.append(self.table("6", f"Kommunene som er vertskommune for flest ordninger, "
                                       f"{self.year} (de 15 første).", top, len(t.rows)))
        ch.sections.append(s)
        return ch

    # -- chapter 7: survey ------------------------------------------------------------------------
    def survey(self) -> Chapter:
        ch = Chapter("erfaringer", "7", "Rådmennenes vurderinger")
        if self.responses is None:
            s = Section("undersokelse", "Rådmannsundersøkelsen")
            s.blocks.append(Paragraph(
                "Ingen svar fra en rådmannsundersøkelse er lagt ved (bruk --survey FIL), så "
                "andeler etter rådmennenes svar og vurderinger av erfaringer (figur 7.1 i NIVIs "
                "rapport) er ikke med i denne rapporten.", "note"))
            ch.sections.append(s)
            return ch
        sv = self.responses
        rate = survey_analysis.response_rate(sv)
        answered = sum(r.svar for r in rate.rows)
        total = sum(r.kommuner for r in rate.rows)
        s = Section("undersokelse", f"Rådmannsundersøkelsen {sv.year}")
        s.blocks.append(Paragraph(f"{answered} av {total} kommuner svarte "
                                  f"({fmt(round(100 * answered / total, 1) if total else 0.0)} "
                                  "prosent)."))
        s.blocks.append(self._survey_table("7", "Svar per fylke.", rate, answered))
        ch.sections.append(s)
        s = Section("oppgavefelt-svar", "Deltakelse på oppgavefelt etter rådmennenes svar")
        t = survey_analysis.task_field_table(sv)
        answered_rows = t.where(lambda r: r.svar > 0)
        for band in Band:
            rows = sorted((r for r in answered_rows.rows if r.band == band.code),
                          key=lambda r: -r.andel_prosent)
            if rows:
                n = max(r.svar for r in rows)
                s.blocks.append(self._survey_figure(
                    "7", f"Andel av kommunene som deltar i interkommunalt samarbeid: "
                    f"{band.nb.lower()}. Prosent. N = opptil {n}.",
                    self.chart("bar_chart", [r.navn for r in rows],
                               {"Andel": [r.andel_prosent for r in rows]},
                               f"Rådmannsundersøkelsen, {band.nb}", horizontal=True,
                               percent=True), n))
        s.blocks.append(self._survey_table("7", "Andel som svarer ja per oppgavefelt (N per "
                                           "felt: de som svarte ja eller nei).",
                                           answered_rows, answered,
                                           hidden=("kode",)))
        per_county = survey_analysis.by_county(sv)
        answered_codes = {r.kode for r in answered_rows.rows}
        county_heads = {col: "% " + self.register.county_name(col[len("prosent_"):], sv.year)
                        for col in per_county.columns if col.startswith("prosent_")}
        s.blocks.append(self._survey_table(
            "7", "Andel som svarer ja per oppgavefelt og fylke.",
            per_county.where(lambda r: r.kode in answered_codes),
            answered, long=True, hidden=("kode",), headings=county_heads))
        by_size = survey_analysis.task_field_table(sv, by_size=True)
        names = {c.code: c.nb for c in (*SIZE_CLASSES, UNKNOWN)}
        by_size = Table(by_size.columns, [r._replace(storrelse=names.get(r.storrelse, r.storrelse))
                                          for r in by_size.rows if r.svar])
        s.blocks.append(self._survey_table("7", "Andel som svarer ja per oppgavefelt etter "
                                           "kommunestørrelse (felt uten svar er utelatt).",
                                           by_size, answered, long=True, hidden=("kode",)))
        ch.sections.append(s)
        s = Section("erfaringer-svar", "Erfaringer med interkommunalt samarbeid")
        e = survey_analysis.experience_table(sv)
        if not e.rows:
            s.blocks.append(Paragraph("Svarfilen har ingen erfaringsspørsmål.", "note"))
        else:
            shares = []
            for r in e.rows:
                rated = sum(r.ratings)
                shares.append([100 * x / rated if rated else 0.0 for x in r.ratings])
            s.blocks.append(self._survey_figure(
                "7", "Rådmennenes vurdering av kommunens erfaringer med interkommunalt "
                "samarbeid på ulike områder. Prosent av dem som vurderte; N per spørsmål i "
                "tabellen.",
                self.chart("diverging", [f"{r.navn} (N={r.n})" for r in e.rows], shares,
                           "Erfaringer med interkommunalt samarbeid",
                           ["Svært dårlige", "Dårlige", "Verken eller", "Gode",
                            "Svært gode"]), max(r.n for r in e.rows)))
            s.blocks.append(self._survey_table("7", "Vurderinger per spørsmål.", e,
                                               max(r.n for r in e.rows),
                                               hidden=("dimensjon",)))
        ch.sections.append(s)
        s = Section("svar-mot-register", "Svarene mot registeret")
        summary = survey_analysis.agreement_summary(sv, self.register, view=self.view)
        if not summary.both:
            s.blocks.append(Paragraph("Ingen kommuner er både i undersøkelsen og i registeret i "
                                      f"{self.year}.", "note"))
        else:
            a = survey_analysis.agreement(sv, self.register, view=self.view)
            s.blocks.append(Paragraph(
                f"{summary.both} kommuner er både i undersøkelsen og i registeret. "
                f"{summary.agreeing} av {summary.compared} svar om oppgavefelt stemmer med "
                f"registeret; de {len(a.rows)} som "
                "ikke stemmer, er listet her for oppfølging."))
            if a.rows:
                s.blocks.append(self._survey_table("7", "Der rådmannen og registeret er uenige.",
                                                   a, len(a.rows), long=True,
                                                   print_limit=PRINT_LIMIT))
        ch.sections.append(s)
        return ch

    def _survey_figure(self, chapter: str, caption: str, svg: str | Future, n: int
                       ) -> FigureBlock:
        block = self.figure(chapter, caption, svg, n)
        block.source = self.survey_source
        return block

    def _survey_table(self, chapter: str, caption: str, t: Table, n: int, **kw) -> TableBlock:
        block = self.table(chapter, caption, t, n, **kw)
        block.source = self.survey_source
        return block

    # -- geography ---------------------------------------------------------------------------------
    def geography(self) -> Chapter:
        ch = Chapter("geografi", "8", "Samarbeid over fylkesgrenser")
        s = Section("fylkesgrenser", "Ordninger som krysser fylkesgrenser")
        t = geography.county_crossings(self.view).where(lambda r: r.touches(self.counties))
        if not t.rows:
            s.blocks.append(Paragraph(f"Ingen tellende ordninger krysser en fylkesgrense i "
                                      f"{self.year}.", "note"))
        else:
            shown = t.rows[:10]
            s.blocks.append(Paragraph(
                "; ".join(f"{r.antall} ordninger krysser grensen mellom {r.fylke_a} og "
                          f"{r.fylke_b}" for r in shown)
                + (f"; og {len(t.rows) - len(shown)} par til i tabellen." if t.rows[10:] else ".")))
            s.blocks.append(self.table("8", f"Tellende ordninger med deltakere i begge fylkene, "
                                       f"{self.year}.", t, sum(r.antall for r in t.rows),
                                       print_limit=PRINT_LIMIT))
        ch.sections.append(s)
        return ch

    # -- data quality ------------------------------------------------------------------------------
    def quality(self) -> Chapter:
        ch = Chapter("datakvalitet", "9", "Datakvalitet")
        s = Section("utelatt", "Registrerte ordninger som ikke telles")
        t = self._mine(quality.excluded(self.view))
        if not t.rows:
            s.blocks.append(Paragraph("Alle registrerte ordninger telles i året.", "note"))
        else:
            reasons = Counter(r.hovedgrunn for r in t.rows)
            s.blocks.append(Paragraph(f"{len(t.rows)} registrerte ordninger telles ikke i "
                                      f"{self.year}: "
                                      + ", ".join(f"{n} {k.replace('_', ' ')}"
                                                  for k, n in sorted(reasons.items())) + "."))
            s.blocks.append(self.table("9", "Ordninger som ikke telles, med grunn.", t,
                                       len(t.rows), hidden=("hovedgrunn",), long=True,
                                       print_limit=PRINT_LIMIT))
        ch.sections.append(s)
        s = Section("mangler", "Manglende verdier")
        t = quality.missing_values(self.register, self._scope())
        s.blocks.append(self.table("9", "Tomme verdier i valgfrie kolonner av ordninger.", t,
                                   t.rows[0].av if t.rows else 0))
        ch.sections.append(s)
        s = Section("avvik", "Innbyrdes avvik")
        t = self._mine(quality.inconsistencies(self.view))
        if not t.rows:
            s.blocks.append(Paragraph("Ingen avvik funnet.", "note"))
        else:
            kinds = Counter(r.kolonne for r in t.rows)
            s.blocks.append(Paragraph(
                f"{len(t.rows)} forhold bør sjekkes: " + ", ".join(
                    f"{n} gjelder {k}" for k, n in sorted(kinds.items()))
                + ". Et nivå satt for hånd som avviker fra regelen er ikke en feil, men bør "
                  "kunne begrunnes."))
            s.blocks.append(self.table("9", "Forhold i registeret som bør sjekkes.", t,
                                       len(t.rows), long=True, print_limit=PRINT_LIMIT))
        ch.sections.append(s)
        s = Section("publisert", "Avstemming mot NIVIs publiserte tall")
        rows = [r for r in published.municipality_rows()
                if r.year == self.year and r.fylkesnummer in self.counties]
        if not rows:
            s.blocks.append(Paragraph(f"NIVI har ikke publisert tall per kommune for "
                                      f"{self.year} i fylkene i rapporten.", "note"))
        else:
            t = quality.compare_published(self.view, rows)
            differing = [r for r in t.rows if not r.matches]
            s.blocks.append(Paragraph(
                f"{len(t.rows) - len(differing)} av {len(t.rows)} kommuner stemmer med tabellene "
                f"4.2–4.5. " + " ".join(f"{r.kommune}: {r.status}." for r in differing)))
            s.blocks.append(self.table("9", f"Registeret mot NIVIs tall per kommune, {self.year}.",
                                       t, len(t.rows), long=True))
        ch.sections.append(s)
        return ch

    # -- appendix: county summaries -------------------------------------------------------------
    def appendix(self) -> Chapter:
        ch = Chapter("vedlegg", "V", "Vedlegg: fylkesvise oppsummeringer")
        levels = {r.fylkesnummer: r for r in scope.levels_by_county(self.view).rows}
        summary = {r.fylkesnummer: r for r in scope.municipality_summary(self.view).rows}
        crossings = geography.county_crossings(self.view).rows
        growth = ({r.fylkesnummer: r for r in scope.growth_between(self.before, self.view).rows}
                  if self.before is not None else {})
        for c in self.counties:
            name = self.county_names[c]
            s = Section(f"vedlegg-{c}", name)
            if c not in levels:
                s.blocks.append(Paragraph(f"Ingen tellende ordninger i {self.year}.", "note"))
                ch.sections.append(s)
                continue
            lv = levels[c]
            sm = summary[c]
            shares = organisation.form_shares(self.view, c)
            text = (f"{name} har {lv.sum} tellende ordninger i {self.year}: {lv.hoyere} på høyere "
                    f"nivå, {lv.regional} på regionalt og {lv.lokal} på lokalt nivå. Kommunene "
                    f"deltar i gjennomsnitt i {fmt(sm.gjennomsnitt)} ordninger, fra {sm.minst} "
                    f"({sm.kommune_minst}) til {sm.mest} ({sm.kommune_mest}). "
                    f"{fmt(shares.companies_percent)} prosent er IKS eller AS.")
            across = [r for r in crossings if r.touches({c})]
            if across:
                text += " " + " ".join(
                    f"{r.antall} ordninger krysser grensen mot {r.other(c)}." for r in across)
            g = growth.get(c)
            if g is not None and g.vekst_prosent is not None:
                text += (f" Fra {self.compare} til {self.year} endret antallet seg fra "
                         f"{g.antall_fra} til {g.antall_til} ({fmt(g.vekst_prosent)} prosent).")
            s.blocks.append(Paragraph(text))
            ch.sections.append(s)
        return ch


def _level_name(code: object) -> str:
    level = Level.parse(str(code))
    return LEVEL_NAMES[level] if level else str(code or "")


def build_report(register: Register, year: int, compare: int | None = None,
                 county: str | None = None, source_name: str = "registeret",
                 survey: Responses | None = None) -> Report:
    """The report for ``year`` (optionally against ``compare``, limited to ``county``, with a
    survey's responses)."""
    return ReportBuilder(register, year, compare, county, source_name, survey).build()


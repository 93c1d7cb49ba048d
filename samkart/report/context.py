"""What every chapter of the report is built from: the register, its views of the report's years,
the counties in scope, the source lines, and the makers of figures and tables.

A chapter (``chapters/<name>.py``) is a function ``build(ctx) -> Chapter``; it asks the context for
the year's view, the counties and the arrangements in scope, and makes its figures and tables
through :meth:`Context.figure` and :meth:`Context.table`, which give them the source line and N.
Numbers come later, when the report is put together (:meth:`Context.assemble`), so a chapter never
types one: it refers to another part of the report with an
:class:`~samkart.report.document.Xref`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from functools import cached_property
from typing import Any, TypeVar

from samkart.analysis.rounds import Views, rounds_by_county
from samkart.analysis.tables import Table
from samkart.analysis.yearview import YearView
from samkart.demo import is_demo
from samkart.domain.codes import Level
from samkart.domain.entities import ReportText
from samkart.i18n import N_, Translated
from samkart.i18n import gettext as _
from samkart.register.model import Register
from samkart.register.municipal_totals import MunicipalTotals
from samkart.report.document import (
    Chapter,
    FigureBlock,
    Paragraph,
    RichText,
    TableBlock,
    Xref,
    fmt,
)
from samkart.report.numbering import number_chapters
from samkart.report.texts import find_text, markdown_html
from samkart.report.workers import Workers
from samkart.survey import Responses

# The seed shows per-county figures for four counties; beyond that one figure covers all of them
# (the per-county numbers stay in the tables), which keeps a national report readable and fast.
PER_COUNTY_FIGURES = 4
# Lists that run to many pages are cut in the PDF after this many rows; the HTML has them all.
PRINT_LIMIT = 60
PRINT_PARTNERS = 15  # partners named per arrangement in the PDF's profile table
LEVEL_NAMES = Translated({Level.HOYERE: N_("Høyere nivå"), Level.REGIONAL: N_("Regionalt nivå"),
                          Level.LOKAL: N_("Lokalt nivå")})

# Shares of groups of fewer municipalities than this are marked: one municipality more or less
# moves them by twenty points or more.
SMALL_GROUP = 5
SMALL_MARK = "*"

R = TypeVar("R", bound=tuple)


def small(label: str, n: int) -> str:
    """``label`` marked when its group has fewer than :data:`SMALL_GROUP` members."""
    return f"{label} {SMALL_MARK}" if 0 < n < SMALL_GROUP else label


def small_groups_note(groups: Sequence[tuple[str, int]], unit: str | None = None,
                      one: str | None = None) -> Paragraph | None:
    """A note under a table or figure naming the groups (name, members) with fewer than
    :data:`SMALL_GROUP` members (``unit``; ``one`` of them), or None when there are none."""
    few = [(name, n) for name, n in groups if 0 < n < SMALL_GROUP]
    if not few:
        return None
    unit = _("kommuner") if unit is None else unit
    one = _("én kommune") if one is None else one
    listed = ", ".join(f"{name} ({fmt(n)})" for name, n in few)
    return Paragraph(_("{mark} Færre enn {n} {unit}: {listed}. Andeler og gjennomsnitt for så små "
                       "grupper kan endre seg mye med {one} mer eller mindre og bør leses med "
                       "forsiktighet.").format(mark=SMALL_MARK, n=SMALL_GROUP, unit=unit,
                                               listed=listed, one=one), "small")


class Context:
    """The report for ``year`` (optionally against ``compare``, limited to ``county``, with a
    survey's responses), as its chapters see it."""

    def __init__(self, register: Register, year: int, compare: int | None = None,
                 county: str | None = None, source_name: str = "registeret",
                 survey: Responses | None = None, survey_name: str = "svarfilen",
                 workers: Workers | None = None, totals: MunicipalTotals | None = None,
                 totals_name: str = ""):
        self.register = register
        # The user's municipal expenditure and FTEs (KOSTRA), for the dependency profile's shares.
        self.totals = totals
        self.totals_name = totals_name
        self.year = year
        self.compare = compare
        self.county = county
        self.view = YearView(register, year)
        # With mapping rounds (``kartlegginger``) each county is counted at its own latest round
        # up to ``year`` and compared with its own previous round; ``compare`` is then not used.
        self.rounds = {c: r for c, r in rounds_by_county(register, year).items()
                       if county is None or c == county}
        if self.rounds:
            compare = None
            self.compare = None
        self.before = YearView(register, compare) if compare is not None else None
        self.views = Views(register, self.view, self.before)
        self.demo = is_demo(register)
        self.counties: list[str] = ([county] if county is not None
                                    else sorted(self.rounds) if self.rounds
                                    else sorted(self.view.participating_counties()))
        self.county_names = {c: register.county_name(c, year) for c in self.counties}
        self.source_name = source_name
        self.source = (_("Kilde: {name} (samkart)").format(name=source_name)
                       + (_("; syntetiske demodata kalibrert til NIVI Analyse") if self.demo
                          else ""))
        self.responses = survey
        self.survey_source = (_("Kilde: rådmannsundersøkelsen {year} ({name}, samkart)")
                              .format(year=survey.year, name=survey_name)) if survey else ""
        # Charts are drawn by the workers when there are any, while the analyses go on here.
        self.workers = workers or Workers(1)
        self._drawing: list[tuple[FigureBlock, Future]] = []

    # -- the analyst's texts ---------------------------------------------------------------------
    def text(self, place: str, county: str | None = None) -> ReportText | None:
        """The analyst's text (``tekster``) for ``place`` (and ``county`` for ``fylke``)."""
        return find_text(self.register.texts, place, self.year, county)

    def text_title(self, place: str, county: str | None = None) -> str:
        t = self.text(place, county)
        return t.tittel if t is not None else ""

    def text_block(self, place: str, county: str | None = None) -> RichText | None:
        """The text for ``place`` as a block of the report, or None when none is written."""
        t = self.text(place, county)
        if t is None or not t.tekst.strip():
            return None
        return RichText(markdown_html(t.tekst), t.tekst, place)

    # -- the year each county is counted in ------------------------------------------------------
    def year_of(self, county: str) -> int:
        """The year ``county`` is counted in: its own round, else the report's year."""
        r = self.rounds.get(county)
        return r.year if r is not None else self.year

    def compare_of(self, county: str) -> int | None:
        """The year ``county`` is compared with: its previous round (None when mapped once), else
        the report's comparison year."""
        if self.rounds:
            r = self.rounds.get(county)
            return r.previous if r is not None else None
        return self.compare

    def view_for(self, county: str | None) -> YearView:
        """The view ``county`` is counted in (the report's year for None: all counties)."""
        return self.view if county is None else self.views(self.year_of(county))

    def before_for(self, county: str | None) -> YearView | None:
        """The view ``county`` is compared with, or None."""
        if county is None:
            return self.before
        year = self.compare_of(county)
        return None if year is None else self.views(year)

    @property
    def by_rounds(self) -> bool:
        """Whether the counties are counted at their own rounds (the register has rounds)."""
        return bool(self.rounds)

    def years_text(self) -> str:
        """The year(s) counted: "2014", or with rounds "Nord-Trøndelag 2012, Nordland 2014"."""
        years = {self.year_of(c) for c in self.counties}
        if len(years) <= 1:
            return str(next(iter(years), self.year))
        return ", ".join(f"{self.county_names[c]} {self.year_of(c)}" for c in self.counties)

    def compares(self) -> bool:
        """Whether any county has a year to be compared with."""
        return any(self.compare_of(c) is not None for c in self.counties)

    # -- what is in scope ------------------------------------------------------------------------
    @cached_property
    def scope_ids(self) -> set[str] | None:
        """Ids of the arrangements with a participant, in any year, in the report's county (None
        for a report of the whole register); worked out once, several sections ask."""
        if self.county is None:
            return None
        counties = set(self.counties)
        index = self.register.municipalities
        return {
            p.ordning_id for p in self.register.participations
            if (m := index.any_version(p.kommunenummer)) is not None
            and m.fylkesnummer in counties
        }

    def mine(self, table: Table[R]) -> Table[R]:
        """The rows (of a row type with an ``id``) of arrangements in the report's scope."""
        ids = self.scope_ids
        return table if ids is None else table.where(lambda r: r.id in ids)  # type: ignore[attr-defined]

    def figure_groups(self) -> list[tuple[str | None, str]]:
        """(county or None for all, name) for per-county figures: each county when there are few,
        else one group of all the report's counties."""
        if len(self.counties) <= PER_COUNTY_FIGURES:
            return [(c, self.county_names[c]) for c in self.counties]
        return [(None, _("alle fylkene i rapporten"))]

    def compared_groups(self) -> Iterator[tuple[str | None, str, YearView, YearView]]:
        """(county or None, name, earlier view, view) for each of :meth:`figure_groups` that has
        a round to compare with."""
        for county, name in self.figure_groups():
            before = self.before_for(county)
            if before is not None:
                yield county, name, before, self.view_for(county)

    # -- figures and tables ----------------------------------------------------------------------
    def chart(self, name: str, *args: Any, **kwargs: Any) -> Future:
        """``charts.<name>(*args, **kwargs)``, drawn by a worker or here."""
        return self.workers.chart(name, *args, **kwargs)

    def figure(self, caption: str, svg: str | Future, n: int | str,
               description: str | Xref = "", kind: str = "chart", source: str | None = None,
               label: str = "") -> FigureBlock:
        """A figure with the report's source line (or ``source``) and N; ``svg`` may still be
        being drawn (it is waited for in :meth:`assemble`)."""
        if isinstance(svg, Future) and svg.done():
            svg = svg.result()  # drawn here (no workers): chapters can be built one by one
        block = FigureBlock(caption, svg if isinstance(svg, str) else "",
                            self.source if source is None else source, _n(n), description, kind,
                            label=label)
        if not isinstance(svg, str):
            self._drawing.append((block, svg))  # being drawn by a worker; assemble() waits
        return block

    def table(self, caption: str, table: Table, n: int | str, source: str | None = None,
              **kw: Any) -> TableBlock:
        """A table with the report's source line (or ``source``) and N; ``kw`` are the other
        fields of :class:`TableBlock` (hidden columns, headings, print limits, label …)."""
        return TableBlock(caption, table, self.source if source is None else source, _n(n), **kw)

    # -- the whole -------------------------------------------------------------------------------
    def assemble(self, chapters: Sequence[Chapter], first: int = 1) -> list[Chapter]:
        """The chapters with their figures drawn, numbered (the first main chapter ``first``) and
        their cross-references written."""
        for block, svg in self._drawing:
            block.svg = svg.result()
        self._drawing.clear()
        number_chapters(chapters, first)
        return list(chapters)


def _n(n: int | str) -> str:
    return f"N = {fmt(n) if isinstance(n, int) else n}"

"""The report as plain data: chapters of sections of blocks (text, figures, tables, notes).

The chapters of ``chapters/`` fill it from the analyses, ``numbering.py`` numbers it, ``render.py``
turns it into HTML and ``pdf.py`` into a PDF. Keeping the document apart from all of them means the
web pages can reuse the same blocks.

Nothing is numbered by hand: chapters, sections, figures and tables get their numbers when the
report is put together, and text that refers to another part of the report says so with an
:class:`Xref` to the part itself (or its label), which becomes "tabell 2.3" then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from samkart.analysis.tables import Cell, Table
from samkart.i18n import gettext as _
from samkart.report import numbers
from samkart.report.profile import ReportProfile

# Norwegian column headings for the analysis tables; unknown columns keep their code.
HEADINGS = {
    "fylkesnummer": "Fylkesnr.", "fylke": "Fylke", "kommunenummer": "Kommunenr.",
    "kommune": "Kommune", "hoyere": "Høyere nivå", "regional": "Regionalt nivå",
    "lokal": "Lokalt nivå", "sum": "Sum", "hoyere_prosent": "Høyere %",
    "regional_prosent": "Regionalt %", "lokal_prosent": "Lokalt %", "fra_ar": "Fra år",
    "antall_fra": "Antall fra", "til_ar": "Til år", "antall_til": "Antall til",
    "endring": "Endring", "vekst_prosent": "Vekst %", "etablert": "Etablert",
    "antall": "Antall", "kommuner": "Kommuner", "minst": "Færrest", "kommune_minst":
    "Kommune(r) med færrest", "mest": "Flest", "kommune_mest": "Kommune(r) med flest",
    "gjennomsnitt": "Gjennomsnitt", "median": "Median", "storrelse": "Størrelse",
    "navn": "Navn", "rang": "Rang", "innbyggere": "Innbyggere",
    "innbyggere_ar": "Folketall 1.1.", "ikraft": "I kraft", "regel": "Regel", "sektor": "Sektor",
    "delsektor": "Delsektor", "kode": "Kode", "n": "N", "prosent": "Prosent", "band": "Bånd",
    "lovpalagt": "Lovpålagt", "nye": "Nye", "reorganiserte": "Reorganiserte",
    "avviklede": "Avviklede", "utvidede": "Utvidede", "id": "Id", "partnere": "Partnere",
    "antall_partnere": "Antall partnere", "tilknytningsform": "Tilknytningsform",
    "vertskommune": "Vertskommune", "niva": "Nivå", "hjemmel": "Hjemmel", "type": "Type",
    "styringsmodell": "Styringsmodell", "fylker": "Fylker", "medlemmer": "Medlemmer",
    "regionale_ordninger": "Regionale ordninger", "politisk_styrt": "Politisk styrt",
    "politisk_styrt_prosent": "Politisk styrt %", "vertskommune_for": "Vertskommune for",
    "deltar_i": "Deltar i", "andel_prosent": "Andel %", "fylkesnummer_a": "Fylkesnr. A",
    "fylke_a": "Fylke A", "fylkesnummer_b": "Fylkesnr. B", "fylke_b": "Fylke B",
    "hovedgrunn": "Hovedgrunn", "grunn": "Grunn", "kolonne": "Kolonne",
    "brukes_til": "Brukes til", "mangler": "Mangler", "av": "Av", "problem": "Problem",
    "svar": "Svar", "ja": "Ja", "svarprosent": "Svar %",
    "dimensjon": "Dimensjon", "svaert_darlige": "Svært dårlige", "darlige": "Dårlige",
    "noytrale": "Verken eller", "gode": "Gode", "svaert_gode": "Svært gode",
    "vet_ikke": "Vet ikke", "gode_prosent": "Gode %", "darlige_prosent": "Dårlige %",
    "register": "Registeret", "ordninger": "Ordninger",
    "hoyere_publisert": "Høyere (publ.)", "regional_publisert": "Regionalt (publ.)",
    "lokal_publisert": "Lokalt (publ.)", "sum_trykt": "Sum (trykt)", "status": "Status",
}


def heading(column: str) -> str:
    """A column's heading in the report's language (the bokmål of :data:`HEADINGS` looked up in
    the report's catalogue)."""
    if column in HEADINGS:
        return _(HEADINGS[column])
    for prefix, text in (("prosent_", "% "), ("antall_", _("Antall") + " ")):
        if column.startswith(prefix):
            return text + column[len(prefix):]
    return column


@dataclass(frozen=True, slots=True)
class Label:
    """A part of the report named by its label: a chapter's ``id``, a section's anchor
    ``<chapter id>-<section id>``, a figure's or table's ``label``. For referring to a part that
    another chapter makes."""

    name: str


@dataclass(frozen=True, slots=True, init=False)
class Xref:
    """Text that refers to other parts of the report: ``Xref("står i ", table, ".")``. Each part
    that is a chapter, section, figure or table (or the :class:`Label` of one) is written as its
    kind and number ("tabell 2.3", "figur 4.1", "kapittel 3.2") when the report is numbered."""

    parts: tuple[str | Label | Chapter | Section | FigureBlock | TableBlock, ...]

    def __init__(self, *parts: str | Label | Chapter | Section | FigureBlock | TableBlock):
        object.__setattr__(self, "parts", parts)


@dataclass(slots=True)
class Paragraph:
    # An Xref until the report is numbered (numbering.py writes it as str), when it has references
    text: str | Xref
    kind: str = "p"  # "p", or "note" for a chapter that lacks data


@dataclass(slots=True)
class FigureBlock:
    caption: str
    svg: str
    source: str
    n: str
    # An Xref until the report is numbered (numbering.py writes it as str), when it has references
    description: str | Xref = ""
    kind: str = "chart"  # or "map"
    # A lighter drawing for the PDF (a map without the hover titles, its shapes grouped by fill),
    # when the renderer's time matters; the HTML always gets ``svg``.
    print_svg: str = ""
    new_page: bool = False  # starts a new page in print
    number: str = ""  # given when the report is numbered ("2.1")
    label: str = ""  # a name for references and links, unique in the report (given if empty)


@dataclass(slots=True)
class TableBlock:
    caption: str
    table: Table
    source: str
    n: str
    headings: dict[str, str] = field(default_factory=dict)
    hidden: tuple[str, ...] = ()  # columns kept in data, not shown
    long: bool = False  # printed in a smaller font
    print_limit: int | None = None  # rows after this are left out of the PDF (not the HTML)
    # Text cells listing more names than this (", "-separated) are cut short in the PDF: a
    # partner list of forty municipalities fills half a page, and the HTML has them all.
    print_list_limit: int | None = None
    css_class: str = ""  # a class for the stylesheet (e.g. fixed column widths in print)
    new_page: bool = False  # starts a new page in print
    number: str = ""  # given when the report is numbered ("2.1")
    label: str = ""  # a name for references and links, unique in the report (given if empty)

    def rows(self) -> list[tuple[Cell, ...]]:
        """The table's rows as flat tuples of cells, one per column."""
        return self.table.flat_rows()

    def columns(self) -> list[tuple[int, str, bool]]:
        """(index, heading, numeric) of the shown columns."""
        out = []
        rows = self.rows()
        for j, c in enumerate(self.table.columns):
            if c in self.hidden:
                continue
            numeric = bool(rows) and all(
                isinstance(r[j], (int, float)) or r[j] is None for r in rows
            )
            out.append((j, self.headings.get(c) or heading(c), numeric))
        return out

    def text(self, value: Cell, index: int | None = None) -> str:
        """A cell of column ``index`` as shown (years ungrouped, numbers in the report's
        language)."""
        return fmt(value) if index is None else fmt_cell(value, self.table.columns[index])

    def print_text(self, value: Cell, index: int | None = None) -> str:
        """A cell as printed in the PDF (a long list of names cut to ``print_list_limit``)."""
        text = self.text(value, index)
        if self.print_list_limit and isinstance(value, str):
            items = value.split(", ")
            if len(items) > self.print_list_limit:
                return _("{names} … ({n} i alt)").format(
                    names=", ".join(items[:self.print_list_limit]), n=fmt(len(items)))
        return text

    def cells(self) -> list[list[tuple[str, Cell, bool]]]:
        """Shown rows as (text, raw value, numeric) per cell, for templates that cannot index."""
        cols = self.columns()
        return [[(self.text(row[j], j), row[j], numeric) for j, _h, numeric in cols]
                for row in self.rows()]


@dataclass(slots=True)
class RichText:
    """The analyst's own text (``tekster``), as HTML made from Markdown by
    :func:`samkart.report.texts.markdown_html` (which lets no markup of the author through)."""

    html: str
    markdown: str = ""  # the source, for the Word version and the web's editor
    place: str = ""  # the ``kapittel`` key it was written for


Block = Paragraph | FigureBlock | TableBlock | RichText
B = TypeVar("B", Paragraph, FigureBlock, TableBlock, RichText)


@dataclass(slots=True)
class Section:
    id: str  # unique in its chapter; its anchor is "<chapter id>-<section id>"
    title: str
    blocks: list[Block] = field(default_factory=list)
    new_page: bool = False  # starts a new page in print
    continued: bool = False  # its heading is in an earlier piece of the PDF (pdf.py)
    number: str = ""  # given when the report is numbered ("2.3")

    def add(self, block: B) -> B:
        """Append ``block``; returns it (to refer to it later)."""
        self.blocks.append(block)
        return block


@dataclass(slots=True)
class Chapter:
    id: str  # unique in the report: its anchor and the web page's address
    title: str
    intro: str = ""
    sections: list[Section] = field(default_factory=list)
    continued: bool = False  # its heading is in an earlier piece of the PDF (pdf.py)
    appendix: bool = False  # numbered A, B, … after the chapters numbered 1, 2, …
    unnumbered: bool = False  # front matter (foreword, summary): no number, before chapter 1
    number: str = ""  # given when the report is numbered


# A chapter with no table or figure and less text than this is "short" (see :func:`runs_on`).
SHORT_CHAPTER_CHARS = 1500


def runs_on(chapter: Chapter) -> bool:
    """Whether ``chapter`` is short enough to follow the chapter before it on the same page in
    print rather than start a page of its own (a chapter of a note or two would otherwise stand
    alone on a page): no table, no figure, nothing that starts a page, little text."""
    text = len(chapter.intro)
    for section in chapter.sections:
        if section.new_page:
            return False
        for block in section.blocks:
            if not isinstance(block, Paragraph):
                return False
            text += len(str(block.text))
    return text < SHORT_CHAPTER_CHARS


@dataclass(slots=True)
class Report:
    title: str
    subtitle: str
    year: int
    compare: int | None
    counties: list[tuple[str, str]]
    demo: bool
    key_figures: list[tuple[str, str]]
    chapters: list[Chapter]
    generated: str
    source: str
    # Who publishes it, with logo and colour (profile.py); None: samkart's plain look.
    profile: ReportProfile | None = None


def fmt(value: Cell, decimals: int | None = None) -> str:
    """A cell as a reader sees it, in the report's language: decimal comma and grouped thousands
    in Norwegian ("1 850", "30,7"), yes/no for truth values (see ``numbers.py``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    if isinstance(value, (int, float)):
        return numbers.number(value, decimals)
    return str(value)


def fmt_cell(value: Cell, column: str) -> str:
    """A table cell of ``column``: as :func:`fmt`, but years stay ungrouped ("2014")."""
    if column in numbers.YEAR_COLUMNS and isinstance(value, int) and not isinstance(value, bool):
        return numbers.year(value)
    return fmt(value)

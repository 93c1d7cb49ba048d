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
from samkart.i18n import N_
from samkart.i18n import gettext as _
from samkart.report import numbers
from samkart.report.profile import ReportProfile

# Norwegian column headings for the analysis tables; unknown columns keep their code.
HEADINGS = {
    "fylkesnummer": N_("Fylkesnr."), "fylke": N_("Fylke"), "kommunenummer": N_("Kommunenr."),
    "kommune": N_("Kommune"), "hoyere": N_("Høyere nivå"), "regional": N_("Regionalt nivå"),
    "lokal": N_("Lokalt nivå"), "sum": N_("Sum"), "hoyere_prosent": N_("Høyere %"),
    "regional_prosent": N_("Regionalt %"), "lokal_prosent": N_("Lokalt %"), "fra_ar": N_("Fra år"),
    "antall_fra": N_("Antall fra"), "til_ar": N_("Til år"), "antall_til": N_("Antall til"),
    "endring": N_("Endring"), "vekst_prosent": N_("Vekst %"), "etablert": N_("Etablert"),
    "antall": N_("Antall"), "kommuner": N_("Kommuner"), "minst": N_("Færrest"),
    "kommune_minst": N_("Kommune(r) med færrest"), "mest": N_("Flest"),
    "kommune_mest": N_("Kommune(r) med flest"), "gjennomsnitt": N_("Gjennomsnitt"),
    "median": N_("Median"), "storrelse": N_("Størrelse"), "navn": N_("Navn"), "rang": N_("Rang"),
    "innbyggere": N_("Innbyggere"), "innbyggere_ar": N_("Folketall 1.1."), "ikraft": N_("I kraft"),
    "regel": N_("Regel"), "sektor": N_("Sektor"), "delsektor": N_("Delsektor"), "kode": N_("Kode"),
    "n": N_("N"), "prosent": N_("Prosent"), "band": N_("Bånd"), "lovpalagt": N_("Lovpålagt"),
    "nye": N_("Nye"), "reorganiserte": N_("Reorganiserte"), "avviklede": N_("Avviklede"),
    "utvidede": N_("Utvidede"), "id": N_("Id"), "partnere": N_("Partnere"),
    "antall_partnere": N_("Antall partnere"), "tilknytningsform": N_("Tilknytningsform"),
    "vertskommune": N_("Vertskommune"), "niva": N_("Nivå"), "hjemmel": N_("Hjemmel"),
    "type": N_("Type"), "styringsmodell": N_("Styringsmodell"), "fylker": N_("Fylker"),
    "medlemmer": N_("Medlemmer"), "regionale_ordninger": N_("Regionale ordninger"),
    "politisk_styrt": N_("Politisk styrt"), "politisk_styrt_prosent": N_("Politisk styrt %"),
    "vertskommune_for": N_("Vertskommune for"), "deltar_i": N_("Deltar i"),
    "andel_prosent": N_("Andel %"), "fylkesnummer_a": N_("Fylkesnr. A"), "fylke_a": N_("Fylke A"),
    "fylkesnummer_b": N_("Fylkesnr. B"), "fylke_b": N_("Fylke B"), "hovedgrunn": N_("Hovedgrunn"),
    "grunn": N_("Grunn"), "kolonne": N_("Kolonne"), "brukes_til": N_("Brukes til"),
    "mangler": N_("Mangler"), "av": N_("Av"), "problem": N_("Problem"), "svar": N_("Svar"),
    "ja": N_("Ja"), "svarprosent": N_("Svar %"), "dimensjon": N_("Dimensjon"),
    "svaert_darlige": N_("Svært dårlige"), "darlige": N_("Dårlige"), "noytrale": N_("Verken eller"),
    "gode": N_("Gode"), "svaert_gode": N_("Svært gode"), "vet_ikke": N_("Vet ikke"),
    "gode_prosent": N_("Gode %"), "darlige_prosent": N_("Dårlige %"), "register": N_("Registeret"),
    "ordninger": N_("Ordninger"), "hoyere_publisert": N_("Høyere (publ.)"),
    "regional_publisert": N_("Regionalt (publ.)"), "lokal_publisert": N_("Lokalt (publ.)"),
    "sum_trykt": N_("Sum (trykt)"), "status": N_("Status"), "region": N_("Region"),
    "regionrad": N_("Regionråd"),
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


def and_list(items: list[str]) -> str:
    """Items as a reader lists them: "A", "A og B", "A, B og C" (" og " in the report's
    language)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + _(" og ") + items[-1]


def fmt_cell(value: Cell, column: str) -> str:
    """A table cell of ``column``: as :func:`fmt`, but years stay ungrouped ("2014")."""
    if column in numbers.YEAR_COLUMNS and isinstance(value, int) and not isinstance(value, bool):
        return numbers.year(value)
    return fmt(value)

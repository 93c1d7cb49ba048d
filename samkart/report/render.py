"""Render a :class:`Report` to HTML: one self-contained file (stylesheet, script and figures
inline, so it opens offline and loads nothing), or a part of it for the PDF laid out in pieces.

The PDF is the same HTML laid out by WeasyPrint (``layout.py``, ``pdf.py``); writing both files
together is ``write.py``.
"""

from __future__ import annotations

import base64
from functools import cache
from html import escape
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape

from samkart import i18n
from samkart.i18n import gettext as _
from samkart.report.document import Chapter, FigureBlock, Report, TableBlock, fmt, runs_on


@cache
def static_text(name: str) -> str:
    """A file of the report's static folder (the table-sorting script is shared with the web)."""
    return resources.files("samkart.report").joinpath("static", name).read_text("utf-8")


@cache
def _template():
    env = Environment(loader=PackageLoader("samkart.report", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True,
                      extensions=["jinja2.ext.i18n"])
    # The template's _() and {% trans %} translate into the language active when it renders.
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True,
                                  pgettext=i18n.pgettext)
    return env.get_template("report.html")


def report_css() -> str:
    """The report's stylesheet, with the page footer ("Side 3 av 40") in the report's language:
    the stylesheet's own footer is bokmål, and CSS has no way to translate it."""
    words = _("Side {page} av {pages}")
    before, _page, rest = words.partition("{page}")
    middle, _pages, after = rest.partition("{pages}")

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    content = (f"{quoted(before)} counter(page) {quoted(middle)} counter(pages) "
               f"{quoted(after)}")
    return static_text("report.css") + f"\n@page {{ @bottom-center {{ content: {content}; }} }}\n"


def figure_svg(figure: FigureBlock, for_print: bool = False) -> str:
    """A figure's drawing with its alternative text as the SVG's first ``<title>``: what a
    screen reader says for it in the HTML, and the ``/Alt`` of its figure in the tagged PDF
    (WeasyPrint takes it from there). The text is the caption and the description, which say
    what the figure shows and where its numbers are."""
    svg = figure.print_svg if for_print and figure.print_svg else figure.svg
    start = svg.find("<svg")
    end = svg.find(">", start)
    if start < 0 or end < 0:
        return svg
    alt = " ".join(part for part in (figure.caption, str(figure.description or "")) if part)
    if for_print:
        return _print_image(svg, start, end, alt)
    return f"{svg[:end + 1]}<title>{escape(alt)}</title>{svg[end + 1:]}"


def _print_image(svg: str, start: int, end: int, alt: str) -> str:
    """The drawing for print as an image of SVG, not inline: WeasyPrint then reads it with
    ElementTree instead of its HTML parser and leaves its thousands of elements out of the
    page's style cascade and box tree: a tenth of the national report's layout time. It is drawn
    the same, pixel for pixel (as vectors, its text as text); the figure's ``/Alt`` is the
    image's alt, and the drawing gets the report's font, which it no longer inherits."""
    head = svg[start:end]
    if "font-family" not in head:
        svg = f'{svg[:end]} font-family="DejaVu Sans"{svg[end:]}'
    if "xmlns=" not in head:
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    data = base64.b64encode(svg[start:].encode("utf-8")).decode("ascii")
    return f'<img class="drawing" alt="{escape(alt)}" src="data:image/svg+xml;base64,{data}">'


def list_entries(report: Report) -> dict[str, list[tuple[str, str, str]]]:
    """The lists of tables and figures after the contents (``_lists.html``), each ("tabell",
    "figur") with its entries in order: (anchor, number, the caption's first sentence). The
    template and the PDF's assembly (``pdf.py``, which hangs each entry's link annotation on its
    entry's Link element by order) read the lists from here, so they cannot disagree."""
    lists: dict[str, list[tuple[str, str, str]]] = {"tabell": [], "figur": []}
    for ch in report.chapters:
        for s in ch.sections:
            for b in s.blocks:
                if isinstance(b, (TableBlock, FigureBlock)) and b.number:
                    kind = "tabell" if isinstance(b, TableBlock) else "figur"
                    text = b.caption.split(". ")[0].rstrip(".")
                    lists[kind].append((f"{kind}-{b.number}", b.number, text))
    return lists


def render_html(report: Report, for_print: bool = False) -> str:
    """The report as one HTML file. ``for_print`` gives the PDF's source: without the rows and
    list items the PDF leaves out (rather than hiding them with CSS, which WeasyPrint would still
    parse and style: a fifth of a national report's PDF time) and without the sorting script."""
    return render_part(report, for_print=for_print)


def render_part(report: Report, *, for_print: bool = True, front: bool = True,
                chapters: list[Chapter] | None = None, back: bool = True, part_css: str = "",
                toc_pages: dict[str, int] | None = None) -> str:
    """Part of the report as an HTML document, for the PDF laid out in pieces (``pdf.py``):
    ``front`` is the cover and contents (with ``toc_pages`` written in as page numbers),
    ``chapters`` the chapters shown (all by default), ``back`` the colophon; ``part_css`` is added
    after the stylesheet."""
    return _template().render(report=report, css=report_css(),
                              js=static_text("sort.js"), fmt=fmt, runs_on=runs_on,
                              figure_svg=figure_svg, list_entries=list_entries,
                              lang=i18n.get_language(), for_print=for_print,
                              front=front, back=back, part_css=part_css, toc_pages=toc_pages,
                              chapters=report.chapters if chapters is None else chapters)

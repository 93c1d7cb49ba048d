"""WeasyPrint layout of the report's HTML: the whole PDF in one go, or one piece of it, the cover
and contents, or the blank pages that carry the footers (``pdf.py`` joins those). The functions
that run in a worker process take and return plain data (strings, bytes, numbers), so they
pickle; WeasyPrint is imported when they run, not when this module is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from samkart.gcpause import paused_gc

# Tagged PDF for universal design (PDF/UA-1: structure tree, document language and title,
# figures' alternative texts from their SVG <title>); WeasyPrint sets the tags, pdf.py keeps them
# when it joins pieces.
PDF_OPTIONS: dict[str, object] = {"pdf_variant": "pdf/ua-1"}
# Blank pages carrying only the footer; the stylesheet's @page rules place and word it.
STAMP_CSS = "body > div + div { break-before: page; }"


@dataclass(frozen=True, slots=True)
class Piece:
    """A laid-out piece: its PDF, page count and the page and position of each anchor."""

    pdf: bytes
    pages: int
    anchors: dict[str, tuple[int, float, float]]


def quiet_weasyprint() -> None:
    # WeasyPrint logs every CSS property it ignores (the screen-only rules); those are not errors.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def render_pdf(html: str, target: Path) -> None:
    """Lay out ``html`` (best the ``for_print`` rendering) as the A4 PDF ``target`` in this
    process."""
    quiet_weasyprint()
    from weasyprint import HTML

    # Whole fonts instead of subsets: about a second faster per report for ~0.8 MB more.
    with paused_gc():
        HTML(string=html).write_pdf(target, full_fonts=True, **PDF_OPTIONS)


def lay_out(html: str) -> Piece:
    """Lay out one piece (runs in a worker process)."""
    quiet_weasyprint()
    from weasyprint import HTML

    with paused_gc():
        document = HTML(string=html).render(full_fonts=True, **PDF_OPTIONS)
        anchors: dict[str, tuple[int, float, float]] = {}
        for i, page in enumerate(document.pages):
            for name, (x, y, *_) in page.anchors.items():
                anchors.setdefault(name, (i, x, y))
        return Piece(document.write_pdf(full_fonts=True, **PDF_OPTIONS), len(document.pages),
                     anchors)


def lay_out_front(html: str) -> tuple[bytes, int, list[tuple[int, str, tuple[float, ...]]]]:
    """The cover and contents: the PDF, its page count and its internal links as (page, anchor,
    rectangle in CSS pixels). Runs in a worker process."""
    quiet_weasyprint()
    from weasyprint import HTML

    with paused_gc():
        document = HTML(string=html).render(**PDF_OPTIONS)
        links = [(i, target, tuple(rect)) for i, page in enumerate(document.pages)
                 for kind, target, rect, _ in page.links if kind == "internal"]
        return document.write_pdf(**PDF_OPTIONS), len(document.pages), links


def stamp_pages(pages: int, css: str, language: str) -> bytes:
    """``pages`` blank pages with the report's page furniture (footer from the second page) as
    ``css`` (the report's stylesheet in its ``language``, made by the caller: a worker does not
    know the run's language). Runs in a worker process."""
    quiet_weasyprint()
    from weasyprint import HTML

    html = (f"<!DOCTYPE html><html lang='{language}'><head><meta charset='utf-8'><style>"
            f"{css}{STAMP_CSS}</style></head><body>"
            + "<div></div>" * pages + "</body></html>")
    with paused_gc():
        return HTML(string=html).write_pdf()

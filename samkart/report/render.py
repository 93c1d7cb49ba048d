"""Render a :class:`Report` to one self-contained HTML file and an A4 PDF.

The HTML carries its stylesheet, script and figures inline, so it opens offline and loads nothing.
The PDF is the same HTML laid out by WeasyPrint with the print rules of the stylesheet (A4, page
numbers, a table of contents with page references). Both are written to a temporary folder first
and moved into place together: a failed run leaves no half report.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape

from samkart.gcpause import paused_gc
from samkart.report.document import Chapter, Report, fmt

if TYPE_CHECKING:
    from samkart.report.workers import Workers


@cache
def static_text(name: str) -> str:
    """A file of the report's static folder (the table-sorting script is shared with the web)."""
    return resources.files("samkart.report").joinpath("static", name).read_text("utf-8")


@cache
def _template():
    env = Environment(loader=PackageLoader("samkart.report", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    return env.get_template("report.html")


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
    return _template().render(report=report, css=static_text("report.css"),
                              js=static_text("sort.js"), fmt=fmt, for_print=for_print,
                              front=front, back=back, part_css=part_css, toc_pages=toc_pages,
                              chapters=report.chapters if chapters is None else chapters)


def render_pdf(html: str, target: Path) -> None:
    """Lay out ``html`` (best the ``for_print`` rendering) as the A4 PDF ``target`` in this
    process."""
    quiet_weasyprint()
    from weasyprint import HTML

    # Whole fonts instead of subsets: about a second faster per report for ~0.8 MB more.
    with paused_gc():
        HTML(string=html).write_pdf(target, full_fonts=True)


def quiet_weasyprint() -> None:
    # WeasyPrint logs every CSS property it ignores (the screen-only rules); those are not errors.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def write_report(report: Report, out: Path, pdf: bool = True,
                 step: Callable[[str], None] = lambda _: None,
                 workers: Workers | None = None) -> list[Path]:
    """Write ``index.html`` (and ``rapport.pdf``) to ``out``; returns the files written.
    ``step`` is told what is being done (for a progress display); ``workers`` lay out the PDF
    (by default a process per core is started here)."""
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".samkart-report-", dir=out))
    written: list[Path] = []
    try:
        step("skriver HTML")
        html = render_html(report)
        (staging / "index.html").write_text(html, "utf-8")
        if pdf:
            step("setter PDF (A4)")
            from samkart.report.pdf import write_pdf

            write_pdf(report, staging / "rapport.pdf", workers)
        for file in sorted(staging.iterdir()):
            os.replace(file, out / file.name)
            written.append(out / file.name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not written:  # interrupted or failed: no empty folder left behind
            with contextlib.suppress(OSError):
                out.rmdir()

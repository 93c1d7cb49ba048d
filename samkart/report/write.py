"""Write a report's files: ``index.html``, ``rapport.pdf`` and (asked for) ``rapport.docx``, all
or none.

Both are written to a temporary folder first and moved into place together: a failed run leaves
no half report.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from samkart.i18n import gettext as _
from samkart.report import pdf as pdf_file
from samkart.report.document import Report
from samkart.report.render import render_html
from samkart.report.workers import Workers

STAGING = ".samkart-report-"


def remove_abandoned(out: Path) -> None:
    """Remove the staging folders of runs that were killed (their process is gone): a run that
    ends normally, fails or is interrupted removes its own."""
    for folder in out.glob(f"{STAGING}*"):
        pid = folder.name.removeprefix(STAGING).split("-", 1)[0]
        if not pid.isdigit() or not folder.is_dir():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # another user's process is alive
            pass


def write_report(report: Report, out: Path, pdf: bool = True,
                 step: Callable[[str], None] = lambda _: None,
                 workers: Workers | None = None, docx: bool = False) -> list[Path]:
    """Write ``index.html`` (and ``rapport.pdf``, and with ``docx`` ``rapport.docx``) to ``out``;
    returns the files written. ``step`` is told what is being done (for a progress display);
    ``workers`` lay out the PDF and draw the Word file's pictures (by default a process per core
    is started here)."""
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    remove_abandoned(out)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=out))
    written: list[Path] = []
    try:
        step(_("skriver HTML"))
        html = render_html(report)
        (staging / "index.html").write_text(html, "utf-8")
        if docx:
            from samkart.report import word

            step(_("skriver Word-dokumentet"))
            pngs = word.figures_as_png(report, workers.submit if workers else None)
            word.write_docx(report, staging / "rapport.docx", pngs)
        if pdf:
            step(_("setter PDF (A4)"))
            pdf_file.write_pdf(report, staging / "rapport.pdf", workers)
        for file in sorted(staging.iterdir()):
            os.replace(file, out / file.name)
            written.append(out / file.name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not written:  # interrupted or failed: no empty folder left behind
            with contextlib.suppress(OSError):
                out.rmdir()

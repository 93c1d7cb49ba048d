"""The report: built from the register, self-contained, every chapter present even without data."""

from __future__ import annotations

import csv
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samkart.cli import app
from samkart.demo import generate_demo
from samkart.report import build_report, render_html, write_report
from tests.golden import write_golden
from tests.helpers import arrangement, load_ok, participants, write_tables

SEED_TABLES = Path(__file__).resolve().parents[3] / "shared" / "data" / "seed-tables"


class Tables(HTMLParser):
    """Collects each <table> of a page as (caption text, rows of cell texts)."""

    def __init__(self):
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(("", []))
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            cap = "".join(self._caption).strip()
            self.tables[-1] = (cap, self.tables[-1][1])
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1][1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._caption is not None:
            self._caption.append(data)


def tables_of(html: str) -> list[tuple[str, list[list[str]]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def test_report_is_self_contained_and_complete(tmp_path):
    register = load_ok(write_golden(tmp_path / "g"))
    html = render_html(build_report(register, 2013, compare=2012))
    # Nothing is fetched: no external scripts, styles, images or fonts.
    assert not re.search(r"<(script|img|link)[^>]+(src|href)=\"https?:", html)
    assert "@import" not in html and "url(http" not in html
    for title in ("Omfang på samarbeidet", "Innhold i samarbeidet", "Organisering",
                  "Rådmennenes vurderinger", "Samarbeid over fylkesgrenser", "Datakvalitet",
                  "Vedlegg: fylkesvise oppsummeringer"):
        assert title in html
    # Every figure has a number, a caption, a source line and N.
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", html, flags=re.S)
    assert captions and all("Kilde:" in c and "N = " in c for c in captions)
    # The first table of the scope chapter (table 4.1 of the seed) is the register's, worked out
    # in tests/analysis/test_scope.py: 1/2/1 of 4 in 16. The scope chapter is 4, as NIVI's.
    _caption, rows = next(t for t in tables_of(html) if "Tabell 4.1 " in t[0])
    assert "på ulike geografiske nivåer per fylke" in _caption
    assert rows[1][:9] == ["16", "Sør-Trøndelag", "1", "25,0", "2", "50,0", "1", "25,0", "4"]
    # The crossing of A2 and A3 over the Trøndelag border.
    assert "2 ordninger krysser grensen mellom Sør-Trøndelag og Nord-Trøndelag" in html
    # Ids are unique (several charts on one page).
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_chapters_say_what_is_missing(tmp_path):
    # No establishment years, no task fields, no hosts, a county without population data (99).
    o = [arrangement("X1"), arrangement("X2", sektor="teknisk")]
    d = [*participants("X1", "9901", "9902"), *participants("X2", "9902", "9903")]
    kommuner = [{"kommunenummer": k, "navn": f"K{k}", "fylkesnummer": "99"}
                for k in ("9901", "9902", "9903")]
    register = load_ok(write_tables(tmp_path / "m", {
        "ordninger": o, "deltakere": d, "kommuner": kommuner,
        "fylker": [{"fylkesnummer": "99", "navn": "Testfylke"}]}))
    html = render_html(build_report(register, 2013))
    assert "Registeret mangler etableringsår" in html
    assert "Ingen tellende ordninger har oppgavefelt" in html
    assert "innbyggertall mangler" in html
    assert "Rapporten sammenligner ikke med en tidligere kartlegging" in html
    assert "Registeret oppgir ingen vertskommuner" in html
    assert "kartene er utelatt" in html  # 99xx are on no map
    assert "Tabell 4.1" in html  # and the rest is still written


def test_demo_report_tables_4_2_to_4_5_equal_the_seed():
    register = generate_demo()
    html = render_html(build_report(register, 2014, compare=2010, county="18"))
    assert "Demodata." in html and "syntetiske demodata" in html
    _, rows = next(t for t in tables_of(html)
                   if "per kommune i Nordland i 2014, etter nivå" in t[0])
    mine = {r[1]: r[2:5] for r in rows[1:]}
    if not SEED_TABLES.exists():
        pytest.skip("shared/data/seed-tables is not beside the checkout")
    with open(SEED_TABLES / "ordninger_per_kommune.csv", encoding="utf-8") as fh:
        seed = [r for r in csv.DictReader(fh) if r["fylkesnummer"] == "18"]
    assert len(mine) == len(seed) == 44
    for r in seed:
        assert mine[r["kommune"]] == [r["hoyere"], r["regional"], r["lokal"]], r["kommune"]
    # Growth of chapter 4.2 and the reconciliation with the published tables.
    assert "Nordland: fra 270 i 2010 til 297 i 2014 (+10,0 prosent)" in html
    assert "43 av 44 kommuner stemmer med tabellene 4.2–4.5" in html
    assert "Vestvågøy: trykt sum 34 ≠ summen av delene 24" in html


def test_write_report_html_and_pdf(tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    register = load_ok(write_golden(tmp_path / "g"))
    steps: list[str] = []
    files = write_report(build_report(register, 2013), tmp_path / "out", step=steps.append)
    assert [f.name for f in files] == ["index.html", "rapport.pdf"]
    assert steps == ["skriver HTML", "setter PDF (A4)"]
    pdf = pdfium.PdfDocument(str(tmp_path / "out" / "rapport.pdf"))
    assert len(pdf) >= 8
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    toc = pdf[1].get_textpage().get_text_range()
    assert "Innhold" in toc and re.search(r"Omfang på samarbeidet[\s.]+\d+", toc)
    assert "Side 2 av" in toc
    # No temporary files are left behind.
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["index.html", "rapport.pdf"]


def test_failed_report_leaves_nothing(tmp_path, monkeypatch):
    import samkart.report.pdf

    def broken(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(samkart.report.pdf, "write_pdf", broken)
    report = build_report(load_ok(write_golden(tmp_path / "g")), 2013)
    # A folder made for the report goes again; a folder that was there keeps what it had.
    with pytest.raises(RuntimeError):
        write_report(report, tmp_path / "new" / "out")
    assert not (tmp_path / "new" / "out").exists()
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "index.html").write_text("forrige rapport", "utf-8")
    with pytest.raises(RuntimeError):
        write_report(report, tmp_path / "old")
    assert [p.name for p in (tmp_path / "old").iterdir()] == ["index.html"]
    assert (tmp_path / "old" / "index.html").read_text("utf-8") == "forrige rapport"


def test_cli_report(tmp_path):
    golden = write_golden(tmp_path / "g")
    out = tmp_path / "r"
    result = CliRunner().invoke(app, ["report", str(golden), "--year", "2013", "--compare",
                                      "2012", "--county", "16", "--out", str(out), "--no-pdf"])
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text("utf-8")
    assert "Sør-Trøndelag 2013, sammenlignet med 2012" in html
    bad = CliRunner().invoke(app, ["report", str(golden), "--year", "2013", "--compare", "2013",
                                   "--out", str(out)])
    assert bad.exit_code == 2
    # A county with no municipalities in the year gets no report, and says why.
    missing = tmp_path / "missing"
    bad = CliRunner().invoke(app, ["report", str(golden), "--year", "2013", "--county", "99",
                                   "--out", str(missing)])
    assert bad.exit_code == 2 and "fylke 99 har ingen kommuner i 2013" in bad.output
    assert not missing.exists()


def test_report_with_survey(tmp_path):
    from samkart.survey import load_responses
    from tests.survey.test_survey import SVAR

    (tmp_path / "svar.csv").write_text(SVAR, "utf-8")
    responses, _ = load_responses(tmp_path / "svar.csv")
    register = load_ok(write_golden(tmp_path / "g"))
    html = render_html(build_report(register, 2013, survey=responses))
    assert "Rådmannsundersøkelsen 2013" in html
    # The response rate is over the municipalities of the report's counties (25 + 23 in 2013).
    assert "Rådmennene i 4 av de 48 kommunene i Sør-Trøndelag og Nord-Trøndelag svarte" in html
    assert "Kilde: rådmannsundersøkelsen 2013" in html
    # Two answers of ten disagree with the register (see tests/survey): listed for follow-up.
    assert "8 av 10 svar om oppgavefelt stemmer med registeret" in html
    assert "Rådmennenes vurdering av kommunens erfaringer" in html  # figure 7.1
    _, rows = next(t for t in tables_of(html) if "Vurderinger per spørsmål" in t[0])
    assert rows[1][:2] == ["Økonomi og ressursbruk", "4"]


def test_cli_report_without_pango_says_so(tmp_path, monkeypatch):
    import samkart.report.pdf

    def no_pango(*args, **kwargs):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(samkart.report.pdf, "write_pdf", no_pango)
    golden = write_golden(tmp_path / "g")
    out = tmp_path / "r"
    result = CliRunner().invoke(app, ["report", str(golden), "--year", "2013", "--out", str(out)])
    assert result.exit_code == 1
    assert "rapporten kunne ikke skrives: cannot load library" in result.output
    assert "--no-pdf" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_workers_start_without_weasyprint(monkeypatch):
    # A machine without Pango: the workers' warm-up must not fail (charts and the HTML report
    # need no WeasyPrint); None in sys.modules makes the import raise ImportError.
    import signal
    import sys

    from samkart.report.workers import _warm_up

    monkeypatch.setitem(sys.modules, "weasyprint", None)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        _warm_up(os.getppid())
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def _children(pid: int) -> set[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return set()
    return {int(x) for x in text.split()}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
def test_a_killed_report_leaves_no_workers(tmp_path):
    """The probe: a killed `samkart report` left its workers (and a staging folder) behind."""
    import subprocess
    import sys
    import time

    golden = write_golden(tmp_path / "reg")
    proc = subprocess.Popen([sys.executable, "-m", "samkart.cli", "report", str(golden),
                             "--year", "2013", "--out", str(tmp_path / "ut")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 1 and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the report finished before it could be killed")
    time.sleep(0.5)  # the workers have run their warm-up
    workers |= _children(proc.pid)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)]


def test_abandoned_staging_folders_are_removed(tmp_path):
    from samkart.report.write import STAGING, remove_abandoned

    out = tmp_path / "ut"
    dead = subprocess_pid_that_ended()
    (out / f"{STAGING}{dead}-abc").mkdir(parents=True)
    (out / f"{STAGING}{os.getpid()}-def").mkdir()
    remove_abandoned(out)
    assert sorted(p.name for p in out.iterdir()) == [f"{STAGING}{os.getpid()}-def"]


def subprocess_pid_that_ended() -> int:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(proc.stdout)

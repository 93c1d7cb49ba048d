"""Reading a stranger's file in a process of its own (``samkart.register.isolated``): the worst
cases the readers cannot check between rows — one xlsx row of tens of thousands of empty cells, a
JSON document parsed whole, a reader stuck or grabbing memory — end within the file's time and
memory, with one located problem, and a normal file comes back exactly as read here."""

from __future__ import annotations

import dataclasses
import signal
import time
import zipfile
from pathlib import Path

import pytest

from samkart.register import isolated
from samkart.register.limits import MB, UPLOAD_LIMITS
from samkart.register.load import load_register_counted
from tests.golden import golden_tables
from tests.helpers import write_tables


def sleeping_reader(path: Path, *, limits):  # module level: the child gets it by name
    time.sleep(60)


def deaf_reader(path: Path, *, limits):
    # blocks the timer's signal, as a reader stuck in C code would never see it
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(60)


def greedy_reader(path: Path, *, limits):
    hoard = []
    while True:
        hoard.append(bytearray(64 * MB))


def test_a_normal_register_comes_back_as_read_here(tmp_path):
    folder = write_tables(tmp_path / "reg", golden_tables())
    here, here_problems = load_register_counted(folder, limits=UPLOAD_LIMITS)
    there, there_problems = isolated.read(load_register_counted, folder, UPLOAD_LIMITS)
    assert here is not None and there is not None
    assert there.arrangements == here.arrangements
    assert there.participations == here.participations
    assert [p.line() for p in there_problems.sorted()] == [p.line() for p in here_problems.sorted()]


def _past_its_time(tmp_path, monkeypatch, reader, grace: float) -> tuple[float, str]:
    """Seconds until ``isolated.read`` of ``reader`` (1 s allowed, ``grace`` beyond) gave up,
    and its problem line."""
    monkeypatch.setattr(isolated, "GRACE_SECONDS", grace)
    limits = dataclasses.replace(UPLOAD_LIMITS, max_seconds=1.0)
    started = time.monotonic()
    with pytest.raises(isolated.Unreadable) as caught:
        isolated.read(reader, tmp_path / "x.json", limits)
    return time.monotonic() - started, caught.value.problem.line()


def test_a_reader_past_its_time_is_stopped(tmp_path, monkeypatch):
    # A reader stuck where the child's timer cannot reach it: the parent kills it.
    elapsed, line = _past_its_time(tmp_path, monkeypatch, deaf_reader, 0.5)
    assert elapsed < 10  # not the reader's 60 s
    assert line == "error register:0:: filen tok for lang tid å lese og kontrollere (over 1 s)"


def test_the_child_stops_itself_when_its_time_is_up(tmp_path, monkeypatch):
    # Nobody need be left to kill it (its web worker may have died): with the parent's backstop
    # far away, the child's own timer ends the reading at max_seconds and answers.
    elapsed, line = _past_its_time(tmp_path, monkeypatch, sleeping_reader, 30.0)
    assert elapsed < 8
    assert "tok for lang tid" in line


def test_a_reader_that_takes_too_much_memory_is_stopped(tmp_path):
    limits = dataclasses.replace(UPLOAD_LIMITS, max_memory=512 * MB)
    with pytest.raises(isolated.Unreadable) as caught:
        isolated.read(greedy_reader, tmp_path / "x.json", limits, table="svar")
    assert caught.value.problem.line() == "error svar:0:: filen krever mer enn 512 MB minne å lese"


def _wide_xlsx(path: Path, rows: int, empty_cells: int) -> Path:
    """A workbook whose ``ordninger`` sheet has a header and ``rows`` rows of one value followed
    by ``empty_cells`` empty cells each: a small file (the XML compresses to nearly nothing)
    that the xlsx parser must walk cell by cell."""
    empty = b"".join(b'<c r="%s%d"/>' % (b"B", 0) for _ in range(empty_cells))
    body = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c>%s</row>'
                    % (i, i, empty) for i in range(2, rows + 2))
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             b'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" '
             b't="inlineStr"><is><t>id</t></is></c></row>' + body + b"</sheetData></worksheet>")
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://'
        b'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
        b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
        b'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+'
        b'xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
        b'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
        b'"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://'
        b'schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="ordninger" '
        b'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
        b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        b'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_wide_empty_xlsx_rows_end_within_the_files_time(tmp_path, monkeypatch):
    # The probe's file: few rows, each of tens of thousands of empty cells, far below every
    # size limit, parsed cell by cell (it held a worker for 159 s when the clock was read every
    # 4,096 rows). With a 2 s budget it must end in about that, with the reader's own message.
    monkeypatch.setattr(isolated, "GRACE_SECONDS", 2.0)
    path = _wide_xlsx(tmp_path / "wide.xlsx", rows=400, empty_cells=20_000)
    assert path.stat().st_size < 2 * MB
    limits = dataclasses.replace(UPLOAD_LIMITS, max_seconds=2.0)
    started = time.monotonic()
    try:
        register, problems = isolated.read(load_register_counted, path, limits)
        lines = [p.line() for p in problems.sorted()]
    except isolated.Unreadable as e:
        register, lines = None, [e.problem.line()]
    elapsed = time.monotonic() - started
    assert register is None
    assert any("tok for lang tid" in line for line in lines), lines
    assert elapsed < 10, elapsed

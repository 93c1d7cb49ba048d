"""Reading within limits: bombs, floods and odd paths are refused with one located problem, fast
and without the memory they ask for (the probe's HIGH finding on uploads, issue 14)."""

from __future__ import annotations

import dataclasses
import json
import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from samkart.register import load_register
from samkart.register.limits import UPLOAD_LIMITS
from samkart.register.load import load_register_counted
from tests.golden import golden_tables
from tests.helpers import write_tables

MB = 1024 * 1024


def _lines(path: Path, limits=UPLOAD_LIMITS) -> list[str]:
    register, problems = load_register(path, limits=limits)
    assert register is None
    return [p.line() for p in problems]


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    # 120 MB of one byte compresses to about 120 kB: over the 100 MB the upload limits allow.
    bomb = tmp_path / "register.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z, \
            z.open("ordninger.csv", "w", force_zip64=True) as fh:
        fh.write(b"id,navn,tilknytningsform,sektor\n")
        for _ in range(120):
            fh.write(b"A" * MB)
    assert bomb.stat().st_size < MB
    lines = _lines(bomb)
    assert len(lines) == 1 and "pakkes ut til 120,0 MB" in lines[0], lines


def test_zip_with_many_members_is_refused(tmp_path):
    many = tmp_path / "register.zip"
    with zipfile.ZipFile(many, "w") as z:
        for i in range(UPLOAD_LIMITS.max_members + 1):
            z.writestr(f"x{i}.txt", "")
    assert "filer (høyst" in _lines(many)[0]


def test_a_zip_of_csv_files_is_a_register(tmp_path):
    folder = write_tables(tmp_path / "csv", golden_tables())
    packed = tmp_path / "register.zip"
    with zipfile.ZipFile(packed, "w") as z:
        for file in folder.iterdir():
            z.write(file, f"samarbeidsregister-2026-12-01/{file.name}")
    register, _ = load_register(packed, limits=UPLOAD_LIMITS)
    assert register is not None and len(register.arrangements) == 11


def _xlsx(path: Path, rows: list[list[object]], sheet: str = "ordninger") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _rewrite_member(path: Path, member: str, change) -> None:
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info.filename, change(data) if info.filename == member else data)


def test_xlsx_whose_dimension_claims_a_million_rows_reads_only_what_is_there(tmp_path):
    path = _xlsx(tmp_path / "r.xlsx", [["id", "navn", "tilknytningsform", "sektor"],
                                       ["A1", "Ordning", "avtale", "helse"]])
    _rewrite_member(path, "xl/worksheets/sheet1.xml",
                    lambda x: x.replace(b'<dimension ref="A1:D2"/>',
                                        b'<dimension ref="A1:XFD1048576"/>'))
    _, problems = load_register(path, limits=UPLOAD_LIMITS)
    assert any("deltakere:0:: påkrevd tabell mangler" in p.line() for p in problems)


def test_xlsx_uncompressed_bomb_is_refused(tmp_path):
    path = _xlsx(tmp_path / "r.xlsx", [["id"], ["A1"]])
    padding = b"<!--" + b" " * (110 * MB) + b"-->"
    _rewrite_member(path, "xl/worksheets/sheet1.xml", lambda x: x + padding)
    assert path.stat().st_size < MB
    assert "pakkes ut til" in _lines(path)[0]


def test_rows_and_columns_are_bounded(tmp_path):
    small = dataclasses.replace(UPLOAD_LIMITS, max_rows=50, max_columns=6)
    rows = [{"id": f"A{i}", "navn": "x", "tilknytningsform": "avtale", "sektor": "helse"}
            for i in range(51)]
    folder = write_tables(tmp_path / "rows", {"ordninger": rows, "deltakere": []})
    lines = _lines(folder, small)
    assert any("mer enn 50 rader" in line for line in lines)
    # the refused table is not also reported missing (the probe saw both, contradicting)
    assert not any(line.startswith("error ordninger:0::") and "påkrevd tabell mangler" in line
                   for line in lines)
    wide = {**rows[0], **{f"k{j}": "v" for j in range(10)}}
    as_csv = write_tables(tmp_path / "wide", {"ordninger": [wide], "deltakere": []})
    as_xlsx = _xlsx(tmp_path / "wide.xlsx", [list(wide), list(wide.values())])
    as_json = tmp_path / "wide.json"
    as_json.write_text(json.dumps({"format": "samarbeidsregister/1", "ordninger": [wide]}),
                       "utf-8")
    for path in (as_csv, as_xlsx, as_json):
        assert any("kolonner" in line for line in _lines(path, small)), path


def test_problems_listed_are_capped_with_a_count_of_the_rest(tmp_path):
    rows = [{"id": f"A{i}", "navn": "x", "tilknytningsform": "romfart", "sektor": "helse"}
            for i in range(3000)]
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"format": "samarbeidsregister/1", "ordninger": rows,
                                "deltakere": []}), "utf-8")
    register, problems = load_register_counted(path, limits=UPLOAD_LIMITS)
    assert register is None
    assert len(problems.items) == UPLOAD_LIMITS.max_problems
    # 3,000 unknown codes, and the two required columns of the empty deltakere table.
    assert problems.count() == 3002 and problems.dropped == 2002


def test_deeply_nested_json_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "r.json"
    path.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    assert "for dypt nestet" in _lines(path, dataclasses.replace(UPLOAD_LIMITS))[0]
    # The command line reads the user's own files without limits, and still gives no traceback.
    assert "for dypt nestet" in load_register(path)[1][0].line()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_device_is_refused_without_reading(tmp_path):
    fifo = tmp_path / "register.json"
    os.mkfifo(fifo)
    assert "verken en vanlig fil eller en mappe" in load_register(fifo)[1][0].line()
    assert "verken en vanlig fil eller en mappe" in load_register(Path("/dev/zero"))[1][0].line()


def test_control_characters_are_refused_where_they_are(tmp_path):
    tables = golden_tables()
    tables["ordninger"][1] = {**tables["ordninger"][1], "navn": "Ren\x01ovasjon"}
    folder = write_tables(tmp_path / "ctl", tables)
    lines = [p.line() for p in load_register(folder)[1]]
    assert "error ordninger:2:navn: ugyldig kontrolltegn U+0001 i teksten" in lines
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"format": "samarbeidsregister/1", **tables}), "utf-8")
    assert "error ordninger:2:navn: ugyldig kontrolltegn U+0001 i teksten" in \
        [p.line() for p in load_register(path)[1]]
    # Tabs and line breaks are text.
    tables["ordninger"][1]["navn"] = "Ren\tovasjon\nog mer"
    assert load_register(write_tables(tmp_path / "ok", tables))[0] is not None


def test_a_long_note_reads_back(tmp_path):
    from samkart.register import write_register

    tables = golden_tables()
    tables["ordninger"][0] = {**tables["ordninger"][0], "merknad": "x" * 200_000}
    register, _ = load_register(write_tables(tmp_path / "long", tables))
    write_register(register, tmp_path / "back")
    again, _ = load_register(tmp_path / "back")
    assert again is not None and again.arrangements["A1"].merknad == "x" * 200_000

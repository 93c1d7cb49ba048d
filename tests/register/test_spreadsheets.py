"""Formula injection (issue 14, MEDIUM): text that a spreadsheet would run is written so that it is
shown, and samkart reads back exactly what it wrote, in every container."""

from __future__ import annotations

import csv
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from samkart.register import load_register, write_csv_folder, write_json, write_xlsx
from samkart.register.spreadsheets import from_csv, to_csv
from samkart.register.write import register_tables
from tests.golden import golden_tables
from tests.helpers import load_ok, write_tables

PAYLOADS = ["=HYPERLINK(\"http://x\",\"klikk\")", "+47 22 00 00 00", "-tillegg", "@SUM(A1)",
            "'=allerede sitert", "'", "''", "vanlig tekst", "2+2=4"]


@given(st.text(max_size=12))
def test_escape_is_undone_exactly(text):
    escaped = to_csv(text)
    assert from_csv(escaped) == text
    assert not (escaped and escaped[0] in "=+-@")


@pytest.fixture()
def tricky(tmp_path):
    tables = golden_tables()
    for row, payload in zip(tables["ordninger"], PAYLOADS, strict=False):
        row["navn"] = payload
        row["merknad"] = payload
    return load_ok(write_tables(tmp_path / "orig", tables))


@pytest.mark.parametrize("writer,name", [(write_csv_folder, "csv"), (write_json, "r.json"),
                                         (write_xlsx, "r.xlsx")])
def test_payloads_round_trip_exactly(tricky, tmp_path, writer, name):
    writer(tricky, tmp_path / name)
    again, problems = load_register(tmp_path / name)
    assert again is not None, [p.line() for p in problems]
    assert register_tables(again) == register_tables(tricky)


def test_csv_cells_do_not_start_a_formula(tricky, tmp_path):
    write_csv_folder(tricky, tmp_path / "csv")
    with open(tmp_path / "csv" / "ordninger.csv", encoding="utf-8", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert "'=HYPERLINK(\"http://x\",\"klikk\")" in cells and "'-tillegg" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


def test_xlsx_holds_no_formula(tricky, tmp_path):
    write_xlsx(tricky, tmp_path / "r.xlsx")
    with zipfile.ZipFile(tmp_path / "r.xlsx") as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets"))
    sheet = load_workbook(tmp_path / "r.xlsx")["ordninger"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)

"""``samkart migrate --reform``: a hypothetical merger, written elsewhere, and what it does to
cooperation (``samkart table reform``). The reform merges 5006 Steinkjer and 5053 Inderøy into a
new 5062 on 1 January 2026; the expected figures are worked out from the rows below by hand."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samkart.analysis.yearview import YearView
from samkart.cli import app
from tests.helpers import arrangement, load_ok, participants, write_tables

runner = CliRunner()
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
REFORM = "nytt_nummer,navn,kommunenummer\n5062,Nye Steinkjer,5006\n5062,Nye Steinkjer,5053\n"


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def original(tmp_path):
    return write_tables(tmp_path / "reg", {
        "ordninger": [
            # R1: only the two merging municipalities -> becomes internal.
            arrangement("R1", etablert=2020, sektor="helse", tilknytningsform="vertskommune",
                        vertskommune="5006"),
            # R2: the two plus Trondheim -> one participation of 5062, stays inter-municipal.
            arrangement("R2", etablert=2020, sektor="teknisk", tilknytningsform="iks"),
            arrangement("R3", etablert=2020, sektor="helse"),
            # R4 ended before the reform: untouched.
            arrangement("R4", etablert=2020, avviklet=2023),
            # R5: the two merging ones, another internal one, in another sector.
            arrangement("R5", etablert=2021, sektor="teknisk", tilknytningsform="iks"),
        ],
        "deltakere": participants("R1", "5006", "5053") + participants("R2", "5006", "5053", "5001")
        + participants("R3", "5001", "5007") + participants("R4", "5006", "5053")
        + participants("R5", "5053", "5006"),
    })


def reform_file(tmp_path, text=REFORM):
    path = tmp_path / "reform.csv"
    path.write_text(text)
    return path


def rows(out):
    return list(csv.DictReader(io.StringIO(out.stdout)))


def test_reform_written_elsewhere(original, tmp_path):
    before = {f.name: f.read_bytes() for f in original.iterdir()}
    out_dir = tmp_path / "etter"
    out = run("migrate", original, "--to-year", "2026", "--reform", reform_file(tmp_path),
              "--out", out_dir)
    assert out.exit_code == 0, out.output
    assert {f.name: f.read_bytes() for f in original.iterdir()} == before  # never in place
    migrated = load_ok(out_dir)
    r1 = migrated.arrangements["R1"]
    assert r1.avviklet == 2026 and "Blir intern i 5062 Nye Steinkjer" in r1.merknad
    assert r1.vertskommune == "5006"
    assert sorted((p.kommunenummer, p.til) for p in migrated.participations
                  if p.ordning_id == "R1") == [("5006", 2026), ("5053", 2026)]
    assert sorted((p.kommunenummer, p.fra, p.til) for p in migrated.participations
                  if p.ordning_id == "R2") == [("5001", None, None), ("5006", None, 2026),
                                               ("5053", None, 2026), ("5062", 2026, None)]
    assert migrated.arrangements["R4"].avviklet == 2023
    assert migrated.municipalities.valid("5062", 2026).navn == "Nye Steinkjer"
    assert migrated.municipalities.valid("5006", 2026) is None
    assert "R1: alle deltakere blir 5062 Nye Steinkjer fra 2026" in out.stdout
    # 2025 counts as before the reform.
    for table in ("municipalities", "arrangements"):
        a = run("table", table, original, "--year", "2025", "--format", "csv")
        b = run("table", table, out_dir, "--year", "2025", "--format", "csv")
        assert a.stdout == b.stdout

    internal = rows(run("table", "reform", original, out_dir, "--year", "2026", "--internal",
                        "--format", "csv"))
    assert [(r["sektor"], r["antall"], r["ordninger"]) for r in internal] == [
        ("Helse", "1", "R1"), ("Teknisk", "1", "R5")]
    # R1 is named by the 2018 Act's term of 2025, its last year as a cooperation
    assert internal[0]["tilknytningsform"] == "§ 20-2 administrativt vertskommunesamarbeid"
    by_municipality = {r["kommunenummer"]: r for r in rows(run(
        "table", "reform", original, out_dir, "--year", "2026", "--format", "csv"))}
    # Before (2025): 5006 and 5053 together in R1, R2, R5 (3); after: only R2.
    assert by_municipality["5062"]["slatt_sammen_av"] == "5006, 5053"
    assert (by_municipality["5062"]["for_reformen"], by_municipality["5062"]["etter_reformen"],
            by_municipality["5062"]["endring"]) == ("3", "1", "-2")
    assert (by_municipality["5001"]["for_reformen"], by_municipality["5001"]["etter_reformen"]) \
        == ("2", "2")
    assert set(by_municipality) == {"5062", "5001", "5007"}


def _ssb(number: str, year: int) -> int:
    with open(SHARED_DATA / "reference" / "folketall.csv", encoding="utf-8") as f:
        return next(int(r["innbyggere"]) for r in csv.DictReader(f)
                    if r["kommunenummer"] == number and r["ar"] == str(year))


# CI always has shared/ beside the clone: there a missing folder is a failure, not a skip.
@pytest.mark.skipif(not SHARED_DATA.exists() and os.environ.get("CI") != "true",
                    reason="shared/data is not beside the repo")
def test_reform_population_is_ssbs_per_year(original, tmp_path):
    """The merged municipality gets the parts' SSB figures of 1 January of the reform year summed;
    the merging ones keep SSB's figure of each year they are counted in (a figure copied into the
    written ``kommuner`` table would lose its year and then win for every year)."""
    out_dir = tmp_path / "etter"
    assert run("migrate", original, "--to-year", "2026", "--reform", reform_file(tmp_path),
               "--out", out_dir).exit_code == 0
    written = {r["kommunenummer"]: r for r in csv.DictReader(
        (out_dir / "kommuner.csv").open(encoding="utf-8"))}
    assert written["5062"]["innbyggere"] == str(_ssb("5006", 2026) + _ssb("5053", 2026))
    assert written["5006"]["innbyggere"] == "" and written["5053"]["innbyggere"] == ""
    for year in (2014, 2024):
        view = YearView(load_ok(out_dir), year)
        m = view.municipalities["5053" if year == 2024 else "1756"]
        assert (m.innbyggere, m.innbyggere_ar) == (_ssb(m.kommunenummer, year), year)
    after = YearView(load_ok(out_dir), 2026).municipalities["5062"]
    assert after.innbyggere == _ssb("5006", 2026) + _ssb("5053", 2026)


@pytest.mark.parametrize(("text", "where"), [
    (REFORM + "5063,Andre,5006\n", "reform.csv:3:kommunenummer"),        # merged twice
    ("nytt_nummer,navn,kommunenummer\n5001,Trondheim,5006\n", "reform.csv:1:nytt_nummer"),
    ("nytt_nummer,navn,kommunenummer\n5062,Ny,1702\n", "reform.csv:1:kommunenummer"),
    ("nytt_nummer,navn,kommunenummer\n5062,Ny,5006\n5062,Annen,5053\n", "reform.csv:2:navn"),
    ("nytt,navn\n5062,Ny\n", "reform.csv:0:nytt_nummer"),
])
def test_bad_reform_file(original, tmp_path, text, where):
    out_dir = tmp_path / "etter"
    out = run("migrate", original, "--to-year", "2026", "--reform", reform_file(tmp_path, text),
              "--out", out_dir)
    assert out.exit_code == 1
    assert f"error {where}" in out.stderr and "Traceback" not in out.output
    assert not out_dir.exists()


def test_reform_needs_out_and_never_writes_in_place(original, tmp_path):
    assert run("migrate", original, "--to-year", "2026", "--reform",
               reform_file(tmp_path)).exit_code == 2
    assert run("migrate", original, "--to-year", "2026", "--reform", reform_file(tmp_path),
               "--out", original).exit_code == 2


def test_report_with_the_original_shows_the_reform(original, tmp_path):
    out_dir = tmp_path / "etter"
    assert run("migrate", original, "--to-year", "2026", "--reform", reform_file(tmp_path),
               "--out", out_dir).exit_code == 0
    report = tmp_path / "rapport"
    out = run("report", out_dir, "--year", "2026", "--reform-original", original, "--out", report,
              "--no-pdf")
    assert out.exit_code == 0, out.output
    html = (report / "index.html").read_text()
    assert "Kommunereform: hva om" in html
    assert "Reformen slår sammen 2 kommuner til 1 ny. 2 ordninger får alle deltakerne" in html
    assert "Ordninger som blir interne ved reformen 2026" in html and "R5" in html
    # Without the original there is no such chapter.
    plain = tmp_path / "uten"
    assert run("report", out_dir, "--year", "2026", "--out", plain, "--no-pdf").exit_code == 0
    assert "Kommunereform" not in (plain / "index.html").read_text()

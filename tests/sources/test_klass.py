"""``samkart reference klass``: SSB's KLASS classification 131 read as its API returns JSON.

The fixtures in ``klass_data`` are written after KLASS's API documentation (fields of
``/classifications/131/codes`` with a range, ``/codesAt`` and ``/changes``); they describe a
hypothetical merger on 1 January 2027 — 5006 Steinkjer and 5053 Inderøy become 5062 Nye Steinkjer —
which the bundled reference data cannot know, and the real 2024 split of 1507 Ålesund, which it
does know.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samkart.cli import app
from samkart.register import load_register
from samkart.sources.klass import KlassError, read_changes, read_codes
from tests.helpers import arrangement, participants, write_tables

DATA = Path(__file__).parent / "klass_data"
CODES = DATA / "codes_2026_2028.json"
CHANGES = DATA / "changes_2024_2028.json"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def register(tmp_path):
    # K2 uses 5062 from 2027: unknown to the bundled reference, so the register is invalid as it is.
    return write_tables(tmp_path / "reg", {
        "ordninger": [arrangement("K1", etablert=2021), arrangement("K2", etablert=2027)],
        "deltakere": participants("K1", "5006", "5053", "5001")
        + participants("K2", "5062", "5001"),
    })


def snapshot(folder: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(folder.iterdir())}


def test_reads_codes_and_changes_as_klass_gives_them():
    codes = {c.code: c for c in read_codes(CODES.read_bytes(), "codes.json")}
    # validTo is exclusive, as the register's gyldig_til; a version still valid is open.
    assert (codes["5006"].valid_from, codes["5006"].valid_to) == (2020, 2027)
    assert (codes["5062"].name, codes["5062"].valid_from, codes["5062"].valid_to) == \
        ("Nye Steinkjer", 2027, None)
    assert codes["5001"].valid_to is None
    changes = read_changes(CHANGES.read_bytes(), "changes.json")
    assert [(c.old_code, c.new_code, c.year, c.row) for c in changes] == [
        ("1507", "1508", 2024, 1), ("1507", "1580", 2024, 2), ("5006", "5062", 2027, 3),
        ("5053", "5062", 2027, 4)]


def test_range_answer_without_validfrom_uses_requested_range():
    doc = {"codes": [
        {"code": "5006", "name": "Steinkjer", "validFromInRequestedRange": "2026-01-01",
         "validToInRequestedRange": "2027-01-01"},
        {"code": "5062", "name": "Nye Steinkjer", "validFromInRequestedRange": "2027-01-01",
         "validToInRequestedRange": "2028-01-01"}]}
    codes = {c.code: c for c in read_codes(json.dumps(doc))}
    assert codes["5006"].valid_to == 2027 and codes["5062"].valid_to is None


def test_dry_run_then_commit_makes_the_register_valid(register):
    assert load_register(register)[0] is None  # 5062 unknown
    before = snapshot(register)
    out = run("reference", "klass", CODES, CHANGES, "--into", register)
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines() == [
        "kommuner: 5006 Steinkjer gyldig til og med 2026",
        "kommuner: 5053 Inderøy gyldig til og med 2026",
        "kommuner: + 5062 Nye Steinkjer gyldig 2027–…",
        "kommuneendringer: + 5006 Steinkjer → 5062 Nye Steinkjer 2027 (sammenslaing)",
        "kommuneendringer: + 5053 Inderøy → 5062 Nye Steinkjer 2027 (sammenslaing)",
    ]  # the 2024 Ålesund split is bundled: not added
    assert snapshot(register) == before
    out = run("reference", "klass", CODES, CHANGES, "--into", register, "--commit")
    assert out.exit_code == 0, out.output
    loaded, problems = load_register(register)
    assert loaded is not None, [p.line() for p in problems]
    assert [(m.kommunenummer, m.gyldig_fra, m.gyldig_til) for m in loaded.own.kommuner] == [
        ("5006", 2020, 2027), ("5053", 2018, 2027), ("5062", 2027, None)]
    assert loaded.municipalities.valid("5062", 2027).navn == "Nye Steinkjer"
    assert loaded.municipalities.valid("5053", 2026).navn == "Inderøy"
    # Run again: nothing new.
    out = run("reference", "klass", CODES, CHANGES, "--into", register, "--commit")
    assert out.exit_code == 0 and out.stdout == ""
    # And the register's own change carries it through the merger.
    out = run("migrate", register, "--to-year", "2028", "--commit")
    assert out.exit_code == 0, out.output
    assert "K1: 5006, 5053 blir én deltakelse for 5062 Nye Steinkjer fra 2027" in out.stdout
    migrated, problems = load_register(register)
    assert migrated is not None and not [p for p in problems if "opphørte" in p.message]
    assert sorted((p.kommunenummer, p.fra, p.til) for p in migrated.participations
                  if p.ordning_id == "K1") == [("5001", None, None), ("5006", None, 2027),
                                               ("5053", None, 2027), ("5062", 2027, None)]


@pytest.mark.parametrize(("text", "where"), [
    ("not json", "codes.json:0:"),
    ('{"codeChanges": []}', "codes.json:0:codes"),
    ('{"codes": {"code": "5006"}}', "codes.json:0:codes"),
    ('{"codes": [{"code": "5006", "name": "Steinkjer"}, {"name": "X"}]}', "codes.json:2:code"),
    ('{"codes": [{"code": "50", "name": "Trøndelag"}]}', "codes.json:1:code"),
    ('{"codes": [{"code": "5006", "name": "S", "validTo": "snart"}]}', "codes.json:1:validTo"),
])
def test_not_klass_json_is_a_located_error_and_nothing_written(register, tmp_path, text, where):
    bad = tmp_path / "codes.json"
    bad.write_text(text)
    before = snapshot(register)
    out = run("reference", "klass", bad, CHANGES, "--into", register, "--commit")
    assert out.exit_code == 1
    assert f"error {where}" in out.stderr and "Traceback" not in out.output
    assert snapshot(register) == before


def test_a_change_to_an_unknown_code(register, tmp_path):
    doc = json.loads(CHANGES.read_text())
    doc["codeChanges"][3]["newCode"] = "5063"
    bad = tmp_path / "changes.json"
    bad.write_text(json.dumps(doc))
    before = snapshot(register)
    out = run("reference", "klass", CODES, bad, "--into", register, "--commit")
    assert out.exit_code == 1
    assert "error changes.json:4:newCode: ukjent kommunenummer 5063" in out.stderr
    assert snapshot(register) == before
    with pytest.raises(KlassError):
        read_changes('{"codeChanges": [{"oldCode": "5006", "newCode": "5062"}]}')


def test_fetch_from_a_local_klass(register, httpserver, monkeypatch):
    params = {"from": "2026-01-01", "to": "2028-01-01"}
    httpserver.expect_request("/api/klass/v1/classifications/131/codes",
                              query_string=params).respond_with_data(
        CODES.read_bytes(), content_type="application/json")
    httpserver.expect_request("/api/klass/v1/classifications/131/changes",
                              query_string=params).respond_with_data(
        CHANGES.read_bytes(), content_type="application/json")
    monkeypatch.setenv("SAMKART_KLASS_URL", httpserver.url_for("/api/klass/v1"))
    out = run("reference", "klass", "--fetch", "--from", "2026-01-01", "--to", "2028-01-01",
              "--into", register, "--commit")
    assert out.exit_code == 0, out.output
    assert "kommuner: + 5062 Nye Steinkjer gyldig 2027–…" in out.stdout
    assert load_register(register)[0] is not None
    assert len(httpserver.log) == 2


def test_fetch_failure_is_a_message(register, httpserver, monkeypatch):
    httpserver.expect_request("/classifications/131/codes").respond_with_data("nei", status=503)
    monkeypatch.setenv("SAMKART_KLASS_URL", httpserver.url_for("/"))
    before = snapshot(register)
    out = run("reference", "klass", "--fetch", "--from", "2026-01-01", "--into", register)
    assert out.exit_code == 1 and "KLASS kunne ikke leses" in out.stderr
    assert snapshot(register) == before


def test_codes_at_without_validity_adds_nothing_known(register, tmp_path):
    shutil.rmtree(register)
    register = write_tables(register, {"ordninger": [arrangement("K1", etablert=2021)],
                                       "deltakere": participants("K1", "5006", "5001")})
    out = run("reference", "klass", DATA / "codesAt_2027.json", CHANGES, "--into", register)
    # 5062 is new: its first year comes from the change that made it.
    assert out.exit_code == 0, out.output
    assert "kommuner: + 5062 Nye Steinkjer gyldig 2027–…" in out.stdout

"""``--into``: comparing a register with Enhetsregisteret by orgnr, and applying the differences
(a dry run unless --commit; atomic; arrangements without an orgnr never touched)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samkart.cli import app
from samkart.reference import load_reference
from samkart.register import load_register
from samkart.sources.brreg import Scope
from samkart.sources.brreg.bulk import from_files
from samkart.sources.brreg.compare import Kind, apply, compare
from samkart.sources.brreg.nace import load_nace_table
from samkart.sources.brreg.output import validated
from samkart.sources.brreg.rules import map_units
from tests.helpers import arrangement, load_ok, participants, write_tables
from tests.sources import brreg_data as fx

FETCHED = dt.date(2024, 6, 3)
runner = CliRunner()


def register_folder(tmp_path: Path) -> Path:
    """A hand-made register of Salten: the IKS (its name in other letter case and spacing), with
    Sørfold (who has withdrawn since) and without Hamarøy (who has joined); the regional council;
    an arrangement whose orgnr Enhetsregisteret does not have; one without orgnr; an IKS in
    Trøndelag."""
    return write_tables(tmp_path / "salten", {
        "ordninger": [
            arrangement("B1", navn="Salten  Brann IKS", tilknytningsform="iks",
                        sektor="brann_beredskap", etablert=2012, orgnr=fx.IKS_SALTEN),
            arrangement("B2", navn="Salten regionråd", tilknytningsform="politisk_rad",
                        sektor="regionalt_samarbeid", etablert=1999, orgnr=fx.REGIONRAD),
            arrangement("B3", navn="Gammel avtale", etablert=2005, orgnr=fx.UNKNOWN),
            arrangement("B4", navn="Legevaktsamarbeid", etablert=2005),
            arrangement("T1", navn="TRONDHEIMSREGIONEN RENOVASJON IKS", tilknytningsform="iks",
                        sektor="teknisk", etablert=1998, orgnr=fx.IKS_TRONDHEIM),
        ],
        "deltakere": [
            *participants("B1", "1804", "1841", "1840"), *participants("B1", "1845", fra=2015),
            *participants("B2", "1804", "1841"), *participants("B3", "1804", "1841"),
            *participants("B4", "1804", "1841"), *participants("T1", "5001", fra=2020),
        ],
    })


def result_and_data(scope=Scope(county="18")):  # noqa: B008 -- a frozen value
    data = from_files(fx.UNITS_JSON, fx.ROLES_JSON, FETCHED)
    return map_units(data, scope, load_nace_table(), load_reference()), data


def test_each_kind_of_difference(tmp_path):
    register = load_ok(register_folder(tmp_path))
    result, data = result_and_data()
    comparison = compare(register, result, data)
    found = {(d.kind, d.key or d.orgnr): d for d in comparison.differences}
    # Name differs only by letter case: not a change.
    assert (Kind.RENAMED, "B1") not in found
    assert found[(Kind.PARTICIPANTS, "B1")].joined == ("1875",)
    assert found[(Kind.PARTICIPANTS, "B1")].left == ("1845",)
    assert found[(Kind.NEW, fx.VERTSKOMMUNE)].detail.startswith("vertskommune, 1 deltakere")
    assert found[(Kind.UNKNOWN, "B3")].detail.startswith("ikke i enhetsfilen")
    assert not found[(Kind.UNKNOWN, "B3")].applies
    assert all(d.key != "B4" for d in comparison.differences)  # no orgnr
    assert all(d.key != "T1" for d in comparison.differences)  # outside Nordland
    assert (Kind.PARTICIPANTS, "B2") not in found  # a council's participants are a person's
    assert comparison.unchanged == 1  # B2
    assert comparison.candidates_outside == 2  # the KF and the AS


def test_renamed_and_ended(tmp_path):
    folder = register_folder(tmp_path)
    rows = (folder / "ordninger.csv").read_text("utf-8").replace(
        "Salten regionråd", "Salten regionråd (gammelt navn)")
    (folder / "ordninger.csv").write_text(rows, "utf-8")
    doc = fx.units_doc()
    for u in doc:
        if u["organisasjonsnummer"] == fx.IKS_SALTEN:
            u.update(underAvvikling=True, underAvviklingDato="2024-02-01")
    units = tmp_path / "enheter.json"
    units.write_text(json.dumps(doc), "utf-8")
    data = from_files(units, fx.ROLES_JSON, FETCHED)
    result = map_units(data, Scope(county="18"), load_nace_table(), load_reference())
    comparison = compare(load_ok(folder), result, data)
    found = {(d.kind, d.key): d for d in comparison.differences}
    assert found[(Kind.RENAMED, "B2")].new_name == "SALTEN REGIONRÅD"
    assert found[(Kind.ENDED, "B1")].avviklet == 2024
    assert "under avvikling 2024-02-01" in found[(Kind.ENDED, "B1")].detail
    # An arrangement that ends is not also compared for participants.
    assert (Kind.PARTICIPANTS, "B1") not in found


def test_apply_makes_a_valid_register_and_leaves_the_rest_alone(tmp_path):
    register = load_ok(register_folder(tmp_path))
    result, data = result_and_data()
    updated = validated(apply(register, compare(register, result, data)), load_reference())
    parts = {(p.ordning_id, p.kommunenummer): p for p in updated.participations}
    assert parts[("B1", "1845")].til == 2024  # left this year
    assert parts[("B1", "1875")].fra == 2024 and parts[("B1", "1875")].extra == {
        "ansvarsandel": "10%"}
    new = updated.arrangements["brreg-971801018"]
    assert new.vertskommune == "1841" and new.orgnr == fx.VERTSKOMMUNE
    for key in ("B2", "B3", "B4", "T1"):
        assert updated.arrangements[key] == register.arrangements[key]
    assert register.participations == load_ok(tmp_path / "salten").participations  # untouched


def test_commit_writes_atomically_and_a_second_run_finds_nothing(tmp_path):
    folder = register_folder(tmp_path)
    common = ["import", "brreg", "--enheter", str(fx.UNITS_JSON), "--roller",
              str(fx.ROLES_JSON), "--county", "18", "--into", str(folder),
              "--date", "2024-06-03"]
    dry = runner.invoke(app, common)
    assert dry.exit_code == 0, dry.output
    assert load_ok(folder).participations == load_ok(register_folder(tmp_path / "x"))\
        .participations
    done = runner.invoke(app, [*common, "--commit"])
    assert done.exit_code == 0, done.output
    register, problems = load_register(folder)
    assert register is not None, [p.line() for p in problems]
    again = runner.invoke(app, common)
    # Only the orgnr Enhetsregisteret does not know is left: it is never changed.
    assert [line.split()[0] for line in again.stdout.splitlines()] == ["ukjent"]


def test_commit_refuses_a_result_that_would_not_validate(tmp_path, monkeypatch):
    folder = register_folder(tmp_path)
    before = {f.name: f.read_bytes() for f in folder.iterdir()}
    import samkart.sources.brreg.compare as module

    real = module.apply

    def broken(register, comparison):
        out = real(register, comparison)
        out.arrangements["B1"].vertskommune = "9999"  # a host that is no participant
        return out

    monkeypatch.setattr(module, "apply", broken)
    result = runner.invoke(app, ["import", "brreg", "--enheter", str(fx.UNITS_JSON),
                                 "--roller", str(fx.ROLES_JSON), "--county", "18",
                                 "--into", str(folder), "--commit"])
    assert result.exit_code == 1 and "ville blitt ugyldig" in result.stderr
    assert {f.name: f.read_bytes() for f in folder.iterdir()} == before


# -- the "done when" of the issue, on generated bulk files ------------------------------------

@pytest.fixture(scope="module")
def generator():
    path = Path(__file__).resolve().parents[2] / "tools" / "brreg_bulk.py"
    spec = importlib.util.spec_from_file_location("brreg_bulk", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_nordland_from_generated_bulk_files_then_only_what_changed(tmp_path, generator):
    day1 = generator.write(tmp_path / "dag1", day=1, noise_units=300)
    day2 = generator.write(tmp_path / "dag2", day=2, noise_units=300)
    out = tmp_path / "nordland"
    first = runner.invoke(app, ["import", "brreg", "--enheter", str(day1[0]), "--roller",
                                str(day1[1]), "--county", "18", "--out", str(out),
                                "--date", "2024-01-15"])
    assert first.exit_code == 0, first.output
    register = load_ok(out)
    iks = [a for a in register.arrangements.values() if a.tilknytningsform.code == "iks"]
    # The generator's nine Nordland IKS and the Ofoten IKS with Narvik and Evenes in it.
    assert len(iks) == 10
    second = runner.invoke(app, ["import", "brreg", "--enheter", str(day2[0]), "--roller",
                                 str(day2[1]), "--county", "18", "--into", str(out),
                                 "--date", "2024-06-03"])
    assert second.exit_code == 0, second.output
    kinds = sorted(line.split("  ")[0].strip() for line in second.stdout.splitlines())
    # What the generator changes on day 2 (its docstring): a new IKS, one under winding-up, one
    # renamed, a participant withdrawn and one joined, one deleted (absent: unknown).
    assert kinds == ["avsluttet", "deltakere", "deltakere", "ny", "nytt navn", "ukjent"]

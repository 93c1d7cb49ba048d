"""``samkart migrate``: carrying a register through municipal changes (docs/spec/cli.md).

The register is hand-made in Nord-Trøndelag 2010; the changes are the bundled ones (2018: the
Trøndelag numbers 17xx → 50xx; 2020: 5004 Steinkjer + 5039 Verran (part) → 5006, 5005 Namsos +
5040 Namdalseid → 5007, 5039 Verran split between 5006 and 5054). Expected rows are written out by
hand from those facts.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from samkart.analysis.organisation import host_load
from samkart.analysis.yearview import YearView
from samkart.cli import app
from samkart.register import load_register, write_register
from samkart.register.migrate import Decision, MigrationError, plan_migration
from tests.helpers import arrangement, load_ok, participants, write_tables

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def make(tmp_path, name="reg"):
    return write_tables(tmp_path / name, {
        "ordninger": [
            arrangement("A1", tilknytningsform="vertskommune", vertskommune="1702",
                        etablert=2010),
            arrangement("A2", etablert=2010, sektor="teknisk"),
            arrangement("A3", etablert=2010, avviklet=2016),
            arrangement("A4", etablert=2010, sektor="oppvekst"),
        ],
        "deltakere": participants("A1", "1702", "1719", "1721")
        + participants("A2", "1703", "1725", "1724")
        + participants("A3", "1702", "1703")
        + participants("A4", "1719", "1721"),
    })


def rows_of(register, aid):
    return sorted((p.kommunenummer, p.fra, p.til, p.rolle.code)
                  for p in register.participations if p.ordning_id == aid)


def test_renumbering_and_a_municipality_that_changes_twice(tmp_path):
    plan = plan_migration(load_ok(make(tmp_path)), 2024)
    # A1: Steinkjer 1702 → 5004 (2018) → 5006 (2020), host all along; Levanger and Verdal renumbered.
    assert rows_of(plan.register, "A1") == [
        ("1702", None, 2018, "vertskommune"), ("1719", None, 2018, "deltaker"),
        ("1721", None, 2018, "deltaker"), ("5004", 2018, 2020, "vertskommune"),
        ("5006", 2020, None, "vertskommune"), ("5037", 2018, None, "deltaker"),
        ("5038", 2018, None, "deltaker")]
    assert plan.register.arrangements["A1"].vertskommune == "5006"
    # A3 ended 2016, before any change: untouched.
    assert rows_of(plan.register, "A3") == [("1702", None, None, "deltaker"),
                                           ("1703", None, None, "deltaker")]
    # Only A2 (Verran split) waits for a decision; nothing of it changes yet.
    assert [(n.ordning_id, n.kommunenummer, n.year, [s for s, _ in n.successors])
            for n in plan.needed] == [("A2", "5039", 2020, ["5006", "5054"])]
    assert rows_of(plan.register, "A2") == [("1703", None, None, "deltaker"),
                                           ("1724", None, None, "deltaker"),
                                           ("1725", None, None, "deltaker")]


def test_to_year_stops_before_later_changes(tmp_path):
    plan = plan_migration(load_ok(make(tmp_path)), 2019)
    assert rows_of(plan.register, "A1")[-3:] == [("5004", 2018, None, "vertskommune"),
                                                ("5037", 2018, None, "deltaker"),
                                                ("5038", 2018, None, "deltaker")]
    assert plan.complete  # the 2020 split is after 1 January 2019


def test_merger_and_split_with_decision(tmp_path):
    register = load_ok(make(tmp_path))
    plan = plan_migration(register, 2024, [Decision("A2", "5039", "5054", 1)])
    assert plan.complete
    # Namsos and Namdalseid merge into 5007 in 2020: one participation, not two.
    assert rows_of(plan.register, "A2") == [
        ("1703", None, 2018, "deltaker"), ("1724", None, 2018, "deltaker"),
        ("1725", None, 2018, "deltaker"), ("5005", 2018, 2020, "deltaker"),
        ("5007", 2020, None, "deltaker"), ("5039", 2018, 2020, "deltaker"),
        ("5040", 2018, 2020, "deltaker"), ("5054", 2020, None, "deltaker")]
    kinds = [(s.kind, s.ordning_id, s.old, s.new) for s in plan.steps if s.ordning_id == "A2"]
    assert ("slaes_sammen", "A2", ("5005", "5040"), ("5007",)) in kinds
    assert ("deles", "A2", ("5039",), ("5054",)) in kinds


def test_split_kept_in_both_successors(tmp_path):
    plan = plan_migration(load_ok(make(tmp_path)), 2024,
                          [Decision("A2", "5039", "5054", 1), Decision("A2", "5039", "5006", 2)])
    got = {k for k, fra, til, _r in rows_of(plan.register, "A2") if til is None}
    assert got == {"5006", "5007", "5054"}


def test_decisions_naming_what_is_not_there(tmp_path):
    register = load_ok(make(tmp_path))
    for decision, column in ((Decision("A9", "5039", "5054", 3), "ordning_id"),
                             (Decision("A4", "5039", "5054", 3), "kommunenummer"),
                             (Decision("A2", "5039", "9999", 3), "ny_kommunenummer"),
                             (Decision("A2", "5039", "5007", 3), "ny_kommunenummer")):
        with pytest.raises(MigrationError) as e:
            plan_migration(register, 2024, [decision], decisions_name="b.csv")
        assert [(p.table, p.row, p.column) for p in e.value.problems] == [("b.csv", 3, column)]


def test_cli_dry_run_prints_plan_and_needs_exit_1(tmp_path):
    reg = make(tmp_path)
    before = {f.name: f.read_bytes() for f in reg.iterdir()}
    out = run("migrate", reg, "--to-year", "2024")
    assert out.exit_code == 1
    assert "A1: 1702 Steinkjer → 5004 Steinkjer fra 2018" in out.stdout
    assert "A1: 5004 Steinkjer → 5006 Steinkjer fra 2020" in out.stdout
    assert "beslutning trengs: A2" in out.stdout and "5006 Steinkjer, 5054 Indre Fosen" in out.stdout
    out = run("migrate", reg, "--to-year", "2024", "--commit")
    assert out.exit_code == 1  # decisions missing: nothing written
    assert {f.name: f.read_bytes() for f in reg.iterdir()} == before


def test_cli_bad_decisions_file_is_located_and_writes_nothing(tmp_path):
    reg = make(tmp_path)
    before = {f.name: f.read_bytes() for f in reg.iterdir()}
    bad = tmp_path / "b.csv"
    bad.write_text("ordning_id,kommunenummer,ny_kommunenummer\nA2,5039,5054\nA7,5039,5054\n")
    out = run("migrate", reg, "--to-year", "2024", "--decisions", bad, "--commit")
    assert out.exit_code == 1
    assert "error b.csv:2:ordning_id: ukjent ordning «A7»" in out.stderr
    assert "Traceback" not in out.output
    assert {f.name: f.read_bytes() for f in reg.iterdir()} == before


@pytest.mark.parametrize("container", ["folder", "reg.xlsx", "reg.json", "reg.zip"])
def test_commit_in_own_container_then_valid_and_2014_unchanged(tmp_path, container):
    folder = make(tmp_path, "src")
    original = load_ok(folder)
    target = tmp_path / ("reg" if container == "folder" else container)
    write_register(original, target)
    decisions = tmp_path / "d.csv"
    decisions.write_text("ordning_id;kommunenummer;ny_kommunenummer\nA2;5039;5006\n")
    out = run("migrate", target, "--to-year", "2024", "--decisions", decisions, "--commit")
    assert out.exit_code == 0, out.output
    migrated, problems = load_register(target)
    assert migrated is not None
    # validate: no participation of a ceased municipality in any year up to 2024.
    assert not [p.line() for p in problems if "opphørte" in p.message]
    assert len(migrated.participations) == 21
    assert not list(tmp_path.glob(".samkart-*"))  # no temporary file left behind
    for table in ("municipalities", "counties", "arrangements", "task-fields"):
        a = run("table", table, folder, "--year", "2014", "--format", "csv")
        b = run("table", table, target, "--year", "2014", "--format", "csv")
        assert a.exit_code == b.exit_code == 0
        assert a.stdout == b.stdout, table
    # The host counts where it hosted: 1702 in 2014, 5006 in 2024.
    assert host_load(YearView(migrated, 2014)).records() == \
        host_load(YearView(original, 2014)).records()
    hosts = {r["kommunenummer"]: r["vertskommune_for"]
             for r in host_load(YearView(migrated, 2024)).records()}
    assert hosts["5006"] == 1 and "1702" not in hosts
    # 2024 counts: A1 (5006, 5037, 5038), A2 (5007, 5006), A4 (5037, 5038).
    out = run("table", "arrangements", target, "--year", "2024", "--format", "json")
    got = {r["id"]: r for r in json.loads(out.stdout)}
    assert {aid: got[aid]["antall_deltakere"] for aid in ("A1", "A2", "A4")} == {"A1": 3, "A2": 2,
                                                                         "A4": 2}


def test_migrated_register_count_matches_successor_reckoning(tmp_path):
    """Counted per municipality in 2024, each successor has exactly the arrangements its
    predecessors took part in (worked out from the rows above, not from the plan)."""
    reg = make(tmp_path)
    decisions = tmp_path / "d.csv"
    decisions.write_text("ordning_id,kommunenummer,ny_kommunenummer\nA2,5039,5054\n")
    assert run("migrate", reg, "--to-year", "2024", "--decisions", decisions,
               "--commit").exit_code == 0
    out = run("table", "municipalities", reg, "--year", "2024", "--county", "50", "--format",
              "csv")
    got = {r["kommunenummer"]: int(r["sum"]) for r in csv.DictReader(io.StringIO(out.stdout))
           if r["sum"] != "0"}
    assert got == {"5006": 1, "5007": 1, "5037": 2, "5038": 2, "5054": 1}


def test_dry_run_without_changes_and_commit_is_no_op(tmp_path):
    reg = write_tables(tmp_path / "r", {
        "ordninger": [arrangement("B1", etablert=2021)],
        "deltakere": participants("B1", "5006", "5007"),
    })
    out = run("migrate", reg, "--to-year", "2024", "--commit")
    assert out.exit_code == 0
    assert out.stdout == ""
    assert "ingen endringer" in out.stderr


def test_own_kommuneendringer_are_read_checked_and_written_back(tmp_path):
    base = {"ordninger": [arrangement("B1", etablert=2021)],
            "deltakere": participants("B1", "5006", "5007")}
    bad = write_tables(tmp_path / "bad", {**base, "kommuneendringer": [
        {"gammelt_nummer": "5006", "nytt_nummer": "5099", "ar": 2027, "art": "sammenslaing"},
        {"gammelt_nummer": "5007", "nytt_nummer": "5006", "ar": 2027, "art": "fusjon"}]})
    register, problems = load_register(bad)
    assert register is None
    assert [(p.table, p.row, p.column) for p in problems if p.severity.value == "error"] == [
        ("kommuneendringer", 1, "nytt_nummer"), ("kommuneendringer", 2, "art")]
    good = write_tables(tmp_path / "good", {
        **base,
        "kommuner": [{"kommunenummer": "5007", "navn": "Namsos", "gyldig_fra": 2020,
                      "gyldig_til": 2027},
                     {"kommunenummer": "5099", "navn": "Nytt Namdal", "fylkesnummer": "50",
                      "gyldig_fra": 2027}],
        "kommuneendringer": [{"gammelt_nummer": "5007", "nytt_nummer": "5099", "ar": 2027,
                              "art": "sammenslaing"}]})
    register = load_ok(good)
    assert [(c.from_number, c.to_number, c.year) for c in register.changes
            if c.year == 2027] == [("5007", "5099", 2027)]
    write_register(register, tmp_path / "back.json")
    doc = json.loads((tmp_path / "back.json").read_text())
    assert doc["kommuneendringer"] == [{"gammelt_nummer": "5007", "nytt_nummer": "5099",
                                        "ar": 2027, "art": "sammenslaing"}]
    plan = plan_migration(register, 2028)
    assert rows_of(plan.register, "B1") == [("5006", None, None, "deltaker"),
                                           ("5007", None, 2027, "deltaker"),
                                           ("5099", 2027, None, "deltaker")]


def test_a_municipality_that_goes_on_under_its_number(tmp_path):
    """5054 Indre Fosen took in part of Verran in 2020 (a new version, same number): it goes on.
    5030 Klæbu merged into 5001 Trondheim, which kept its number: Klæbu's participation joins
    Trondheim's, one participation."""
    reg = write_tables(tmp_path / "r", {
        "ordninger": [arrangement("T1", etablert=2018)],
        "deltakere": participants("T1", "5054", "5001", "5030"),
    })
    register = load_ok(reg)
    assert not [p for p in load_register(reg)[1] if "5054" in p.message]
    plan = plan_migration(register, 2024)
    assert rows_of(plan.register, "T1") == [("5001", None, None, "deltaker"),
                                           ("5030", None, 2020, "deltaker"),
                                           ("5054", None, None, "deltaker")]
    assert [s.text for s in plan.steps] == [
        "T1: 5030 Klæbu → 5001 Trondheim - Tråante fra 2020",
        "T1: 5001, 5030 blir én deltakelse for 5001 Trondheim - Tråante fra 2020"]

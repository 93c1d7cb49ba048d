"""Reading the bulk downloads, and ``samkart import brreg --enheter --roller`` end to end: the same
units from JSON, CSV, gzip or not; every bad input of the issue a clear message, exit 1 and
nothing written."""

from __future__ import annotations

import gzip
import json
import os
import re
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samkart.cli import app
from samkart.register import load_register
from samkart.sources.brreg import SourceError
from samkart.sources.brreg.bulk import read_roles, read_units
from samkart.sources.brreg.rules import wanted_unit
from tests.sources import brreg_data as fx

runner = CliRunner()


def gz(src: Path, dst: Path) -> Path:
    dst.write_bytes(gzip.compress(src.read_bytes()))
    return dst


def keep_all(*_args) -> bool:
    return True


def test_json_csv_and_gzip_give_the_same_units(tmp_path):
    plain = read_units(fx.UNITS_JSON, keep_all)
    packed = read_units(gz(fx.UNITS_JSON, tmp_path / "enheter.json.gz"), keep_all)
    as_csv = read_units(fx.UNITS_CSV, keep_all)
    csv_packed = read_units(gz(fx.UNITS_CSV, tmp_path / "enheter.csv.gz"), keep_all)
    assert plain.total == 17 and set(plain.units) == set(packed.units) == set(as_csv.units) \
        == set(csv_packed.units)
    for orgnr, unit in plain.units.items():
        other = as_csv.units[orgnr]
        assert (other.navn, other.form, other.kommunenummer, other.nace, other.sektorkode,
                other.stiftelsesdato, other.registreringsdato_enhetsregisteret,
                other.overordnet_enhet) == (unit.navn, unit.form, unit.kommunenummer, unit.nace,
                                            unit.sektorkode, unit.stiftelsesdato,
                                            unit.registreringsdato_enhetsregisteret,
                                            unit.overordnet_enhet)


def test_only_wanted_units_are_kept_but_all_are_counted():
    read = read_units(fx.UNITS_JSON, wanted_unit)
    assert read.total == 17
    assert fx.AS_PRIVATE not in read.units and fx.FRILUFTSRAD not in read.units
    assert read.forms["KOMM"] == 8 and read.forms["AS"] == 2


def test_roles_of_wanted_units_only():
    read = read_roles(fx.ROLES_JSON, {fx.IKS_SALTEN})
    assert set(read.roles) == {fx.IKS_SALTEN}
    assert read.units == 4 and read.roles_total == 13


def test_progress_is_reported(tmp_path):
    calls = []
    read_units(fx.UNITS_JSON, keep_all, lambda done, total, n: calls.append((done, total, n)))
    size = fx.UNITS_JSON.stat().st_size
    assert calls[-1] == (size, size, 17)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("tom.json", b"", "filen er tom"),
    ("objekt.json", b'{"organisasjonsnummer": "970711007"}', "ventet en JSON-liste av enheter"),
    ("tall.json", b"[1, 2]", "element 1: ikke et enhetsdokument"),
    ("uten-form.json", json.dumps([{"organisasjonsnummer": "970711007", "navn": "X IKS"}])
     .encode(), "element 1 (970711007): organisasjonsform mangler"),
    ("ugyldig.json", b'[{"organisasjonsnummer": "970711007",', "ikke gyldig JSON"),
])
def test_bad_units_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError, match=re.escape(message)):
        read_units(path, keep_all)


def test_a_unit_without_organisasjonsform_in_the_csv_is_located(tmp_path):
    lines = fx.UNITS_CSV.read_text("utf-8").splitlines()
    cells = lines[3].split('","')
    cells[2] = ""  # organisasjonsform.kode of the third unit (line 4)
    lines[3] = '","'.join(cells)
    path = tmp_path / "enheter.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(SourceError, match=r"enheter.csv:4:organisasjonsform.kode"):
        read_units(path, keep_all)


def test_a_truncated_gzip_is_an_error(tmp_path):
    packed = gzip.compress(fx.ROLES_JSON.read_bytes())
    path = tmp_path / "roller.json.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(SourceError, match="gzip-filen er avkortet eller skadet"):
        read_roles(path, {fx.IKS_SALTEN})


@pytest.mark.parametrize(("content", "message"), [
    (b'{"rollegrupper": []}', "ventet rollefilen som en JSON-liste"),
    (b'[{"organisasjonsnummer": "970711007"}]', "element 1 \\(970711007\\): ikke et rolledokument"),
    (b'[{"organisasjonsnummer": "970711007", "rollegrupper": [{"type": {}}]}]',
     "en rollegruppe uten liste av roller"),
])
def test_roles_not_in_the_expected_shape(tmp_path, content, message):
    path = tmp_path / "roller.json"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        read_roles(path, {fx.IKS_SALTEN})


# -- the command ----------------------------------------------------------------------------------

def call(*args: str):
    return runner.invoke(app, ["import", "brreg", *args])


def test_out_writes_a_register_validate_accepts_and_candidates_beside_it(tmp_path):
    out = tmp_path / "nordland"
    result = call("--enheter", str(fx.UNITS_JSON), "--roller", str(fx.ROLES_JSON),
                  "--county", "18", "--out", str(out), "--date", "2024-06-03")
    assert result.exit_code == 0, result.output
    register, problems = load_register(out)
    assert register is not None, [p.line() for p in problems]
    # Only the extra column ansvarsandel is worth a warning, and the 2018 Act's rule that a
    # regionråd registered in 1999, imported as interkommunalt politisk råd, predates the form
    # (reference/data/lovregler.csv): the analyst records its earlier form.
    lines = [p.line() for p in problems]
    assert lines[-1] == "warning deltakere:0:ansvarsandel: ukjent kolonne; beholdes som ekstra data"
    assert len(lines) == 2 and lines[0].startswith(
        "warning ordninger:2:etablert: interkommunalt politisk råd er etablert 1999, før "
        "kommuneloven 2018 tillot formen")
    assert set(register.arrangements) == {"brreg-970711007", "brreg-820121007",
                                          "brreg-971801018"}
    candidates = (tmp_path / "nordland-kandidater.csv").read_text("utf-8").splitlines()
    assert candidates[0].startswith("orgnr,navn,organisasjonsform,")
    assert {line.split(",")[0] for line in candidates[1:]} == {
        fx.REGIONRAD, fx.VERTSKOMMUNE, fx.KF, fx.AS_MUNICIPAL}
    assert "Brukt som ordninger: 3" in result.stdout
    assert "Kandidater å fullføre: 2 (AS 1, KF 1)" in result.stdout


def test_the_candidates_file_shows_formulas_as_text(tmp_path):
    doc = fx.units_doc()
    for u in doc:
        if u["organisasjonsnummer"] == fx.KF:
            u["navn"] = "=HYPERLINK(\"http://example.invalid\")"
    units = tmp_path / "enheter.json"
    units.write_text(json.dumps(doc), "utf-8")
    out = tmp_path / "nordland"
    assert call("--enheter", str(units), "--roller", str(fx.ROLES_JSON), "--out", str(out),
                "--county", "18").exit_code == 0
    text = (tmp_path / "nordland-kandidater.csv").read_text("utf-8")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_the_same_files_again_with_into_show_no_difference(tmp_path):
    out = tmp_path / "nordland"
    common = ["--enheter", str(fx.UNITS_CSV), "--roller", str(fx.ROLES_JSON), "--county", "18",
              "--date", "2024-06-03"]
    assert call(*common, "--out", str(out)).exit_code == 0
    before = {f.name: f.read_bytes() for f in out.iterdir()}
    result = call(*common, "--into", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # nothing changed: no line of differences
    assert "0 endringer, 3 uendret" in result.stderr
    assert {f.name: f.read_bytes() for f in out.iterdir()} == before


@pytest.mark.parametrize("broken", ["truncated", "no-form", "unknown-holder", "not-an-array"])
def test_unreadable_input_exits_1_and_writes_nothing(tmp_path, broken):
    units, roles = tmp_path / "enheter.json", tmp_path / "roller.json"
    units.write_bytes(fx.UNITS_JSON.read_bytes())
    roles.write_bytes(fx.ROLES_JSON.read_bytes())
    if broken == "truncated":
        packed = gzip.compress(fx.ROLES_JSON.read_bytes())
        roles = tmp_path / "roller.json.gz"
        roles.write_bytes(packed[:-40])
        expected = "gzip-filen er avkortet"
    elif broken == "no-form":
        doc = fx.units_doc()
        del doc[9]["organisasjonsform"]
        units.write_text(json.dumps(doc), "utf-8")
        expected = "element 10 (970711007): organisasjonsform mangler"
    elif broken == "unknown-holder":
        doc = fx.roles_doc()
        doc[0]["rollegrupper"][0]["roller"][1]["enhet"]["organisasjonsnummer"] = fx.UNKNOWN
        roles.write_text(json.dumps(doc), "utf-8")
        expected = f"peker på en ukjent enhet {fx.UNKNOWN}"
    else:
        roles.write_text(json.dumps({"organisasjonsnummer": fx.IKS_SALTEN}), "utf-8")
        expected = "ventet rollefilen som en JSON-liste"
    out = tmp_path / "ut"
    result = call("--enheter", str(units), "--roller", str(roles), "--out", str(out))
    assert result.exit_code == 1
    assert expected in result.stderr and "ingenting er skrevet" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists() and not (tmp_path / "ut-kandidater.csv").exists()


@pytest.mark.parametrize("args", [
    [],
    ["--fetch", "--enheter", "a.json", "--roller", "b.json", "--out", "x"],
    ["--enheter", "a.json", "--out", "x"],
    ["--enheter", "a.json", "--roller", "b.json"],
    ["--enheter", "a.json", "--roller", "b.json", "--out", "x", "--into", "y"],
    ["--enheter", "a.json", "--roller", "b.json", "--out", "x", "--commit"],
    ["--fetch", "--out", "x", "--county", "18", "--municipality", "1804"],
    ["--fetch", "--out", "x", "--county", "nord"],
    ["--fetch", "--out", "x", "--date", "i går"],
])
def test_wrong_calls_exit_2(args):
    result = call(*args)
    assert result.exit_code == 2, result.output


def test_out_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "ordninger.csv").write_text("id\n", "utf-8")
    result = call("--enheter", str(fx.UNITS_JSON), "--roller", str(fx.ROLES_JSON),
                  "--out", str(tmp_path))
    assert result.exit_code == 2
    assert (tmp_path / "ordninger.csv").read_text("utf-8") == "id\n"


# -- writing: both files or neither, a clear message naming the path ------------------------------

def files_call(tmp_path: Path, *args: str):
    return call("--enheter", str(fx.UNITS_JSON), "--roller", str(fx.ROLES_JSON),
                "--county", "18", "--date", "2024-06-03", *args)


def assert_clean_failure(result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert message in result.stderr and "ingenting er skrevet" in result.stderr
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_a_candidates_path_that_cannot_be_made_writes_nothing(tmp_path):
    (tmp_path / "fil").write_text("x", "utf-8")  # a file, where a folder would have to be
    candidates = tmp_path / "fil" / "under" / "k.csv"
    out = tmp_path / "nordland"
    result = files_call(tmp_path, "--out", str(out), "--candidates", str(candidates))
    assert_clean_failure(result, f"kan ikke skrive kandidatfila {candidates}:")
    assert not out.exists()
    assert sorted(f.name for f in tmp_path.iterdir()) == ["fil"]


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
def test_a_candidates_path_under_proc_writes_nothing(tmp_path):
    out = tmp_path / "nordland"
    result = files_call(tmp_path, "--out", str(out), "--candidates", "/proc/self/nope/k.csv")
    assert_clean_failure(result, "kan ikke skrive kandidatfila /proc/self/nope/k.csv:")
    assert list(tmp_path.iterdir()) == []


def test_a_register_path_that_cannot_be_made_leaves_no_candidates_file(tmp_path):
    (tmp_path / "fil").write_text("x", "utf-8")
    out = tmp_path / "fil" / "nordland"
    candidates = tmp_path / "kandidater" / "k.csv"
    result = files_call(tmp_path, "--out", str(out), "--candidates", str(candidates))
    assert_clean_failure(result, f"kan ikke skrive registeret {out}:")
    # Neither the candidates file, its temporary file nor the folder made for it is left.
    assert sorted(f.name for f in tmp_path.iterdir()) == ["fil"]


def test_a_candidates_file_failing_last_takes_the_register_away(tmp_path, monkeypatch):
    out = tmp_path / "a" / "nordland"
    candidates = tmp_path / "k.csv"
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == candidates:  # the register is in place by now
            assert (out / "ordninger.csv").exists()
            raise PermissionError(13, "Permission denied", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    result = files_call(tmp_path, "--out", str(out), "--candidates", str(candidates))
    assert_clean_failure(result, f"kan ikke skrive kandidatfila {candidates}: Permission denied")
    assert list(tmp_path.iterdir()) == []  # no register, no folder "a", no temporary file


def test_an_empty_out_folder_given_is_left_empty_on_failure(tmp_path):
    out = tmp_path / "nordland"
    out.mkdir()
    (tmp_path / "fil").write_text("x", "utf-8")
    result = files_call(tmp_path, "--out", str(out), "--candidates",
                        str(tmp_path / "fil" / "k.csv"))
    assert_clean_failure(result, "kan ikke skrive kandidatfila")
    assert out.is_dir() and list(out.iterdir()) == []


@pytest.mark.parametrize("umask", [0o022, 0o027], ids=["umask-022", "umask-027"])
def test_the_candidates_file_gets_the_mode_of_the_register_files(tmp_path, umask):
    old = os.umask(umask)
    try:
        result = files_call(tmp_path, "--out", str(tmp_path / "nordland"))
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    expected = 0o666 & ~umask
    register_modes = {stat.S_IMODE(f.stat().st_mode) for f in (tmp_path / "nordland").iterdir()}
    candidates = tmp_path / "nordland-kandidater.csv"
    assert register_modes == {expected}
    assert stat.S_IMODE(candidates.stat().st_mode) == expected
    assert [f.name for f in tmp_path.iterdir() if f.name.startswith(".")] == []

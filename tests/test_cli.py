"""Golden tests of the CLI contract on the hand-made register of ``tests/golden.py`` (2013).

Expected values are worked out by hand from the register's rows; see the comments there.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from samkart.cli import app
from tests.golden import write_golden

runner = CliRunner()


@pytest.fixture()
def golden(tmp_path):
    return write_golden(tmp_path / "reg")


def run(*args: str):
    result = runner.invoke(app, list(args))
    return result


def rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_counties_table(golden):
    out = run("table", "counties", str(golden), "--year", "2013", "--format", "csv")
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[0] == "fylkesnummer,fylke,hoyere,regional,lokal,sum"
    assert rows(out.stdout) == [
        # 16: A1 (r), A2 (r), A3 (h), A11 (l)
        {"fylkesnummer": "16", "fylke": "Sør-Trøndelag", "hoyere": "1", "regional": "2",
         "lokal": "1", "sum": "4"},
        # 17: A2 (r), A3 (h), A4 (l), A10 (h by hand)
        {"fylkesnummer": "17", "fylke": "Nord-Trøndelag", "hoyere": "2", "regional": "1",
         "lokal": "1", "sum": "4"},
    ]


def test_municipalities_table_by_county(golden):
    out = run("table", "municipalities", str(golden), "--year", "2013", "--county", "16",
              "--format", "csv")
    assert out.exit_code == 0, out.output
    got = rows(out.stdout)
    assert len(got) == 25  # every Sør-Trøndelag municipality of 2013, zeros included
    head = [(r["kommune"], r["hoyere"], r["regional"], r["lokal"], r["sum"]) for r in got[:4]]
    assert head == [("Bjugn", "1", "2", "1", "4"), ("Rissa", "1", "2", "1", "4"),
                    ("Ørland", "0", "2", "0", "2"), ("Agdenes", "0", "0", "0", "0")]
    assert all(r["sum"] == "0" for r in got[3:])
    names = [r["kommune"] for r in got[3:]]
    assert names.index("Åfjord") == len(names) - 1  # Norwegian order: å last


def test_municipalities_table_national(golden):
    out = run("table", "municipalities", str(golden), "--year", "2013", "--format", "csv")
    got = {r["kommunenummer"]: r for r in rows(out.stdout)}
    assert len(got) == 428  # every municipality valid in 2013
    assert (got["1714"]["hoyere"], got["1714"]["regional"], got["1714"]["lokal"]) == ("1", "1", "1")
    assert (got["1717"]["hoyere"], got["1717"]["lokal"], got["1717"]["sum"]) == ("1", "1", "2")
    assert got["1711"]["sum"] == "1" and got["1664"]["sum"] == "0"
    assert got["1718"]["hoyere"] == "1" and got["1718"]["regional"] == "1"


def test_arrangements_table(golden):
    out = run("table", "arrangements", str(golden), "--year", "2013", "--format", "csv")
    got = {r["id"]: r for r in rows(out.stdout)}
    assert list(got) == [f"A{i}" for i in range(1, 12)]
    expect = {
        "A1": ("ja", "", "regional", "3"), "A2": ("ja", "", "regional", "5"),
        "A3": ("ja", "", "hoyere", "4"), "A4": ("ja", "", "lokal", "2"),
        "A5": ("nei", "AS uten kommunal eiermajoritet: 40 %", "", "2"),
        "A6": ("nei", "ikke formell: nettverk", "", "2"),
        "A7": ("nei", "ikke aktiv i 2013: etablert 2014", "", "0"),
        "A8": ("nei", "ikke aktiv i 2013: avviklet 2013", "", "0"),
        "A9": ("nei", "færre enn to aktive deltakere i 2013: 1", "", "1"),
        "A10": ("ja", "", "hoyere", "2"), "A11": ("ja", "", "lokal", "2"),
    }
    for aid, (tellende, grunn, niva, n) in expect.items():
        r = got[aid]
        assert (r["tellende"], r["grunn"], r["niva"], r["antall_deltakere"]) == (
            tellende, grunn, niva, n), aid


def test_task_fields_table(golden):
    out = run("table", "task-fields", str(golden), "--year", "2013", "--format", "csv")
    got = {r["kode"]: r for r in rows(out.stdout)}
    # 48 municipalities in counties 16 (25) and 17 (23)
    # legevakt: Rissa, Bjugn, Ørland = 3/48 = 6.25 % -> 6.3 (half up)
    assert (got["legevakt"]["kommuner"], got["legevakt"]["andel_prosent"],
            got["legevakt"]["band"]) == ("3", "6.3", "uvanlig")
    # renovasjon: 5/48 = 10.42 %
    assert (got["renovasjon"]["kommuner"], got["renovasjon"]["andel_prosent"],
            got["renovasjon"]["band"]) == ("5", "10.4", "sjelden")
    assert got["ikt"]["andel_prosent"] == "8.3" and got["barnevern"]["andel_prosent"] == "4.2"
    assert got["ppt"]["kommuner"] == "0"  # A9 is not counted
    assert got["legevakt"]["navn"] == "Legevakt"
    assert len(got) == 46


def test_json_and_text_formats(golden):
    out = run("table", "counties", str(golden), "--year", "2013", "--format", "json")
    data = json.loads(out.stdout)
    assert data[1] == {"fylkesnummer": "17", "fylke": "Nord-Trøndelag", "hoyere": 2,
                       "regional": 1, "lokal": 1, "sum": 4}
    text = run("table", "counties", str(golden), "--year", "2013").stdout
    assert text.splitlines()[0].split() == ["fylkesnummer", "fylke", "hoyere", "regional",
                                            "lokal", "sum"]
    assert "Nord-Trøndelag" in text


def test_validate_exit_codes(golden, tmp_path):
    ok = run("validate", str(golden))
    assert ok.exit_code == 0
    assert all(line.startswith("warning ") for line in ok.stdout.splitlines())
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "ordninger.csv").write_text("id,navn,tilknytningsform,sektor\nX,Y,foo,helse\n")
    (bad / "deltakere.csv").write_text("ordning_id,kommunenummer\nX,1804\n")
    out = run("validate", str(bad))
    assert out.exit_code == 1
    assert out.stdout.splitlines()[0].startswith("error ordninger:1:tilknytningsform: ")


def test_table_on_broken_register_exits_1_without_traceback(tmp_path):
    (tmp_path / "ordninger.csv").write_bytes(b"\x00\x01\x02")
    proc = subprocess.run([sys.executable, "-m", "samkart.cli", "table", "counties",
                           str(tmp_path), "--year", "2013"], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "error ordninger:0::" in proc.stderr


def test_help_in_both_languages():
    env_nb = {"SAMKART_LANG": "nb"}
    env_en = {"SAMKART_LANG": "en"}
    nb = subprocess.run([sys.executable, "-m", "samkart.cli", "--help"], capture_output=True,
                        text=True, env={**_env(), **env_nb})
    en = subprocess.run([sys.executable, "-m", "samkart.cli", "--help"], capture_output=True,
                        text=True, env={**_env(), **env_en})
    assert "kartlegging" in nb.stdout and "mapping" in en.stdout


def _env():
    import os

    return dict(os.environ)


def test_bad_county_option_is_usage_error(golden):
    out = run("table", "municipalities", str(golden), "--year", "2013", "--county", "abc")
    assert out.exit_code == 2


def test_a_second_call_on_an_unchanged_register_reads_the_cache(golden, tmp_path):
    """Each command re-read and re-validated the register (issue 14): the second call finds it
    in the cache, and prints exactly the same."""
    import os
    import time

    cache_dir = tmp_path / "cache"
    env = {**os.environ, "SAMKART_CACHE_DIR": str(cache_dir)}
    env.pop("SAMKART_NO_CACHE")
    call = [sys.executable, "-m", "samkart.cli", "table", "municipalities", str(golden),
            "--year", "2013", "--format", "csv"]
    first = subprocess.run(call, capture_output=True, text=True, env=env, check=True)
    deadline = time.monotonic() + 20  # written behind, by a child process
    while not list(cache_dir.glob("*.pickle")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(list(cache_dir.glob("*.pickle"))) == 1
    second = subprocess.run(call, capture_output=True, text=True, env=env, check=True)
    assert second.stdout == first.stdout
    validate = subprocess.run([sys.executable, "-m", "samkart.cli", "validate", str(golden)],
                              capture_output=True, text=True, env=env, check=False)
    assert validate.returncode == 0 and len(list(cache_dir.glob("*.pickle"))) == 1

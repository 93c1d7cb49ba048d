"""Golden tests of ``table network`` and ``table regions`` (``cli.md``) and the commands beside
them, on the hand-made registers of ``tests/analysis/network_registers.py``; the expected values are
worked out in tests/analysis/test_network.py and repeated here as the contract's text."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from samkart.cli import app
from tests.analysis import network_registers as nr

runner = CliRunner()
A = ("9901", "9902", "9903", "9904")
B = ("9905", "9906", "9907", "9908")


@pytest.fixture()
def two(tmp_path):
    nr.two_communities(tmp_path / "two")
    return str(tmp_path / "two")


def run(*args: str):
    return runner.invoke(app, list(args))


def test_table_network_csv(two):
    out = run("table", "network", two, "--year", "2013", "--format", "csv")
    assert out.exit_code == 0, out.output
    pairs = [(a, b) for group in (A, B) for i, a in enumerate(group) for b in group[i + 1:]]
    expected = ["kommunenummer_a,kommune_a,kommunenummer_b,kommune_b,felles"]
    expected += [f"{a},Kommune {a},{b},Kommune {b},3" for a, b in pairs]
    expected += [f"{k},Kommune {k},9909,Kommune 9909,1"
                 for k in ("9901", "9902", "9903", "9905", "9906")]
    assert out.stdout.splitlines() == expected


def test_table_network_options(two):
    out = run("table", "network", two, "--year", "2013", "--level", "lokal", "--format", "json")
    assert out.exit_code == 0, out.output
    assert [r["felles"] for r in json.loads(out.stdout)] == [1] * 5
    out = run("table", "network", two, "--year", "2013", "--level", "nasjonal")
    assert out.exit_code == 2 and "nasjonal" in out.output


def test_table_regions_csv(two):
    out = run("table", "regions", two, "--year", "2013", "--format", "csv")
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines() == [
        "kommunenummer,kommune,region,regionrad,avviker,vippekommune",
        *[f"{k},Kommune {k},1,RA,nei,nei" for k in A],
        "9909,Kommune 9909,1,RA,nei,ja",
        *[f"{k},Kommune {k},2,RB,nei,nei" for k in B],
    ]
    # a stricter margin: 9909's 2:3 split (40 %) is no longer a swing municipality
    out = run("table", "regions", two, "--year", "2013", "--swing-share", "1/2", "--format", "csv")
    assert "9909,Kommune 9909,1,RA,nei,nei" in out.stdout.splitlines()
    out = run("table", "regions", two, "--year", "2013", "--swing-share", "0.7")
    assert out.exit_code == 2


def test_table_swing_and_council_regions(two):
    out = run("table", "swing", two, "--year", "2013", "--format", "json")
    assert out.exit_code == 0, out.output
    (row,) = json.loads(out.stdout)
    assert (row["kommunenummer"], row["region_1"], row["forbindelser_region_1"],
            row["medlemmer_region_1"], row["region_2"], row["forbindelser_region_2"],
            row["andel_region_prosent"]) == ("9909", "1", 3, 4, "2", 2, 40.0)
    out = run("table", "council-regions", two, "--year", "2013", "--format", "csv")
    assert out.stdout.splitlines()[1:] == ["RA,Regionråd A,5,5,1,5,100.0,1",
                                           "RB,Regionråd B,4,4,2,4,100.0,1"]


def test_table_cross_border_and_dependency(tmp_path):
    nr.across_border(tmp_path / "x")
    out = run("table", "cross-border", str(tmp_path / "x"), "--year", "2013", "--county", "98",
              "--format", "csv")
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    assert lines[1].startswith("9801,Kommune 9801,98,3,3,100.0,2,99,Testfylke,3,RX,Regionråd X,3")
    nr.dependency(tmp_path / "d")
    totals = tmp_path / "tall.csv"
    totals.write_text("kommunenummer,ar,brutto_driftsutgifter_nok\n9902,2013,95000000\n"
                      "9902,2013,1\n", "utf-8")
    out = run("table", "dependency", str(tmp_path / "d"), "--year", "2013", "--totals",
              str(totals))
    assert out.exit_code == 1
    assert "error kommunetall:2:kommunenummer: 9902 har tall for 2013 også i rad 1" in out.output
    totals.write_text("kommunenummer,ar,brutto_driftsutgifter_nok\n9902,2013,95000000\n", "utf-8")
    out = run("table", "dependency", str(tmp_path / "d"), "--year", "2013", "--totals",
              str(totals), "--format", "json")
    assert out.exit_code == 0, out.output
    rows = {r["kommunenummer"]: r for r in json.loads(out.stdout)}
    assert rows["9902"]["budsjett_andel_prosent"] == 1.0
    assert rows["9901"]["budsjett_andel_prosent"] is None  # no totals for 9901

"""Chapter 5 analyses on hand-made registers; expected values worked out in the comments."""

from __future__ import annotations

from samkart.analysis import content
from samkart.analysis.yearview import YearView
from tests.analysis import registers
from tests.golden import write_golden
from tests.helpers import load_ok


def test_sector_shares_coarse_and_fine(tmp_path):
    reg = registers.sizes(tmp_path / "s")
    view = YearView(reg, 2013)
    # 15 arrangements in county 99: 9901's 2 are health, the other 13 technical.
    rows = {r["sektor"]: r for r in content.sector_shares(view, ["99"]).records()}
    assert rows["helse"]["antall_99"] == 2 and rows["helse"]["prosent_99"] == 13.3
    assert rows["teknisk"]["antall_99"] == 13 and rows["teknisk"]["prosent_99"] == 86.7
    fine = content.sector_shares(view, ["99"], fine=True).records()
    assert {(r["sektor"], r["delsektor"], r["antall_99"]) for r in fine} == {
        ("helse", content.NO_FINE_SECTOR, 2), ("teknisk", "Vann og avløp", 13)}


def test_task_fields_by_county_and_size(tmp_path):
    reg = registers.sizes(tmp_path / "s")
    view = YearView(reg, 2013)
    # legevakt: 9901 and its partner 9906 -> 2 of the county's 6 = 33.3 %, band vanlig.
    rows = {r["kode"]: r for r in content.task_fields_by_county(view, ["99"]).records()}
    assert rows["legevakt"]["kommuner"] == 2 and rows["legevakt"]["n"] == 6
    assert rows["legevakt"]["prosent_99"] == 33.3 and rows["legevakt"]["band"] == "vanlig"
    assert rows["renovasjon"]["prosent"] == 0.0 and rows["renovasjon"]["band"] == "uvanlig"
    by_size = {r["kode"]: r for r in content.task_fields_by_size(view, ["99"]).records()}
    # 9901 (under 3 000) and 9906 (unknown) take part; each is alone in its class.
    assert by_size["legevakt"]["prosent_under_3000"] == 100.0
    assert by_size["legevakt"]["prosent_ukjent"] == 100.0
    assert by_size["legevakt"]["prosent_20000_"] == 0.0
    assert by_size["n"]["prosent_3000_9999"] == 2


def test_changes_between_two_years(tmp_path):
    reg = registers.changes(tmp_path / "c")
    rows = {(r["sektor"], r["lovpalagt"]): r for r in content.changes(reg, 2012, 2013).records()}
    # helse/ja: B2 is new and reorganised (replaces B1), B1 ended.
    assert (rows[("helse", "ja")]["nye"], rows[("helse", "ja")]["reorganiserte"],
            rows[("helse", "ja")]["avviklede"]) == (1, 1, 1)
    # sosial/ja: B4 new. teknisk/nei: B3 grew from 2 to 3; B5 unchanged.
    assert rows[("sosial", "ja")]["nye"] == 1
    assert rows[("teknisk", "nei")]["utvidede"] == 1 and rows[("teknisk", "nei")]["nye"] == 0
    # B6 is a project: never counted, so in no row.
    assert ("naering", "ukjent") not in rows


def test_municipality_profile(tmp_path):
    reg = load_ok(write_golden(tmp_path / "g"))
    # Stjørdal 1714 in 2013: A3 (higher; Bjugn, Meråker, Rissa), A2 (regional, IKS; Bjugn,
    # Leksvik, Rissa, Ørland), A4 (local; Frosta; Stjørdal hosts it).
    t = content.municipality_profile(YearView(reg, 2013), "1714").records()
    assert [r["id"] for r in t] == ["A3", "A2", "A4"]
    assert t[0]["partnere"] == "Bjugn, Meråker, Rissa" and t[0]["antall_partnere"] == 3
    assert t[1]["tilknytningsform"] == "Interkommunalt selskap (IKS)" and t[1]["etablert"] == 2001
    assert t[2]["vertskommune"] == "Stjørdal" and t[2]["niva"] == "lokal"

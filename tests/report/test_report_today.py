"""A register with data in 2024, in municipalities made by the 2020 reform, gets a 2024 report with
population, councils and the 2018 Act's warnings (issue 10). Expected values are read from the
shared reference files, not from the package."""

from __future__ import annotations

import csv

import pytest

from samkart.analysis import organisation, scope
from samkart.analysis.yearview import YearView
from samkart.domain.sizes import size_class
from samkart.report.build import build_report
from samkart.report.document import Paragraph, TableBlock
from tests.helpers import arrangement, load_ok, participants, write_tables
from tests.reference.test_reference import SHARED, needs_shared

SALTEN = ["1804", "1836", "1837", "1838", "1839", "1840", "1841", "1845", "1848", "1875"]


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    folder = tmp_path_factory.mktemp("today") / "r"
    return load_ok(write_tables(folder, {
        "ordninger": [
            # Eight of Salten's ten: regional by the council rule in 2024.
            arrangement("SALTEN-IKT", tilknytningsform="iks", sektor="administrasjon",
                        oppgavefelt="ikt", etablert=2021),
            # Narvik hosts, Hamarøy takes part: § 20-2 in 2024.
            arrangement("NH-BV", tilknytningsform="vertskommune", sektor="sosial",
                        etablert=2020, vertskommune="1806"),
            # A § 27 board nobody wound up: the Act's transition deadline passed in 2023.
            arrangement("OFOTEN-STYRE", tilknytningsform="styre", sektor="teknisk",
                        etablert=2020),
            # Two Vestfold municipalities, for which no council is known.
            arrangement("VESTFOLD-AVTALE", sektor="helse", oppgavefelt="legevakt",
                        etablert=2024),
        ],
        "deltakere": [
            *participants("SALTEN-IKT", *SALTEN[:8]),
            *participants("NH-BV", "1806", "1875"),
            *participants("OFOTEN-STYRE", "1806", "1875", "1853"),
            *participants("VESTFOLD-AVTALE", "3905", "3907"),
        ],
    }))


@pytest.fixture(scope="module")
def report(register):
    return build_report(register, 2024)


def _blocks(report, chapter_id, section_id=None):
    chapter = next(c for c in report.chapters if c.id == chapter_id)
    return [b for s in chapter.sections if section_id in (None, s.id) for b in s.blocks]


def _text(blocks) -> str:
    return "\n".join(b.text for b in blocks if isinstance(b, Paragraph))


@needs_shared
def test_population_of_2024_and_its_year_wherever_size_is_used(register, report):
    with open(SHARED / "folketall.csv", encoding="utf-8") as fh:
        pop = {r["kommunenummer"]: int(r["innbyggere"]) for r in csv.DictReader(fh)
               if r["ar"] == "2024"}
    view = YearView(register, 2024)
    for k in ("1806", "1875", "3905", "3907"):
        assert view.municipalities[k].innbyggere == pop[k]
        assert view.municipalities[k].innbyggere_ar == 2024
    # Nordland's size classes from SSB's figures of 1 January 2024: none unknown.
    t = scope.by_size_class(view, "18")
    nordland = [k for k, m in view.municipalities.items() if m.fylkesnummer == "18"]
    expected: dict[str, int] = {}
    for k in nordland:
        expected[size_class(pop[k]).code] = expected.get(size_class(pop[k]).code, 0) + 1
    assert {r.storrelse: r.kommuner for r in t.rows if r.kommuner} == expected
    assert "ukjent" not in expected
    sizes = _text(_blocks(report, "omfang", "storrelse"))
    assert "ukjent innbyggertall" not in sizes.lower()
    assert f"1. januar 2024 for {len(nordland)} kommuner" in sizes
    content = _text(_blocks(report, "innhold"))
    assert "Størrelsesklassene bygger på folketallet (SSB, tabell 07459) 1. januar 2024" in content


def test_councils_are_listed_and_the_unknown_ones_said(register, report):
    councils = next(b for b in _blocks(report, "organisering", "styringsmodeller")
                    if isinstance(b, TableBlock))
    names = {r.navn for r in councils.table.rows}
    assert "Salten regionråd" in names
    assert "Hålogalandsrådet (interkommunalt politisk råd)" in names
    # Salten's eight of ten: regional, by the councils after 2020.
    assert YearView(register, 2024).statuses["SALTEN-IKT"].level.code == "regional"
    levels = _text(_blocks(report, "omfang", "antall"))
    assert "Regionråd er ikke kjent for alle kommuner i 2024" in levels
    # Vestfold: of six municipalities, only Holmestrand (Drammensregionen) has a known council.
    assert "Vestfold: 5 av 6 kommuner" in levels
    assert "Nordland:" not in levels  # every Nordland municipality has one


def test_the_acts_warnings_are_in_the_data_quality_chapter(report):
    t = next(b for b in _blocks(report, "datakvalitet", "kommuneloven")
             if isinstance(b, TableBlock)).table
    assert [(r.id, r.hjemmel, r.ikraft) for r in t.rows] == [
        ("OFOTEN-STYRE", "kommuneloven 2018 § 31-2", "2019-10-01")]


def test_legal_form_labels_follow_the_act_of_the_year(register):
    labels = {r.tilknytningsform: r.navn for r in organisation.legal_forms(
        YearView(register, 2024)).rows}
    assert labels["vertskommune"] == "§ 20-2 administrativt vertskommunesamarbeid"



def test_legal_form_labels_of_the_1992_act_before_it(tmp_path):
    reg = load_ok(write_tables(tmp_path / "o", {
        "ordninger": [arrangement("V", tilknytningsform="vertskommune", etablert=2015,
                                  vertskommune="1804")],
        "deltakere": participants("V", "1804", "1811")}))
    labels = {r.tilknytningsform: (r.navn, r.hjemmel)
              for r in organisation.legal_forms(YearView(reg, 2019)).rows}
    assert labels["vertskommune"] == ("Administrativt vertskommunesamarbeid (§ 28-1 b)",
                                      "kommuneloven 1992 § 28-1 b")
    labels = {r.tilknytningsform: (r.navn, r.hjemmel)
              for r in organisation.legal_forms(YearView(reg, 2020)).rows}
    assert labels["vertskommune"] == ("§ 20-2 administrativt vertskommunesamarbeid",
                                      "kommuneloven 2018 § 20-2")


def test_no_council_known_at_all_is_said(tmp_path):
    # Trøndelag 2018-2019: the seed's councils ended with the old numbers, the sources after 2020
    # start in 2020.
    reg = load_ok(write_tables(tmp_path / "t", {
        "ordninger": [arrangement("T", sektor="helse", etablert=2018)],
        "deltakere": participants("T", "5001", "5029")}))
    built = build_report(reg, 2019)
    levels = _text(_blocks(built, "omfang", "antall"))
    assert "Trøndelag: ingen av de" in levels
    organisation_text = _text(_blocks(built, "organisering", "styringsmodeller"))
    assert "Ingen regionråd er kjent for fylkene i rapporten i 2019" in organisation_text

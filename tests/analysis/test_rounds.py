"""Mapping rounds (``kartlegginger``): each county at its own round, compared with its own previous
round; the table's validation; ``table counties --rounds``; the report with rounds."""

from __future__ import annotations

import csv
import io

from typer.testing import CliRunner

from samkart.analysis.rounds import counties_at_rounds, growth_at_rounds, rounds_by_county
from samkart.cli import app
from samkart.register import load_register
from samkart.report.build import build_report
from tests.helpers import arrangement, load_ok, participants, write_tables

runner = CliRunner()

# Two counties: Nordland (1804 Bodø, 1805 Narvik, 1820 Alstahaug) and Nord-Trøndelag (1702 Steinkjer,
# 1703 Namsos). N1 runs 2005-, N2 from 2012, N3 2005-2011 (ended), T1 from 2006, T2 from 2011.
ARR = [
    arrangement("N1", etablert=2005), arrangement("N2", etablert=2012),
    arrangement("N3", etablert=2005, avviklet=2011),
    arrangement("T1", etablert=2006), arrangement("T2", etablert=2011),
]
DEL = [*participants("N1", "1804", "1805"), *participants("N2", "1805", "1820"),
       *participants("N3", "1804", "1820"), *participants("T1", "1702", "1703"),
       *participants("T2", "1702", "1703")]


def _register(tmp_path, rounds):
    return write_tables(tmp_path / "r", {"ordninger": ARR, "deltakere": DEL,
                                         "kartlegginger": rounds})


def test_each_county_at_its_own_round(tmp_path):
    reg = load_ok(_register(tmp_path, [
        {"fylkesnummer": "18", "ar": 2010, "dato": "2010-11-30"},
        {"fylkesnummer": "18", "ar": 2014, "dato": "2014-10-01", "kilde": "Runde 2"},
        {"fylkesnummer": "17", "ar": 2012}]))
    rounds = rounds_by_county(reg)
    assert (rounds["18"].year, rounds["18"].previous, rounds["18"].date) == (2014, 2010,
                                                                              "2014-10-01")
    assert (rounds["17"].year, rounds["17"].previous) == (2012, None)
    t = counties_at_rounds(reg)
    # Nordland 2014: N1, N2 (N3 ended 2011); Nord-Trøndelag 2012: T1, T2. Two members, one
    # council at most: all local.
    assert [(r.fylkesnummer, r.ar, r.sum) for r in t.rows] == [("17", 2012, 2), ("18", 2014, 2)]
    # Nordland 2010: N1 and N3 (N2 not yet); Nord-Trøndelag was mapped once: no growth row.
    g = growth_at_rounds(reg)
    assert [(r.fylkesnummer, r.fra_ar, r.antall_fra, r.til_ar, r.antall_til, r.vekst_prosent)
            for r in g.rows] == [("18", 2010, 2, 2014, 2, 0.0)]
    # Up to 2013: Nordland at its 2010 round, with nothing before it.
    t = counties_at_rounds(reg, 2013)
    assert [(r.fylkesnummer, r.ar, r.sum) for r in t.rows] == [("17", 2012, 2), ("18", 2010, 2)]
    assert growth_at_rounds(reg, 2013).rows == []


def test_round_table_errors_are_located(tmp_path):
    folder = _register(tmp_path, [
        {"fylkesnummer": "18", "ar": 2014, "dato": "2014-13-01"},
        {"fylkesnummer": "18", "ar": 2014},
        {"fylkesnummer": "99", "ar": 2012},
        {"fylkesnummer": "17", "ar": 2012, "dato": "2009-01-01"},
        {"fylkesnummer": "17", "ar": ""}])
    register, problems = load_register(folder)
    assert register is None
    lines = [p.line() for p in problems]
    assert any("kartlegginger:1:dato" in x for x in lines), lines
    assert any("kartlegginger:2:ar" in x and "alt en kartlegging" in x for x in lines), lines
    assert any("kartlegginger:3:fylkesnummer" in x for x in lines), lines
    assert any("kartlegginger:4:dato" in x and "passer ikke" in x for x in lines), lines
    assert any("kartlegginger:5:ar" in x for x in lines), lines


def test_rounds_are_written_back(tmp_path):
    from samkart.register.write import write_register

    reg = load_ok(_register(tmp_path, [{"fylkesnummer": "18", "ar": 2014, "dato": "2014-10-01",
                                        "kilde": "NIVI"}]))
    write_register(reg, tmp_path / "out.json")
    again = load_ok(tmp_path / "out.json")
    assert [(r.fylkesnummer, r.ar, r.dato, r.kilde) for r in again.rounds] == [
        ("18", 2014, "2014-10-01", "NIVI")]


def _cli(*args):
    return runner.invoke(app, ["table", "counties", *args])


def test_cli_rounds(tmp_path):
    folder = _register(tmp_path, [{"fylkesnummer": "18", "ar": 2010},
                                  {"fylkesnummer": "18", "ar": 2014},
                                  {"fylkesnummer": "17", "ar": 2012}])
    result = _cli(str(folder), "--rounds", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [["fylkesnummer", "fylke", "ar", "hoyere", "regional", "lokal", "sum"],
                    ["17", "Nord-Trøndelag", "2012", "0", "0", "2", "2"],
                    ["18", "Nordland", "2014", "0", "0", "2", "2"]]
    result = _cli(str(folder), "--rounds", "--year", "2011", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1:] == [["18", "Nordland", "2010", "0", "0", "2", "2"]]
    # Without --rounds the present behaviour stays: one year for all, --year required.
    result = _cli(str(folder), "--year", "2014", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["fylkesnummer", "fylke", "hoyere", "regional", "lokal", "sum"]
    assert _cli(str(folder), "--format", "csv").exit_code == 2


def test_cli_rounds_without_table(tmp_path):
    folder = write_tables(tmp_path / "r", {"ordninger": ARR, "deltakere": DEL})
    result = _cli(str(folder), "--rounds", "--format", "csv")
    assert result.exit_code == 1 and "kartlegginger" in result.output
    assert "Traceback" not in result.output


def test_report_with_rounds(tmp_path):
    reg = load_ok(_register(tmp_path, [{"fylkesnummer": "18", "ar": 2010},
                                       {"fylkesnummer": "18", "ar": 2014},
                                       {"fylkesnummer": "17", "ar": 2012}]))
    # --compare is not used with rounds: each county against its own previous round.
    report = build_report(reg, 2014, 2013)
    assert report.subtitle == "Nord-Trøndelag 2012 og Nordland 2014 (mot 2010)"
    blocks = {b.label: b for ch in report.chapters for s in ch.sections for b in s.blocks
              if getattr(b, "label", "")}
    levels = blocks["omfang-antall-tabell-1"].table.rows
    assert [(r.fylke, r.ar, r.sum) for r in levels] == [("Nord-Trøndelag", 2012, 2),
                                                         ("Nordland", 2014, 2)]
    growth = blocks["omfang-endringer-tabell-1"].table.rows
    assert [(r.fylke, r.fra_ar, r.til_ar) for r in growth] == [("Nordland", 2010, 2014)]
    text = " ".join(str(b.text) for ch in report.chapters for s in ch.sections for b in s.blocks
                    if hasattr(b, "text"))
    assert "Nord-Trøndelag er kartlagt én gang" in text
    # Without rounds: one year and --compare for all, as before.
    plain = load_ok(write_tables(tmp_path / "p", {"ordninger": ARR, "deltakere": DEL}))
    report = build_report(plain, 2014, 2010)
    assert report.subtitle == "Nord-Trøndelag og Nordland 2014, sammenlignet med 2010"


def test_change_per_level_municipality_and_legal_form(tmp_path):
    from samkart.analysis.rounds import form_changes, level_changes, municipality_changes
    from samkart.analysis.yearview import YearView

    arr = [*ARR[:2], arrangement("N3", etablert=2005, avviklet=2011, tilknytningsform="iks")]
    reg = load_ok(write_tables(tmp_path / "c", {"ordninger": arr, "deltakere": DEL[:6]}))
    before, after = YearView(reg, 2010), YearView(reg, 2014)
    # 2010: N1 (Bodø, Narvik) and N3 (Bodø, Alstahaug); 2014: N1 and N2 (Narvik, Alstahaug).
    lv = {r.niva: (r.antall_fra, r.antall_til, r.endring) for r in
          level_changes(before, after, "18").rows}
    assert lv == {"hoyere": (0, 0, 0), "regional": (0, 0, 0), "lokal": (2, 2, 0)}
    m = [(r.kommune, r.antall_fra, r.antall_til, r.endring, r.lokal_endring)
         for r in municipality_changes(before, after, "18").rows if r.antall_fra or r.antall_til]
    assert m == [("Narvik", 1, 2, 1, 1), ("Alstahaug", 1, 1, 0, 0), ("Bodø", 2, 1, -1, -1)]
    forms = {r.tilknytningsform: (r.antall_fra, r.prosent_fra, r.antall_til, r.prosent_til)
             for r in form_changes(before, after, "18").rows}
    assert forms == {"avtale": (1, 50.0, 2, 100.0), "iks": (1, 50.0, 0, 0.0)}


def test_a_tie_for_most_names_every_municipality(tmp_path):
    # 2014: N1 (Bodø, Narvik), N2 (Narvik, Alstahaug) and N4 (Bodø, Alstahaug): two each.
    arr = [*ARR, arrangement("N4", etablert=2012)]
    folder = write_tables(tmp_path / "t", {"ordninger": arr,
                                           "deltakere": [*DEL, *participants("N4", "1804",
                                                                             "1820")]})
    report = build_report(load_ok(folder), 2014, county="18")
    profile = next(s for c in report.chapters for s in c.sections if s.id == "profil")
    assert profile.blocks[0].text == ("Alstahaug, Bodø og Narvik deltar alle i flest ordninger, "
                                      "2 hver. Tabellen viser Alstahaug.")


def test_texts_and_rounds_round_trip_in_every_container(tmp_path):
    from samkart.register.write import write_register

    folder = _register(tmp_path, [{"fylkesnummer": "18", "ar": 2014, "dato": "2014-10-01"}])
    write_tables(folder, {"tekster": [
        {"kapittel": "konklusjoner", "tekst": "Linje 1\n\n- punkt «sitat»", "ar": 2014,
         "tittel": "Slik er det"},
        {"kapittel": "fylke", "fylkesnummer": "18", "tekst": "Nordland."}]})
    reg = load_ok(folder)
    for name in ("out.json", "out.xlsx", "out"):
        write_register(reg, tmp_path / name)
        again = load_ok(tmp_path / name)
        assert [(t.kapittel, t.fylkesnummer, t.ar, t.tittel, t.tekst) for t in again.texts] == [
            ("konklusjoner", None, 2014, "Slik er det", "Linje 1\n\n- punkt «sitat»"),
            ("fylke", "18", None, "", "Nordland.")], name
        assert [(r.fylkesnummer, r.ar, r.dato) for r in again.rounds] == [
            ("18", 2014, "2014-10-01")], name

"""The report's network chapter (issue 13, item 5) on a register whose network is worked out by
hand (tests/analysis/network_registers.py): two tight groups of four and one swing municipality."""

from __future__ import annotations

import pytest

from samkart.register.municipal_totals import load_municipal_totals
from samkart.report.build import build_chapter
from samkart.report.chapters import CHAPTERS, network, organisation
from samkart.report.document import FigureBlock, Paragraph, TableBlock
from tests.analysis.network_registers import across_border, dependency, two_communities


@pytest.fixture(scope="module")
def chapter(tmp_path_factory):
    register = two_communities(tmp_path_factory.mktemp("net"))
    return build_chapter(network, register, 2013)


def _texts(chapter) -> str:
    return "\n".join(str(b.text) for s in chapter.sections for b in s.blocks
                     if isinstance(b, Paragraph))


def test_the_chapter_follows_nivis_chapters():
    # Issue 13 asks for it after organisation; NIVI's numbering (issue 12) keeps chapters 4-8
    # as NIVI's, so it comes after them.
    assert CHAPTERS.index(network) > CHAPTERS.index(organisation)


def test_pairs_counted_as_by_hand(chapter):
    # In 2013: A1-A3 tie the 6 pairs of 9901-9904, B1-B3 the 6 pairs of 9905-9908, S1-S5 tie
    # 9909 to 5 partners: 17 pairs; the strongest share 3 arrangements (A or B).
    text = _texts(chapter)
    assert "17 par samarbeider" in text and "med 3 felles ordninger" in text
    assert "1 kommune er en vippekommune" in text  # the singular said right


def test_the_swing_municipality_is_named(chapter):
    # 9909: three ties to four members of region A, two to four of region B: the weaker's share
    # of the intensities is (2/4) / (3/4 + 2/4) = 40 %, above one third.
    tables = [b for s in chapter.sections for b in s.blocks if isinstance(b, TableBlock)
              and "Vippekommuner" in b.caption]
    (table,) = tables
    (row,) = table.table.rows
    assert row.kommune == "Kommune 9909"
    assert row.andel_prosent == pytest.approx(40.0)


def test_the_network_figure_is_drawn_for_print(chapter):
    (figure,) = [b for s in chapter.sections for b in s.blocks if isinstance(b, FigureBlock)]
    assert figure.svg.count('class="node"') == 9
    assert "<a " not in figure.svg  # no links to pages the PDF does not have
    assert "Kommune 9909" in figure.svg


def _table(chapter, start: str) -> TableBlock:
    (table,) = [b for s in chapter.sections for b in s.blocks
                if isinstance(b, TableBlock) and b.caption.startswith(start)]
    return table


def test_the_pull_across_the_county_border(tmp_path):
    # tests/analysis/test_network.py works the pulls out by hand: in county 99, 9901 has 2 of
    # its 3 ties across (66.7 %), 9903 1 of 2 (50 %), 9902 1 of 3 (33.3 %), all to county 98.
    chapter = build_chapter(network, across_border(tmp_path / "x"), 2013, county="99")
    table = _table(chapter, "Kommunene i Testfylke med størst andel av samarbeidet over")
    assert [(r.kommune, r.over_grensen, r.forbindelser, r.andel_prosent, r.mest_mot_fylke)
            for r in table.table.rows] == [
        ("Kommune 9901", 2, 3, 66.7, "Grensefylke"), ("Kommune 9903", 1, 2, 50.0, "Grensefylke"),
        ("Kommune 9902", 1, 3, 33.3, "Grensefylke")]
    assert ("I Testfylke deler 3 av 3 kommuner ordninger med kommuner i andre fylker; størst "
            "andel har Kommune 9901, med 66,7 % av sine bånd over grensen, flest mot "
            "Grensefylke.") in _texts(chapter)


def test_the_dependency_profile_with_the_users_totals(tmp_path):
    # tests/analysis/network_registers.py: 9901 solves legevakt, barnevern (D1, its own) and ppt
    # (D4, no host): 3 statutory fields; 9902 legevakt, barnevern via 9901 (D1) and barnevern
    # via 9903 (D2): 2; 9903 barnevern (D2, its own) and ppt: 2. Three fields are known.
    register = dependency(tmp_path / "d")
    totals_file = tmp_path / "tall.csv"
    # 9902's share: (1 000 000/2 + 300 000/2 + 900 000/3) / 95 000 000 = 950 000 / 95 M = 1.0 %;
    # staff (4/2 + 3/3) / 150 = 2.0 %
    totals_file.write_text("kommunenummer,ar,brutto_driftsutgifter_nok,arsverk\n"
                           "9902,2013,95000000,150\n", "utf-8")
    totals, problems = load_municipal_totals(totals_file, register.municipalities)
    assert problems == []
    chapter = build_chapter(network, register, 2013, county="99", totals=totals,
                            totals_name="tall.csv")
    table = _table(chapter, "Avhengighetsprofil for kommunene i Testfylke")
    assert [tuple(r) for r in table.table.rows] == [
        ("Kommune 9901", 2, 3, "Kommune 9901 (2)", None, None),
        ("Kommune 9902", 2, 2, "Kommune 9901 (2)", 1.0, 2.0),
        ("Kommune 9903", 2, 2, "Kommune 9903 (1)", None, None)]
    assert table.hidden == ()
    text = _texts(chapter)
    assert "inntil 3 av de 3 lovpålagte oppgavefeltene" in text and "(median 2)" in text
    assert ("Her utgjør samarbeidet 1,0 % av driftsutgiftene (1 kommune med tall) og 2,0 % av "
            "årsverkene (1 kommune med tall)") in text
    # without totals the share columns are hidden and the text says where the shares come from
    bare = build_chapter(network, register, 2013, county="99")
    assert _table(bare, "Avhengighetsprofil").hidden == ("budsjett_andel_prosent",
                                                        "arsverk_andel_prosent")
    assert "fra KOSTRA legges ved rapporten" in _texts(bare)


def test_report_refuses_a_bad_totals_file_before_writing(tmp_path):
    from typer.testing import CliRunner

    from samkart.cli import app

    register_dir = tmp_path / "reg"
    dependency(register_dir)
    bad = tmp_path / "tall.csv"
    bad.write_text("kommunenummer,ar,arsverk\n9902,2013,mange\n", "utf-8")
    out = tmp_path / "rapport"
    result = CliRunner().invoke(app, ["report", str(register_dir), "--year", "2013", "--out",
                                      str(out), "--no-pdf", "--totals", str(bad)])
    assert result.exit_code == 1
    assert "kommunetall:1:arsverk:" in result.output and "Traceback" not in result.output
    assert not out.exists()

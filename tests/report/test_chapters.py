"""The report's chapters (``samkart/report/chapters``) and their numbering: nothing is numbered by
hand, a chapter added before the others renumbers them, and a cross-reference still names the
part it refers to."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from samkart.analysis.tables import Table
from samkart.report import chapters
from samkart.report.build import build_chapter, build_report
from samkart.report.chapters import CHAPTERS
from samkart.report.document import (
    Chapter,
    FigureBlock,
    Label,
    Paragraph,
    Section,
    TableBlock,
    Xref,
)
from samkart.report.numbering import number_chapters
from tests.golden import write_golden
from tests.helpers import load_ok


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    return load_ok(write_golden(tmp_path_factory.mktemp("g") / "g"))


def _blocks(report_chapters):
    return [b for ch in report_chapters for s in ch.sections for b in s.blocks]


def test_chapters_sections_figures_and_tables_are_numbered_in_order(register):
    report = build_report(register, 2013, compare=2012)
    # The order of CHAPTERS; the appendix is lettered after the numbered chapters.
    # NIVI's numbering: 1 Innledning, 2 Problemstillinger og metode, 3 Definisjon, 4 Omfang, …
    assert [c.number for c in report.chapters] == [str(k) for k in range(1, 12)] + ["A"]
    assert [c.id for c in report.chapters] == [
        "innledning", "metode", "definisjon", "omfang", "innhold", "organisering", "erfaringer",
        "geografi", "nettverk", "datakvalitet", "konklusjoner", "vedlegg"]
    for chapter in report.chapters:
        assert [s.number for s in chapter.sections] == [
            f"{chapter.number}.{k}" for k in range(1, len(chapter.sections) + 1)]
        for kind in (FigureBlock, TableBlock):
            numbers = [b.number for s in chapter.sections for b in s.blocks
                       if isinstance(b, kind)]
            assert numbers == [f"{chapter.number}.{k}" for k in range(1, len(numbers) + 1)]
    blocks = _blocks(report.chapters)
    labels = [b.label for b in blocks if not isinstance(b, Paragraph)]
    assert len(labels) == len(set(labels)) and all(labels)
    # Every cross-reference is written out: no Xref is left for the renderer.
    assert all(isinstance(b.text, str) for b in blocks if isinstance(b, Paragraph))
    assert all(isinstance(b.description, str) for b in blocks if isinstance(b, FigureBlock))
    assert not any(isinstance(cell, Xref) for b in blocks if isinstance(b, TableBlock)
                   for row in b.table.rows for cell in row)


def _extra(ctx) -> Chapter:
    s = Section("forord", "Forord")
    s.add(Paragraph(Xref("Tallene per fylke står i ", Label("omfang-antall"), ".")))
    return Chapter("forord", "Forord", sections=[s])


def test_a_chapter_added_first_renumbers_and_references_follow(register):
    # Adding a chapter is one module with build(ctx) and one entry in the list.
    foreword = SimpleNamespace(build=_extra)
    report = build_report(register, 2013, compare=2012, chapters=(foreword, *CHAPTERS))
    by_id = {c.id: c for c in report.chapters}
    assert by_id["forord"].number == "1" and by_id["omfang"].number == "5"
    levels = by_id["omfang"].sections[0]
    table = next(b for b in levels.blocks if isinstance(b, TableBlock))
    figure = next(b for b in levels.blocks if isinstance(b, FigureBlock))
    # The figure refers to the table itself: it says the table's new number.
    assert table.number == "5.1" and "per fylke" in table.caption
    assert figure.description.endswith("verdiene står i tabell 5.1.")
    assert by_id["forord"].sections[0].blocks[0].text == "Tallene per fylke står i kapittel 5.1."
    # The definition refers to the excluded arrangements' section of the data-quality chapter.
    excluded = by_id["datakvalitet"].sections[0]
    assert excluded.title == "Registrerte ordninger som ikke telles" and excluded.number == "11.1"
    assert "står med grunnen i kapittel 11.1" in by_id["definisjon"].sections[0].blocks[1].text
    # The missing-values table says where each optional column is used, by section number.
    missing = next(b for b in by_id["datakvalitet"].sections[1].blocks
                   if isinstance(b, TableBlock))
    uses = {r.kolonne: r.brukes_til for r in missing.table.rows}
    etablert = by_id["omfang"].sections[4]
    assert etablert.title == "Etableringsår"
    assert uses["Etablert"] == "etableringsår og endringer (kapittel 5.5, kapittel 6.3)"


def test_references_to_nothing_fail_loudly():
    table = TableBlock("t", Table(("a",), [(1,)]), "s", "N = 1")
    elsewhere = TableBlock("u", Table(("a",), [(1,)]), "s", "N = 1")
    ok = Chapter("c", "C", sections=[Section("s", "S", [table, Paragraph(Xref("Se ", table))])])
    number_chapters([ok])
    assert ok.sections[0].blocks[1].text == "Se tabell 1.1"
    for ref in (Label("ingen-slik"), elsewhere):
        bad = Chapter("c", "C", sections=[Section("s", "S", [Paragraph(Xref("Se ", ref))])])
        with pytest.raises(ValueError, match="no part of the report"):
            number_chapters([bad])
    twice = [Chapter("c", "C"), Chapter("c", "D")]
    with pytest.raises(ValueError, match="labelled 'c'"):
        number_chapters(twice)


def test_every_chapter_module_builds_a_chapter_of_its_own(register):
    built = build_report(register, 2013).chapters
    # The foreword and summary (unnumbered) are left out when the analyst has written neither.
    assert len(built) == len(CHAPTERS) - 1
    assert len({c.id for c in built}) == len(built)
    for module in CHAPTERS:
        assert callable(module.build), module.__name__


def test_the_survey_chapter_alone_is_numbered_as_in_the_report(register, tmp_path):
    from samkart.survey import load_responses
    from tests.survey.test_survey import SVAR

    (tmp_path / "svar.csv").write_text(SVAR, "utf-8")
    responses, _ = load_responses(tmp_path / "svar.csv")
    alone = build_chapter(chapters.survey, register, 2013, survey=responses)
    whole = build_report(register, 2013, survey=responses)
    same = next(c for c in whole.chapters if c.id == alone.id)
    assert alone.number == same.number == "7"  # NIVI: 7 Rådmennenes vurderinger
    assert [b.number for b in _blocks([alone]) if not isinstance(b, Paragraph)] == \
        [b.number for b in _blocks([same]) if not isinstance(b, Paragraph)]


def test_no_chapter_number_is_typed_in_the_chapters():
    # "kapittel 4.2" of NIVI's report may be named (with "NIVIs rapport"); the report's own
    # numbers come from numbering.py only.
    from pathlib import Path

    folder = Path(chapters.__file__).parent
    for path in folder.glob("*.py"):
        text = path.read_text("utf-8")
        for match in re.finditer(r"(?i)(kapittel|kap\.|tabell|figur) \d+\.\d+", text):
            # The number must be said to be NIVI's close by (within a line or two).
            assert "NIVI" in text[match.start():match.start() + 120], (path.name, match[0])


def test_the_network_chapter(register):
    """Chapter "Hvem samarbeider med hvem" (issue 13's network) on the golden register, 2013:
    Rissa and Bjugn share A1, A2, A3 and A11 (four), more than any other pair in Sør-Trøndelag
    (Rissa–Ørland and Bjugn–Ørland: A1 and A2)."""
    report = build_report(register, 2013)
    chapter = next(c for c in report.chapters if c.id == "nettverk")
    section = next(s for s in chapter.sections if s.id == "nettverk-16")
    assert "sterkest er Rissa og Bjugn med 4 felles ordninger" in section.blocks[0].text
    ties = next(b for b in section.blocks if isinstance(b, TableBlock))
    assert ties.table.rows[0] == ("Rissa", "Bjugn", 4)
    assert {r[:2] for r in ties.table.rows[1:3]} == {("Ørland", "Rissa"), ("Ørland", "Bjugn")}


def test_the_quality_chapters_column_names_follow_the_schema_and_the_uses_are_translated():
    # The report's catalogue holds copies of the optional columns' uses and the column names
    # (Babel extracts samkart/report only): they must stay the analysis's and the schema's.
    from samkart import i18n
    from samkart.analysis.quality import OPTIONAL_COLUMNS
    from samkart.register.schema import ORDNINGER
    from samkart.report.chapters.quality import COLUMN_NAMES

    assert set(COLUMN_NAMES) == {c.label.split(" (")[0] for c in ORDNINGER.spec}
    # The uses are the analysis's own messages (marked there), read from the interface
    # catalogue (test_i18n checks it is complete; English differs from bokmål in every one).
    with i18n.using("en"):
        assert all(i18n.gettext(use) != use for _column, use in OPTIONAL_COLUMNS)


def test_the_size_verdict_is_worded_by_the_report():
    from samkart import i18n
    from samkart.analysis.scope import Correlation
    from samkart.report.chapters.scope import _verdict

    assert _verdict(Correlation(0.3, 0.6238, 5)) == (
        "Ingen systematisk sammenheng mellom kommunestørrelse og antall ordninger (Spearmans "
        "rho = 0,30, p = 0,62, N = 5).")
    assert _verdict(Correlation(-0.5, 0.001, 40)).startswith(
        "Større kommuner har systematisk færre ordninger (Spearmans rho = \u22120,50, p = 0,001")
    assert _verdict(Correlation(None, None, 3)).startswith("For få kommuner med kjent")
    with i18n.using("en"):
        assert _verdict(Correlation(None, None, 3)).startswith("Too few")

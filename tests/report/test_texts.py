"""The analyst's texts (``tekster``): each slot printed at its place, Markdown rendered with no
markup of the author let through, the register's checks of the table."""

from __future__ import annotations

import pytest

from samkart.register import load_register
from samkart.register.schema import TEXT_PLACES
from samkart.report.build import build_report
from samkart.report.render import render_html
from samkart.report.texts import markdown_html
from tests.golden import write_golden
from tests.helpers import load_ok, write_tables

# Slot -> (chapter id, section id) where its text must be printed.
WHERE = {
    "forord": ("forside", "forord"), "sammendrag": ("forside", "sammendrag"),
    "innledning": ("innledning", "formal"), "metode": ("metode", "kilder"),
    "definisjon": ("definisjon", "hva-telles"), "omfang": ("omfang", "funn"),
    "innhold": ("innhold", "funn"), "organisering": ("organisering", "funn"),
    "vurderinger": ("erfaringer", "funn"), "fylkesgrenser": ("geografi", "funn"),
    "datakvalitet": ("datakvalitet", "funn"), "konklusjoner": ("konklusjoner", "konklusjoner"),
    "anbefalinger": ("konklusjoner", "anbefalinger"), "fylke": ("vedlegg", "vedlegg-16"),
}


def test_every_slot_is_tested():
    assert set(WHERE) == set(TEXT_PLACES)


def _with_texts(tmp_path, rows):
    folder = write_golden(tmp_path / "g")
    write_tables(folder, {"tekster": rows})
    return load_ok(folder)


@pytest.mark.parametrize("place", TEXT_PLACES)
def test_each_slot_is_printed_at_its_place(tmp_path, place):
    row = {"kapittel": place, "tekst": f"Teksten for *{place}*.\n\n- ett\n- to",
           "fylkesnummer": "16" if place == "fylke" else ""}
    report = build_report(_with_texts(tmp_path, [row]), 2013)
    chapter_id, section_id = WHERE[place]
    chapter = next(c for c in report.chapters if c.id == chapter_id)
    section = next(s for s in chapter.sections if s.id == section_id)
    texts = [b for b in section.blocks if type(b).__name__ == "RichText"]
    assert len(texts) == 1
    assert f"<p>Teksten for <em>{place}</em>.</p>" in texts[0].html
    assert "<li>ett</li>" in texts[0].html
    # Printed nowhere else.
    others = [b for c in report.chapters for s in c.sections for b in s.blocks
              if type(b).__name__ == "RichText" and b is not texts[0]]
    assert others == []
    assert f"Teksten for <em>{place}</em>" in render_html(report)


def test_year_specific_text_wins_and_other_years_are_not_printed(tmp_path):
    reg = _with_texts(tmp_path, [
        {"kapittel": "konklusjoner", "tekst": "Alle år.", "ar": ""},
        {"kapittel": "konklusjoner", "tekst": "Bare 2013.", "ar": "2013"},
        {"kapittel": "anbefalinger", "tekst": "Bare 2014.", "ar": "2014"}])
    report = build_report(reg, 2013)
    chapter = next(c for c in report.chapters if c.id == "konklusjoner")
    html = " ".join(getattr(b, "html", "") for s in chapter.sections for b in s.blocks)
    assert "Bare 2013." in html and "Alle år." not in html and "Bare 2014." not in html
    # No recommendations written for 2013: the section says so.
    assert "ikke skrevet" in chapter.sections[1].blocks[0].text


def test_without_texts_no_front_matter(tmp_path):
    report = build_report(load_ok(write_golden(tmp_path / "g")), 2013)
    assert report.chapters[0].id == "innledning" and report.chapters[0].number == "1"


def test_a_foreword_is_unnumbered_and_chapter_1_stays_innledning(tmp_path):
    reg = _with_texts(tmp_path, [{"kapittel": "forord", "tekst": "Takk.", "tittel": "Forord"}])
    report = build_report(reg, 2013)
    assert [(c.id, c.number) for c in report.chapters[:2]] == [("forside", ""),
                                                              ("innledning", "1")]


@pytest.mark.parametrize("evil", [
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">',
    "[klikk](javascript:alert(1))", '<a href="https://x">x</a>', "![bilde](https://x/y.png)",
])
def test_markdown_lets_no_markup_through(evil):
    html = markdown_html(evil)
    assert "<script" not in html and "<img" not in html and "<a href=\"https://x\"" not in html
    assert "javascript:" not in html.replace("javascript:alert(1)", "") or "href" not in html


def test_markdown_links_and_headings():
    html = markdown_html("# Tittel\n\nSe [NIVI](https://www.nivianalyse.no).")
    assert "<h4>Tittel</h4>" in html  # below the report's own h2/h3
    assert '<a href="https://www.nivianalyse.no">NIVI</a>' in html


def test_text_table_errors_are_located(tmp_path):
    folder = write_golden(tmp_path / "g")
    write_tables(folder, {"tekster": [
        {"kapittel": "forhistorie", "tekst": "x"},
        {"kapittel": "fylke", "tekst": "x", "fylkesnummer": ""},
        {"kapittel": "omfang", "tekst": "x", "fylkesnummer": "16"},
        {"kapittel": "omfang", "tekst": "y", "fylkesnummer": ""},
        {"kapittel": "omfang", "tekst": "z", "fylkesnummer": ""},
        {"kapittel": "omfang", "tekst": "", "fylkesnummer": "", "ar": "2013"},
    ]})
    register, problems = load_register(folder)
    assert register is None
    lines = [p.line() for p in problems]
    for where in ("tekster:1:kapittel", "tekster:2:fylkesnummer", "tekster:3:fylkesnummer",
                  "tekster:5:kapittel", "tekster:6:tekst"):
        assert any(where in x for x in lines), (where, lines)

"""The PDF laid out in pieces (samkart/report/pdf.py) must equal the PDF laid out in one go: same
pages, same text, page numbers, contents, links and outline."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samkart.analysis.tables import Table
from samkart.report import build_report
from samkart.report.document import Chapter, Paragraph, Report, Section, TableBlock
from samkart.report.pdf import _partition, split, write_pdf
from tests.golden import write_golden
from tests.helpers import load_ok


def _table(rows: int, new_page: bool = False) -> TableBlock:
    return TableBlock("t", Table(("a", "b"), [(i, i) for i in range(rows)]), "s", "N = 1",
                      new_page=new_page, number="1")


def _report(chapters: list[Chapter]) -> Report:
    return Report("T", "S", 2014, None, [], False, [], chapters, "2026-01-01", "kilde")


def test_split_cuts_only_where_a_page_starts_and_keeps_order():
    # Chapter A: one section with a paragraph and three tables, the last two on new pages;
    # chapter B: a small section. Page starts: A, the 2nd and 3rd table of A, B.
    a = Chapter("a", "A", number="1", sections=[Section("s", "S", [
        Paragraph("x" * 100), _table(100), _table(100, new_page=True),
        _table(100, new_page=True)])])
    b = Chapter("b", "B", number="2", sections=[Section("t", "T", [_table(10)])])
    report = _report([a, b])
    pieces = split(report, 2)
    assert len(pieces) == 2
    # Costs (ms, see _block_cost): tables 10 + 1.1 * 100 * 3 = 340 each, the small one 43, so
    # the balanced cut is after the second table: [A: p, t1, t2] | [A: t3, B].
    first, second = pieces
    assert [c.id for c in first] == ["a"] and [c.id for c in second] == ["a", "b"]
    assert len(first[0].sections[0].blocks) == 3 and not first[0].continued
    continued = second[0]
    assert continued.continued and continued.sections[0].continued
    assert len(continued.sections[0].blocks) == 1
    # The piece's first page is new anyway: its break is dropped (no blank page), the original
    # block is left as it was.
    assert continued.sections[0].blocks[0].new_page is False
    assert a.sections[0].blocks[3].new_page is True
    assert not second[1].continued and second[1].sections[0].blocks == b.sections[0].blocks
    # One process: the whole report, untouched.
    assert split(report, 1) == [report.chapters]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=9),
       st.integers(1, 4))
def test_partition_is_optimal(costs, parts):
    runs = _partition(costs, parts)
    # Contiguous, in order, covering everything, at most ``parts`` runs.
    assert runs[0][0] == 0 and runs[-1][1] == len(costs) and len(runs) <= parts
    assert all(a < b for a, b in runs) and all(r[1] == s[0] for r, s in itertools.pairwise(runs))
    largest = max(sum(costs[a:b]) for a, b in runs)
    # Brute force over every way to cut: none has a smaller largest run.
    n = len(costs)
    best = min(
        max(sum(costs[a:b]) for a, b in itertools.pairwise((0, *cuts, n)))
        for k in range(min(parts, n))
        for cuts in itertools.combinations(range(1, n), k)
    )
    assert largest == pytest.approx(best)


def _pages(path) -> list[str]:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(path))
    texts = [page.get_textpage().get_text_range() for page in document]
    document.close()
    return texts


def _outline(path) -> list[tuple[int, str, int]]:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(path))
    items = [(b.level, b.get_title(), b.get_dest().get_index()) for b in document.get_toc()]
    document.close()
    return items


def _links(path) -> list[tuple[int, int]]:
    """(page, target page) of every internal link."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        names = pikepdf.NameTree(pdf.Root.Names.Dests) if "/Names" in pdf.Root else {}
        out = []
        for i, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                    dest = annot.Dest
                    if isinstance(dest, (pikepdf.String, pikepdf.Name)):  # a named destination
                        dest = names[str(dest).lstrip("/")]
                        dest = dest.D if isinstance(dest, pikepdf.Dictionary) else dest
                    out.append((i, index[dest[0].objgen]))
        return sorted(out)


def test_pieces_give_the_same_pdf_as_one_run(tmp_path):
    register = load_ok(write_golden(tmp_path / "g"))
    report = build_report(register, 2013, compare=2012)
    assert len(split(report, 3)) == 3  # the test lays out three pieces
    write_pdf(report, tmp_path / "one.pdf", workers=1)
    write_pdf(report, tmp_path / "pieces.pdf", workers=3)
    one, pieces = _pages(tmp_path / "one.pdf"), _pages(tmp_path / "pieces.pdf")
    assert len(one) == len(pieces) >= 8

    def words(text: str) -> str:
        # Leader dots may differ by one where a number is set by another means.
        return re.sub(r"(\s*\.)+\s", " ", text)

    assert [words(t) for t in pieces] == [words(t) for t in one]
    # Each page from the second has its number once, the cover none.
    assert "Side" not in pieces[0]
    for i, text in enumerate(pieces[1:], start=2):
        assert text.count(f"Side {i} av {len(pieces)}") == 1, i
    # The same outline, and the contents' entries link to the same pages.
    assert _outline(tmp_path / "pieces.pdf") == _outline(tmp_path / "one.pdf")
    links = _links(tmp_path / "pieces.pdf")
    assert links == _links(tmp_path / "one.pdf")
    # (WeasyPrint makes a link of each piece of an entry's line; every chapter and section is
    # the target of one.)
    assert {target for page, target in links if page == 1} == {
        page for _, title, page in _outline(tmp_path / "one.pdf") if title != "Innhold"}
    # The language and title of the document are kept.
    import pikepdf

    with pikepdf.open(tmp_path / "pieces.pdf") as pdf:
        assert str(pdf.Root.Lang) == "nb"
        assert "Formalisert interkommunalt samarbeid" in str(pdf.docinfo.get("/Title"))


def test_charts_drawn_by_workers_equal_charts_drawn_here(tmp_path):
    from samkart.report.render import render_html
    from samkart.report.workers import Workers

    register = load_ok(write_golden(tmp_path / "g"))
    here = build_report(register, 2013, 2012)
    with Workers(2) as workers:
        assert workers.parallel
        there = build_report(register, 2013, 2012, workers=workers)
    # The same figures, byte for byte: ids come from the drawing, not from the process.
    svgs = [b.svg for ch in here.chapters for s in ch.sections for b in s.blocks
            if hasattr(b, "svg")]
    assert svgs and all(svgs)
    assert svgs == [b.svg for ch in there.chapters for s in ch.sections for b in s.blocks
                    if hasattr(b, "svg")]
    assert render_html(here).replace(here.generated, "") == \
        render_html(there).replace(there.generated, "")
    ids = re.findall(r'id="([^"]+)"', render_html(here))
    assert len(ids) == len(set(ids))  # no id twice in the page


def test_unknown_chart_is_refused():
    from samkart.report.workers import draw_chart

    with pytest.raises(ValueError, match="no chart"):
        draw_chart("system", ("echo",), {})


def test_a_drawing_is_printed_as_an_image_with_its_caption_as_alt_and_the_report_font():
    import base64
    import re

    from samkart.report.document import FigureBlock
    from samkart.report.render import figure_svg

    svg = '<svg viewBox="0 0 10 10"><text x="1" y="5">1,5 %</text></svg>'
    figure = FigureBlock("Andel & nivå", svg, "Kilde", "n = 3", description="Søylene viser …")
    # The web keeps the drawing inline, with the alternative text as its first <title>.
    assert figure_svg(figure) == ('<svg viewBox="0 0 10 10"><title>Andel &amp; nivå Søylene '
                                  'viser …</title><text x="1" y="5">1,5 %</text></svg>')
    printed = figure_svg(figure, for_print=True)
    found = re.fullmatch(r'<img class="drawing" alt="([^"]*)" '
                         r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)">', printed)
    assert found is not None
    assert found.group(1) == "Andel &amp; nivå Søylene viser …"
    drawing = base64.b64decode(found.group(2)).decode("utf-8")
    assert drawing == ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" '
                       'font-family="DejaVu Sans"><text x="1" y="5">1,5 %</text></svg>')


def test_numbers_in_print_in_each_language():
    from samkart import i18n
    from samkart.report.numbers import number

    assert number(1850) == "1\u00a0850" and number(30.66) == "30,7"
    assert number(-0.214, 2) == "\u22120,21"  # a minus sign, not a hyphen
    with i18n.using("nn"):
        assert number(-1234) == "\u22121\u00a0234"
    with i18n.using("en"):
        assert number(-1234.5) == "\u22121,234.5"


def test_the_page_footer_is_in_the_reports_language():
    from samkart import i18n
    from samkart.report.render import report_css

    footer = '@page { @bottom-center { content: "Side " counter(page) " av " counter(pages) '
    assert footer in report_css()
    with i18n.using("en"):
        assert ('@page { @bottom-center { content: "Page " counter(page) " of " '
                'counter(pages) ""; } }') in report_css()

"""The printed report as a reader sees it: the PDF's own text (pypdfium2) of the demo report for
Nordland 2014 against 2010 holds no register codes, no command-line options, no decimal points,
stays inside the page's margins, and says once (not on every page) that a long list was cut."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest

from samkart.demo import generate_demo
from samkart.report import build_report
from samkart.report.document import FigureBlock, TableBlock, fmt, fmt_cell
from samkart.report.maps import place_labels
from samkart.report.render import render_html
from samkart.report.write import write_report

MM = 72 / 25.4  # PDF points per millimetre
RIGHT_MARGIN_MM = 16  # report.css: @page margin 18mm 16mm 20mm


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    out = tmp_path_factory.mktemp("print")
    report = build_report(generate_demo(), 2014, compare=2010, county="18")
    write_report(report, out)
    pdf = pdfium.PdfDocument(out / "rapport.pdf")
    pages = [pdf[i].get_textpage().get_text_range().replace("\r\n", "\n")
             for i in range(len(pdf))]
    yield report, pdf, pages
    pdf.close()


@pytest.fixture(scope="module")
def pdf_path(printed, tmp_path_factory):
    return next(tmp_path_factory.getbasetemp().glob("print*/rapport.pdf"))


def test_no_register_codes_in_print(printed):
    _, _, pages = printed
    text = "\n".join(pages)
    # Codes of the register format: snake_case column and code names, and level codes.
    assert re.findall(r"\b[a-zæøå]+_[a-zæøå_]+\b", text) == []
    for code in ("vertskommune_nemnd", "brann_beredskap", "hoyere", "budsjett_nok", "niva",
                 "plan_miljo_landbruk"):
        assert not re.search(rf"\b{code}\b", text), code


def test_no_command_line_options_in_print(printed):
    _, _, pages = printed
    assert not re.search(r"--[a-z]", "\n".join(pages))
    assert not re.search(r"\b[Bb]ruk (--|FIL|ÅR)", "\n".join(pages))


# A number with a point is a reference ("tabell 2.3", "4.1–4.5") or a heading's number at the
# start of a line ("2.1 Antall ..."), never a value: values have a decimal comma.
REFERENCE = re.compile(r"(?:[Tt]abell(?:ene)?|[Ff]igur(?:ene)?|[Kk]apittel|kap\.)\s+"
                       r"(?:\d+\.\d+\s*(?:–|og|,)\s*)*$")


def test_no_decimal_points_in_print(printed):
    _, _, pages = printed
    wrong = []
    for page in pages:
        for line in page.split("\n"):
            for m in re.finditer(r"(?<![\d.\w-])\d+\.\d+(?![\d.])", line):
                before = line[:m.start()]
                heading = before.strip() == "" and re.match(r"\s+\w", line[m.end():])
                if not heading and not REFERENCE.search(before):
                    wrong.append(line)
    assert wrong == []


def test_cut_lists_say_so_once(printed):
    report, _, pages = printed
    cut = [b for ch in report.chapters for s in ch.sections for b in s.blocks
           if isinstance(b, TableBlock) and b.print_limit and len(b.table.rows) > b.print_limit]
    assert cut, "the demo has long lists cut in print"
    assert "\n".join(pages).count("rader til; hele listen") == len(cut)


def test_text_stays_inside_the_right_margin(printed):
    _, pdf, _ = printed
    for i in range(len(pdf)):
        page = pdf[i]
        width = page.get_width()
        textpage = page.get_textpage()
        right = max((textpage.get_charbox(j)[2] for j in range(textpage.count_chars())),
                    default=0)
        # The running head and everything else end at the margin (1 mm for rounding).
        assert right <= width - (RIGHT_MARGIN_MM - 1) * MM, f"page {i + 1}"



def test_no_line_ends_in_a_drawn_space(printed):
    # WeasyPrint takes a line's trailing space off its width but still draws it: a caption that
    # just filled its line (figure 4.4) had that space past the right margin.
    _, _, pages = printed
    ends = [(i + 1, line[-40:]) for i, page in enumerate(pages) for line in page.split("\n")
            if line.endswith(" ")]
    assert ends == []

def test_maps_number_the_municipalities_and_print_the_key(printed):
    report, _, pages = printed
    maps = [b for ch in report.chapters for s in ch.sections for b in s.blocks
            if isinstance(b, FigureBlock) and b.kind == "map"]
    choropleth = maps[0]
    labels = re.findall(r'text-anchor="middle">(\d+)</text>', choropleth.print_svg)
    # All 44 of Nordland's municipalities of 2014 are on the 2017 map (Træna's outline is the
    # 2024 map's, its boundary unchanged).
    assert sorted(map(int, labels)) == list(range(1, 45))
    text = "\n".join(pages)
    assert "Nummer på kartet: 1 Alstahaug, 2 Andøy" in text


def test_band_charts_share_one_axis():
    html = render_html(build_report(generate_demo(), 2014, county="18"))
    band_charts = re.findall(r'aria-label="Oppgavefelt, [^"]+".*?</svg>', html, re.S)
    assert len(band_charts) == 4
    for svg in band_charts:  # every one runs to 100 %
        assert re.search(r">100</text>|<!-- 100 -->", svg), svg[:200]


def test_labels_do_not_overlap():
    # Ten labels wanted at one point: placed apart, all but the first with a leader line.
    placed = place_labels([(50.0, 50.0, 20.0, 8.0)] * 10, (300.0, 300.0))
    boxes = [(x - 10, y - 4, x + 10, y + 4) for x, y, _ in placed]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    assert [moved for *_, moved in placed] == [False] + [True] * 9


def test_numbers_in_norwegian():
    assert fmt(1850) == "1\xa0850"
    assert fmt(2624) == "2\xa0624"
    assert fmt(16.54) == "16,5"
    assert fmt(-0.04, 2) == "\u22120,04"  # the minus sign, not a hyphen
    assert fmt(12345.67) == "12\xa0345,7"
    assert fmt_cell(2014, "etablert") == "2014"
    assert fmt_cell(2014, "antall") == "2\xa0014"


def test_pdf_is_tagged_with_language_title_and_alternative_texts(printed, pdf_path):
    import pikepdf

    report, _, _ = printed
    with pikepdf.open(pdf_path) as tagged:  # laid out in pieces and joined (pdf.py)
        root = tagged.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "nb"
        assert str(tagged.docinfo.Title).startswith(report.title)
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        # PDF/UA-1 is declared in the XMP metadata.
        assert "pdfuaid" in str(tagged.open_metadata())
        # Every page's marked content is reachable from the structure tree, across the pieces.
        nums = root.StructTreeRoot.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert len(keys) == len(set(keys))
        for page in tagged.pages:
            assert int(page.obj.StructParents) in keys
        # The front's links (the contents' and the lists of tables and figures') are annotations
        # tied to their entries' Link elements. The front ends where the first chapter starts:
        # the page the contents' first link goes to.
        def dest_page(annot):
            return next(i for i, page in enumerate(tagged.pages)
                        if page.obj.objgen == annot.Dest[0].objgen)

        first_links = [a for a in tagged.pages[1].obj.get("/Annots", []) if "/Dest" in a]
        assert first_links
        front = dest_page(first_links[0])
        front_links = [a for page in tagged.pages[:front] for a in page.obj.get("/Annots", [])
                       if "/Dest" in a]
        by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        entries = {}  # the links' texts -> the elements they hang on
        for annot in front_links:
            assert "/StructParent" in annot, str(annot.get("/Contents"))
            element = by_key[int(annot.StructParent)]
            assert element.S == "/Link"
            assert any(isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"
                       and kid.Obj.objgen == annot.objgen for kid in element.K)
            entries.setdefault(str(annot.Contents), set()).add(element.objgen)
        # One element per entry, each entry's element its own.
        assert all(len(elements) == 1 for elements in entries.values())
        assert len({e for elements in entries.values() for e in elements}) == len(entries)
        # Every chapter, section, numbered table and figure has its entry, whose link goes to
        # the page that has its heading or caption.
        _, _, pages = printed
        expected = {}
        for ch in report.chapters:
            expected[f"{ch.number} {ch.title}"] = f"{ch.number} {ch.title}"
            for s in ch.sections:
                expected[f"{s.number} {s.title}"] = f"{s.number} {s.title}"
            for s in ch.sections:
                for b in s.blocks:
                    if isinstance(b, (TableBlock, FigureBlock)) and b.number:
                        word = "Tabell" if isinstance(b, TableBlock) else "Figur"
                        first = b.caption.split(". ")[0].rstrip(".")
                        expected[f"{b.number} {first}"] = f"{word} {b.number}"
        assert any(key.startswith("Tabell") for key in expected.values())
        assert any(key.startswith("Figur") for key in expected.values())
        assert set(entries) == set(expected)
        for annot in front_links:
            text = " ".join(pages[dest_page(annot)].split())
            assert expected[str(annot.Contents)] in text, str(annot.Contents)
        # Every figure has an alternative text: its caption.
        figures = []

        def walk(element):
            if isinstance(element, pikepdf.Dictionary):
                if element.get("/S") == "/Figure":
                    figures.append(str(element.get("/Alt", "")))
                kids = element.get("/K")
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    walk(kid)

        walk(root.StructTreeRoot)
        blocks = [b for ch in report.chapters for s in ch.sections for b in s.blocks
                  if isinstance(b, FigureBlock)]
        assert len(figures) == len(blocks)
        assert all(figures) and any(alt.startswith(blocks[0].caption) for alt in figures)


def test_small_groups_are_flagged(printed):
    _, _, pages = printed
    register = generate_demo()
    # Nordland's municipalities of 2014 by population, counted here from the register.
    big = sum(1 for m in register.municipalities.valid_in(2014)
              if m.fylkesnummer == "18" and m.innbyggere is not None and m.innbyggere >= 20000)
    middle = sum(1 for m in register.municipalities.valid_in(2014)
                 if m.fylkesnummer == "18" and m.innbyggere is not None
                 and 10000 <= m.innbyggere < 20000)
    assert 0 < big < 5 and 0 < middle < 5
    text = " ".join(" ".join(pages).split())
    assert (f"* Færre enn 5 kommuner: 10 000–19 999 innbyggere ({middle}), 20 000 innbyggere og "
            f"over ({big})") in text
    assert "20 000 innbyggere og over *" in text


def test_short_chapters_share_a_page(printed):
    report, _, pages = printed
    from samkart.report.document import runs_on

    # The first chapter follows the contents' own page break; after it, without a survey and
    # without borders crossed, chapters 5 and 6 are a note each, and so is the one appendix.
    short = [ch for ch in report.chapters[1:] if runs_on(ch)]
    assert {"erfaringer", "geografi"} <= {ch.id for ch in short}
    heads = {f"{ch.number} {ch.title}" for ch in report.chapters}  # also the running heads
    for ch in short:
        heading = f"{ch.number} {ch.title}"
        page = next(text.split("\n") for text in pages if heading in text.split("\n"))
        last = len(page) - 1 - page[::-1].index(heading)  # the heading, after the running head
        above = [line for line in page[:last] if line.strip() and line not in heads]
        # Something of the chapter before it stands above it on the same page.
        assert above, (heading, page[:5])

"""The report's network chapter (issue 13, item 5) on a register whose network is worked out by
hand (tests/analysis/network_registers.py): two tight groups of four and one swing municipality."""

from __future__ import annotations

import pytest

from samkart.report.build import build_chapter
from samkart.report.chapters import CHAPTERS, network, organisation
from samkart.report.document import FigureBlock, Paragraph, TableBlock
from tests.analysis.network_registers import two_communities


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

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


def test_the_chapter_follows_organisation():
    assert CHAPTERS.index(network) == CHAPTERS.index(organisation) + 1


def test_ties_and_councils_counted_as_by_hand(chapter):
    # In 2013: A1-A3 tie the six pairs of 9901-9904 three times each (18), B1-B3 the six pairs
    # of 9905-9908 (18), S1-S5 tie 9909 once to five partners (5): 41 ties among 9 municipalities.
    # In one council: A's 18, B's 18 and 9909's three ties inside RA = 39 of 41 = 95,1 %.
    text = _texts(chapter)
    assert "Testfylke: 9 kommuner med 41 forbindelser innad i fylket." in text
    assert "95,1 prosent av forbindelsene går mellom kommuner i samme regionråd" in text


def test_the_swing_municipality_is_named(chapter):
    # 9909: three ties to four members of region A, two to four of region B: the weaker's share
    # of the intensities is (2/4) / (3/4 + 2/4) = 40 %, above one third.
    text = _texts(chapter)
    assert "I 2013 gjelder det Kommune 9909." in text
    table = next(b for s in chapter.sections if s.id == "vippekommuner" for b in s.blocks
                 if isinstance(b, TableBlock))
    (row,) = table.table.rows
    assert row[0] == "Kommune 9909" and row[1] == "Regionråd A"
    assert row[3] == pytest.approx(40.0)


def test_the_network_figure_is_drawn_for_print(chapter):
    (figure,) = [b for s in chapter.sections for b in s.blocks if isinstance(b, FigureBlock)]
    assert figure.svg.count('class="node"') == 9
    assert "<a " not in figure.svg  # no links to pages the PDF does not have
    assert "Kommune 9909" in figure.svg

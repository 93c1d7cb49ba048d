"""The analyst's own texts (``tekster``): which text belongs where, and Markdown made safe HTML.

A text is Markdown (paragraphs, lists, emphasis, links). It is rendered with markdown-it-py's
CommonMark preset with raw HTML off — a ``<script>`` or ``<img onerror=…>`` in a text is printed
as the characters typed, never as markup — and its link check, which refuses ``javascript:``,
``vbscript:``, ``file:`` and ``data:`` (other than images) addresses. Headings in a text are moved
down below the report's section headings so the document's outline stays the report's.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from markdown_it import MarkdownIt

from samkart.domain.entities import ReportText

# A text's own headings (#, ##, …) start at h4: the report's chapters are h2, sections h3.
_HEADING_SHIFT = 3


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")  # a text prints words; images would load from the network
    return md


def markdown_html(text: str) -> str:
    """``text`` (Markdown) as HTML that is safe to put into the report as it is."""
    md = _parser()
    env: dict = {}
    tokens = md.parse(text, env)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + _HEADING_SHIFT)}"
    return md.renderer.render(tokens, md.options, env)


def find_text(texts: Sequence[ReportText], place: str, year: int,
              county: str | None = None) -> ReportText | None:
    """The text for ``place`` (and ``county`` for a county appendix) in a report of ``year``: the
    one for that year, else the one for any year."""
    best = None
    for t in texts:
        if t.kapittel != place or t.fylkesnummer != county:
            continue
        if t.ar == year:
            return t
        if t.ar is None:
            best = t
    return best

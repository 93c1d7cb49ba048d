"""Front matter: the analyst's foreword and summary (``tekster``: ``forord``, ``sammendrag``),
unnumbered before chapter 1, each only when the analyst has written it."""

from __future__ import annotations

from samkart.i18n import gettext as _
from samkart.report.context import Context
from samkart.report.document import Chapter, Section


def build(ctx: Context) -> Chapter | None:
    sections = []
    for place, title in (("forord", "Forord"), ("sammendrag", "Sammendrag")):
        text = ctx.text_block(place)
        if text is not None:
            s = Section(place, ctx.text_title(place) or title)
            s.add(text)
            sections.append(s)
    if not sections:
        return None
    title = _(" og ").join(s.title for s in sections) if len(sections) > 1 else sections[0].title
    return Chapter("forside", title, sections=sections, unnumbered=True)

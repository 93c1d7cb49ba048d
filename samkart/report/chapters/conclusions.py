"""Chapter "Konklusjoner og anbefalinger": the analyst's own conclusions and recommendations
(``tekster``: ``konklusjoner``, ``anbefalinger``), after the chapters of figures."""

from __future__ import annotations

from samkart.i18n import gettext as _
from samkart.report.context import Context
from samkart.report.document import Chapter, Paragraph, Section


def build(ctx: Context) -> Chapter:
    sections = []
    for place, title in (("konklusjoner", "Konklusjoner"), ("anbefalinger", "Anbefalinger")):
        s = Section(place, ctx.text_title(place) or title)
        text = ctx.text_block(place)
        if text is not None:
            s.add(text)
        else:
            s.add(Paragraph(_("{title} er ikke skrevet ennå. Analytikeren skriver dem i "
                              "registeret (på nettet eller i tabellen tekster).")
                            .format(title=title), "note"))
        sections.append(s)
    return Chapter("konklusjoner", _("Konklusjoner og anbefalinger"), sections=sections)

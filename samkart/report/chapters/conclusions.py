"""Chapter "Konklusjoner og anbefalinger": the analyst's own conclusions and recommendations
(``tekster``: ``konklusjoner``, ``anbefalinger``), after the chapters of figures."""

from __future__ import annotations

from samkart.i18n import N_
from samkart.i18n import gettext as _
from samkart.report.context import Context
from samkart.report.document import Chapter, Paragraph, Section


def build(ctx: Context) -> Chapter:
    sections = []
    for place, title, missing in (
            ("konklusjoner", N_("Konklusjoner"),
             N_("Konklusjoner er ikke skrevet ennå. Analytikeren skriver dem i registeret (på "
                "nettet eller i tabellen tekster).")),
            ("anbefalinger", N_("Anbefalinger"),
             N_("Anbefalinger er ikke skrevet ennå. Analytikeren skriver dem i registeret (på "
                "nettet eller i tabellen tekster)."))):
        s = Section(place, ctx.text_title(place) or _(title))
        text = ctx.text_block(place)
        if text is not None:
            s.add(text)
        else:
            # One whole sentence per section: the title's grammar (nynorsk "skrivne") follows it.
            s.add(Paragraph(_(missing), "note"))
        sections.append(s)
    return Chapter("konklusjoner", _("Konklusjoner og anbefalinger"), sections=sections)

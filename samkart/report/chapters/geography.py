"""Chapter "Samarbeid over fylkesgrenser": arrangements across county borders."""

from __future__ import annotations

from samkart.analysis import geography
from samkart.i18n import gettext as _
from samkart.report.context import PRINT_LIMIT, Context
from samkart.report.document import Chapter, Paragraph, Section, Xref


def build(ctx: Context) -> Chapter:
    return Chapter("geografi", _("Samarbeid over fylkesgrenser"), sections=[_crossings(ctx)])


def _crossings(ctx: Context) -> Section:
    s = Section("fylkesgrenser", _("Ordninger som krysser fylkesgrenser"))
    t = geography.county_crossings(ctx.view).where(lambda r: r.touches(ctx.counties))
    if not t.rows:
        s.add(Paragraph(_("Ingen tellende ordninger krysser en fylkesgrense i {year}.")
                        .format(year=ctx.year), "note"))
        return s
    table = ctx.table(_("Tellende ordninger med deltakere i begge fylkene, {year}.")
                      .format(year=ctx.year), t,
                      sum(r.antall for r in t.rows), print_limit=PRINT_LIMIT)
    shown = t.rows[:10]
    text = "; ".join(_("{antall} ordninger krysser grensen mellom {fylke_a} og {fylke_b}").format(
                         antall=r.antall, fylke_a=r.fylke_a, fylke_b=r.fylke_b)
                     for r in shown)
    if t.rows[10:]:
        s.add(Paragraph(Xref(text, _("; og {value} par til i ")
                                   .format(value=len(t.rows) - len(shown)), table, ".")))
    else:
        s.add(Paragraph(text + "."))
    s.add(table)
    return s

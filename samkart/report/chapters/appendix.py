"""Appendix "Vedlegg: fylkesvise oppsummeringer": a summary per county, from the analyses of the
other chapters."""

from __future__ import annotations

from samkart.analysis import geography, organisation, scope
from samkart.i18n import gettext as _
from samkart.report.context import Context
from samkart.report.document import Chapter, Paragraph, Section, fmt


def build(ctx: Context) -> Chapter:
    chapter = Chapter("vedlegg", _("Vedlegg: fylkesvise oppsummeringer"), appendix=True)
    crossings = geography.county_crossings(ctx.view).rows
    # Worked out once per pair of years (each county's round and the one before), not per county.
    done: dict[tuple[int, int | None], tuple[dict, dict, dict]] = {}
    for c in ctx.counties:
        view, before = ctx.view_for(c), ctx.before_for(c)
        key = (view.year, before.year if before is not None else None)
        if key not in done:
            done[key] = (
                {r.fylkesnummer: r for r in scope.levels_by_county(view).rows},
                {r.fylkesnummer: r for r in scope.municipality_summary(view).rows},
                {r.fylkesnummer: r for r in scope.growth_between(before, view).rows}
                if before is not None else {})
        levels, summary, growth = done[key]
        name = ctx.county_names[c]
        s = Section(f"vedlegg-{c}", ctx.text_title("fylke", c) or name)
        chapter.sections.append(s)
        own = ctx.text_block("fylke", c)  # the analyst's points for the county
        if own is not None:
            s.add(own)
        if c not in levels:
            s.add(Paragraph(_("Ingen tellende ordninger i {year}.").format(year=view.year), "note"))
            continue
        lv = levels[c]
        sm = summary[c]
        shares = organisation.form_shares(view, c)
        text = (f"{name} har {fmt(lv.sum)} tellende ordninger i {view.year}: {fmt(lv.hoyere)} på "
                f"høyere nivå, {fmt(lv.regional)} på regionalt og {fmt(lv.lokal)} på lokalt nivå. "
                f"Kommunene deltar i gjennomsnitt i {fmt(sm.gjennomsnitt)} ordninger, fra {sm.minst} "
                f"({sm.kommune_minst}) til {sm.mest} ({sm.kommune_mest}). "
                f"{fmt(shares.companies_percent)} prosent er IKS eller AS.")
        across = [r for r in crossings if r.touches({c})]
        if across:
            text += " " + " ".join(
                f"{r.antall} ordninger krysser grensen mot {r.other(c)}." for r in across)
        g = growth.get(c)
        if g is not None and g.vekst_prosent is not None and before is not None:
            text += (f" Fra {before.year} til {view.year} endret antallet seg fra "
                     f"{fmt(g.antall_fra)} til {fmt(g.antall_til)} ({fmt(g.vekst_prosent)} "
                     "prosent).")
        s.add(Paragraph(text))
    return chapter

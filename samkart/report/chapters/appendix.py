"""Appendix "Vedlegg: fylkesvise oppsummeringer": a summary per county, from the analyses of the
other chapters."""

from __future__ import annotations

from samkart.analysis import geography, organisation, scope
from samkart.i18n import gettext as _
from samkart.i18n import pgettext
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
        text = (_("{name} har {sum} tellende ordninger i {year}: {hoyere} på høyere nivå, "
                  "{regional} på regionalt og {lokal} på lokalt nivå. Kommunene deltar i "
                  "gjennomsnitt i {gjennomsnitt} ordninger, fra {minst} ({kommune_minst}) til "
                  "{mest} ({kommune_mest}). {companies_percent} prosent er IKS eller AS.").format(
                    name=name, sum=fmt(lv.sum), year=view.year, hoyere=fmt(lv.hoyere),
                    regional=fmt(lv.regional), lokal=fmt(lv.lokal),
                    gjennomsnitt=fmt(sm.gjennomsnitt), minst=sm.minst,
                    kommune_minst=sm.kommune_minst, mest=sm.mest, kommune_mest=sm.kommune_mest,
                    companies_percent=fmt(shares.companies_percent)))
        across = [r for r in crossings if r.touches({c})]
        if across:
            text += " " + " ".join(
                _("{antall} ordninger krysser grensen mot {c}.").format(
                    antall=r.antall, c=r.other(c)) for r in across)
        g = growth.get(c)
        if g is not None and g.vekst_prosent is not None and before is not None:
            # The same bokmål whichever way it went; a translation may say which ("auka").
            if g.antall_til > g.antall_fra:
                said = pgettext("økning", " Fra {year} til {year2} endret antallet seg fra "
                                "{antall_fra} til {antall_til} ({vekst_prosent} prosent).")
            elif g.antall_til < g.antall_fra:
                said = pgettext("nedgang", " Fra {year} til {year2} endret antallet seg fra "
                                "{antall_fra} til {antall_til} ({vekst_prosent} prosent).")
            else:
                said = _(" Fra {year} til {year2} endret antallet seg fra {antall_fra} til "
                         "{antall_til} ({vekst_prosent} prosent).")
            text += said.format(
                year=before.year, year2=view.year, antall_fra=fmt(g.antall_fra),
                antall_til=fmt(g.antall_til), vekst_prosent=fmt(g.vekst_prosent))
        s.add(Paragraph(text))
    return chapter

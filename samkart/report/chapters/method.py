"""Chapter 2 "Problemstillinger og metode" (NIVI's chapter 2): the sources, the mapping rounds with
their dates, how the municipalities were asked (the analyst's ``metode`` text) and the limits of
the figures, worked out from the register."""

from __future__ import annotations

from typing import NamedTuple

from samkart.analysis import scope
from samkart.analysis.tables import Table
from samkart.i18n import gettext as _
from samkart.report.context import Context
from samkart.report.document import Chapter, Label, Paragraph, Section, Xref, fmt


class RoundRow(NamedTuple):
    fylke: str
    ar: str  # a year: written as it is ("2014", never "2 014")
    forrige: str  # the previous round's year, or "–"
    dato: str
    kilde: str


def build(ctx: Context) -> Chapter:
    return Chapter("metode", _("Problemstillinger og metode"),
                   sections=[_sources(ctx), _limits(ctx)])


def _sources(ctx: Context) -> Section:
    s = Section("kilder", _("Kilder og kartlegginger"))
    registered = len(ctx.register.arrangements if ctx.scope_ids is None else ctx.scope_ids)
    s.add(Paragraph(
        _("Tallene er regnet ut av samkart fra samarbeidsregisteret ({source_name}) med "
          "{registered} registrerte ordninger, der hver ordning har sine deltakende kommuner med "
          "år for inn- og utmelding. Hver ordning er vurdert mot den samme definisjonen og "
          "fordelt på geografisk nivå etter den samme regelen for alle fylker og år.")
        .format(source_name=ctx.source_name, registered=fmt(registered))))
    text = ctx.text_block("metode")
    if text is not None:
        s.add(text)
    if ctx.by_rounds:
        rows = [RoundRow(ctx.county_names[c], str(r.year),
                         "–" if r.previous is None else str(r.previous), r.date or _("ukjent"),
                         r.source or "") for c, r in ctx.rounds.items() if c in ctx.counties]
        s.add(Paragraph(
            _("Hvert fylke telles i sin siste kartlegging, og sammenlignes med sin egen forrige "
              "kartlegging der fylket er kartlagt to ganger.")))
        s.add(ctx.table(_("Kartlegginger per fylke: året som telles, forrige kartlegging og "
                          "datoen kartleggingen ble avsluttet."),
                        Table.of(RoundRow, rows), len(rows),
                        headings={"ar": _("Kartleggingsår"), "forrige": _("Forrige kartlegging"),
                                  "dato": _("Avsluttet"), "kilde": _("Kilde")},
                        label="metode-tabell-runder"))
    else:
        s.add(Paragraph(
            _("Alle fylkene telles i {year}").format(year=ctx.year)
            + (_(" og sammenlignes med {compare}").format(compare=ctx.compare) if ctx.compare else "")
            + _(". Registeret har ingen tabell over kartleggingsrunder (kartlegginger), så "
                "datoene for kartleggingene er ikke kjent.")))
    return s


def _limits(ctx: Context) -> Section:
    s = Section("begrensninger", _("Begrensninger"))
    counted = scope.touching(ctx.view, ctx.county)
    no_year = sum(1 for x in counted if x.arrangement.etablert is None)
    by_hand = sum(1 for x in counted if x.arrangement.niva is not None)
    s.add(Paragraph(Xref(
        _("Registeret er ikke mer fullstendig enn kildene: ordninger kommunene ikke har oppgitt, "
          "mangler. Samarbeid som ikke er formelt (nettverk, prosjekter, foreninger) eller "
          "domineres av staten eller private, er registrert der det er kjent, men telles ikke; "
          "de står med grunnen i "), Label("datakvalitet-utelatt"), _(". En ordning som krysser en "
                                                                "fylkesgrense telles i hvert fylke den "
                                                                "har deltakere i, så fylkenes tall kan "
                                                                "ikke legges sammen."))))
    details = []
    if by_hand:
        details.append(_("{n} av de tellende ordningene har nivå satt for hånd i registeret i "
                         "stedet for etter regelen").format(n=fmt(by_hand)))
    if no_year:
        details.append(_("{n} mangler etableringsår").format(n=fmt(no_year)))
    if details:
        s.add(Paragraph("; ".join(details).capitalize() + "."))
    s.add(Paragraph(
        _("Innbyggertallet er SSBs folketall 1. januar i det året som analyseres (tabell "
          "07459), for kommunene slik de var det året; der det mangler, brukes nærmeste år med "
          "tall, og året står ved tabellene. Kommuner uten innbyggertall er utelatt fra "
          "analysene etter kommunestørrelse.")))
    return s

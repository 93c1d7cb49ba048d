"""Chapter "Organisering" (chapter 6 of the seed): legal forms, the councils' governance models
and host load."""

from __future__ import annotations

from samkart.analysis import organisation, rounds
from samkart.i18n import gettext as _
from samkart.report.context import Context
from samkart.report.document import Chapter, Paragraph, Section, fmt


def build(ctx: Context) -> Chapter:
    return Chapter("organisering", _("Organisering"), sections=[
        _legal_forms(ctx), _forms_between(ctx), _councils(ctx), _hosts(ctx)])


def _forms_between(ctx: Context) -> Section:
    """Legal forms round against round (NIVI's figure 6.3: Nordland 2010 against 2014)."""
    s = Section("tilknytningsform-endring", _("Tilknytningsform i to kartlegginger"))
    shown = False
    # one figure for all when there are many counties
    for c, name, before, after in ctx.compared_groups():
        t = rounds.form_changes(before, after, c)
        if not t.rows:
            continue
        shown = True
        s.add(ctx.figure(
            _("Tilknytningsform for ordningene i {name}, {year} og {year2}. Prosent.")
            .format(name=name, year=before.year, year2=after.year),
            ctx.chart("bar_chart", [r.navn for r in t.rows],
                      {str(before.year): [r.prosent_fra for r in t.rows],
                       str(after.year): [r.prosent_til for r in t.rows]},
                      _("Tilknytningsform {year} og {year2}, {name}").format(
                          year=before.year, year2=after.year, name=name),
                      horizontal=True, percent=True, decimals=1),
            sum(r.antall_til for r in t.rows),
            label=f"organisering-figur-former-{c or 'alle'}"))
        s.add(ctx.table(_("Tilknytningsform i {name}, {year} og {year2}.")
                        .format(name=name, year=before.year, year2=after.year), t,
                        sum(r.antall_til for r in t.rows), hidden=("tilknytningsform",),
                        headings={"antall_fra": _("Antall {year}").format(year=before.year),
                                  "prosent_fra": f"% {before.year}",
                                  "antall_til": _("Antall {year}").format(year=after.year),
                                  "prosent_til": f"% {after.year}"},
                        label=f"organisering-tabell-former-{c or 'alle'}"))
    if not shown:
        s.add(Paragraph(_("Ingen av fylkene i rapporten har en tidligere kartlegging å "
                          "sammenligne tilknytningsformene med."), "note"))
    return s


def _legal_forms(ctx: Context) -> Section:
    s = Section("tilknytningsform", _("Bruk av juridisk tilknytningsform"))
    for c, name in ctx.figure_groups():
        view = ctx.view_for(c)
        t = organisation.legal_forms(view, c)
        if not t.rows:
            continue
        shares = organisation.form_shares(view, c)
        s.add(Paragraph(
            _("{name}: {companies_percent} prosent av ordningene er interkommunale selskap eller "
              "aksjeselskap, og {political_percent} prosent er under politisk styring (felles "
              "folkevalgt nemnd, samkommune eller interkommunalt politisk råd).")
            .format(name=name, companies_percent=fmt(shares.companies_percent),
                    political_percent=fmt(shares.political_percent))))
        s.add(ctx.figure(
            _("Juridisk tilknytningsform for ordningene i {name}, {year}. Prosent.")
            .format(name=name, year=view.year),
            ctx.chart("bar_chart", [r.navn for r in t.rows], {"Andel": [r.prosent for r in t.rows]},
                      f"Tilknytningsform, {name}", horizontal=True, percent=True, decimals=1),
            shares.total))
        s.add(ctx.table(_("Tilknytningsform i {name}, {year}.")
                        .format(name=name, year=view.year), t, shares.total,
                        hidden=("tilknytningsform",), headings={"navn": _("Tilknytningsform")}))
    return s


def _councils(ctx: Context) -> Section:
    s = Section("styringsmodeller", _("Styringsmodeller i regionrådene"))
    counties = set(ctx.counties)
    t = organisation.council_governance(ctx.view).where(lambda r: bool(r.counties & counties))
    if not t.rows:
        # Not "no councils exist": the bundled data and the register know of none.
        s.add(Paragraph(_("Ingen regionråd er kjent for fylkene i rapporten i {year}, verken i "
                          "referansedataene eller i registeret; nivåene kan derfor ikke avledes "
                          "som regionale eller høyere.")
                        .format(year=ctx.year), "note"))
    else:
        s.add(ctx.table(_("Regionråd og samkommuner med styringsmodell og regionale ordninger, "
                          "{year}.")
                        .format(year=ctx.year), t, len(t.rows), hidden=("id", "type")))
    return s


def _hosts(ctx: Context) -> Section:
    s = Section("vertskommuner", _("Vertskommuner"))
    t = organisation.host_load(ctx.view, ctx.county).where(
        lambda r: ctx.view.municipalities[r.kommunenummer].fylkesnummer in ctx.counties)
    if not any(r.vertskommune_for for r in t.rows):
        s.add(Paragraph(_("Registeret oppgir ingen vertskommuner."), "note"))
    else:
        s.add(ctx.table(_("Kommunene som er vertskommune for flest ordninger, {year} (de 15 "
                          "første).")
                        .format(year=ctx.year), t.head(15), len(t.rows)))
    return s

"""Chapter "Organisering" (chapter 6 of the seed): legal forms, the councils' governance models
and host load."""

from __future__ import annotations

from samkart.analysis import organisation, rounds
from samkart.report.context import Context
from samkart.report.document import Chapter, Paragraph, Section, fmt


def build(ctx: Context) -> Chapter:
    return Chapter("organisering", "Organisering", sections=[
        _legal_forms(ctx), _forms_between(ctx), _councils(ctx), _hosts(ctx)])


def _forms_between(ctx: Context) -> Section:
    """Legal forms round against round (NIVI's figure 6.3: Nordland 2010 against 2014)."""
    s = Section("tilknytningsform-endring", "Tilknytningsform i to kartlegginger")
    shown = False
    for c, name in ctx.figure_groups():  # one figure for all when there are many counties
        before, after = ctx.before_for(c), ctx.view_for(c)
        if before is None:
            continue
        t = rounds.form_changes(before, after, c)
        if not t.rows:
            continue
        shown = True
        s.add(ctx.figure(
            f"Tilknytningsform for ordningene i {name}, {before.year} og {after.year}. Prosent.",
            ctx.chart("bar_chart", [r.navn for r in t.rows],
                      {str(before.year): [r.prosent_fra for r in t.rows],
                       str(after.year): [r.prosent_til for r in t.rows]},
                      f"Tilknytningsform {before.year} og {after.year}, {name}",
                      horizontal=True, percent=True, decimals=1),
            sum(r.antall_til for r in t.rows),
            label=f"organisering-figur-former-{c or 'alle'}"))
        s.add(ctx.table(f"Tilknytningsform i {name}, {before.year} og {after.year}.", t,
                        sum(r.antall_til for r in t.rows), hidden=("tilknytningsform",),
                        headings={"antall_fra": f"Antall {before.year}",
                                  "prosent_fra": f"% {before.year}",
                                  "antall_til": f"Antall {after.year}",
                                  "prosent_til": f"% {after.year}"},
                        label=f"organisering-tabell-former-{c or 'alle'}"))
    if not shown:
        s.add(Paragraph("Ingen av fylkene i rapporten har en tidligere kartlegging å "
                        "sammenligne tilknytningsformene med.", "note"))
    return s


def _legal_forms(ctx: Context) -> Section:
    s = Section("tilknytningsform", "Bruk av juridisk tilknytningsform")
    for c, name in ctx.figure_groups():
        view = ctx.view_for(c)
        t = organisation.legal_forms(view, c)
        if not t.rows:
            continue
        shares = organisation.form_shares(view, c)
        s.add(Paragraph(
            f"{name}: {fmt(shares.companies_percent)} prosent av ordningene er interkommunale "
            f"selskap eller aksjeselskap, og {fmt(shares.political_percent)} prosent er under "
            "politisk styring (felles folkevalgt nemnd, samkommune eller interkommunalt politisk "
            "råd)."))
        s.add(ctx.figure(
            f"Juridisk tilknytningsform for ordningene i {name}, {view.year}. Prosent.",
            ctx.chart("bar_chart", [r.navn for r in t.rows], {"Andel": [r.prosent for r in t.rows]},
                      f"Tilknytningsform, {name}", horizontal=True, percent=True, decimals=1),
            shares.total))
        s.add(ctx.table(f"Tilknytningsform i {name}, {view.year}.", t, shares.total,
                        hidden=("tilknytningsform",), headings={"navn": "Tilknytningsform"}))
    return s


def _councils(ctx: Context) -> Section:
    s = Section("styringsmodeller", "Styringsmodeller i regionrådene")
    counties = set(ctx.counties)
    t = organisation.council_governance(ctx.view).where(lambda r: bool(r.counties & counties))
    if not t.rows:
        # Not "no councils exist": the bundled data and the register know of none.
        s.add(Paragraph(f"Ingen regionråd er kjent for fylkene i rapporten i {ctx.year}, verken "
                        "i referansedataene eller i registeret; nivåene kan derfor ikke avledes "
                        "som regionale eller høyere.", "note"))
    else:
        s.add(ctx.table(f"Regionråd og samkommuner med styringsmodell og regionale ordninger, "
                        f"{ctx.year}.", t, len(t.rows), hidden=("id", "type")))
    return s


def _hosts(ctx: Context) -> Section:
    s = Section("vertskommuner", "Vertskommuner")
    t = organisation.host_load(ctx.view, ctx.county).where(
        lambda r: ctx.view.municipalities[r.kommunenummer].fylkesnummer in ctx.counties)
    if not any(r.vertskommune_for for r in t.rows):
        s.add(Paragraph("Registeret oppgir ingen vertskommuner.", "note"))
    else:
        s.add(ctx.table(f"Kommunene som er vertskommune for flest ordninger, {ctx.year} (de 15 "
                        "første).", t.head(15), len(t.rows)))
    return s

"""Chapter "Innhold i samarbeidet" (chapter 5 of the seed): sectors, task fields, what changed
between the two years, and the profile of the municipality with most arrangements."""

from __future__ import annotations

from collections import Counter

from samkart.analysis import content
from samkart.analysis.content import Statutory
from samkart.analysis.tables import MunicipalityRow, municipalities_table, norwegian_key
from samkart.domain.codes import Band, Level
from samkart.domain.sizes import SIZE_CLASSES, UNKNOWN
from samkart.i18n import N_
from samkart.i18n import gettext as _
from samkart.report.chapters.scope import population_basis_text
from samkart.report.context import (
    LEVEL_NAMES,
    PER_COUNTY_FIGURES,
    PRINT_LIMIT,
    PRINT_PARTNERS,
    Context,
    small,
    small_groups_note,
)
from samkart.report.document import Chapter, Paragraph, Section, fmt

NO_COMPARISON = N_("Rapporten sammenligner ikke med en tidligere kartlegging, så nye, avviklede "
                   "og endrede ordninger kan ikke vises.")
# The frequency bands (table of task fields) by the words the text gives them; the codes are the
# bokmål words.
BAND_WORDS = {Band.HYPPIG.code: N_("hyppig"), Band.VANLIG.code: N_("vanlig"),
              Band.SJELDEN.code: N_("sjelden"), Band.UVANLIG.code: N_("uvanlig")}


def build(ctx: Context) -> Chapter:
    return Chapter("innhold", _("Innhold i samarbeidet"), sections=[
        _sectors(ctx), _task_fields(ctx), _changes(ctx), _profile(ctx)])


def _sectors(ctx: Context) -> Section:
    s = Section("sektorer", _("Forekomst innenfor ulike sektorer"))
    groups = [c for c, _ in ctx.figure_groups()]
    group_names = dict(ctx.figure_groups())
    coarse = content.sector_shares(ctx.view, groups)
    if not coarse.rows:
        s.add(Paragraph(_("Ingen tellende ordninger."), "note"))
        return s
    n = sum(share.antall for r in coarse.rows for share in r.groups)
    by_group = [dict(zip(groups, r.groups, strict=True)) for r in coarse.rows]
    series = {group_names[c]: [shares[c].prosent for shares in by_group] for c in groups}
    s.add(ctx.figure(
        _("Grov sektorfordeling for tellende ordninger, {year}. Prosent av ordningene i hvert "
          "fylke.").format(year=ctx.year),
        ctx.chart("bar_chart", [r.navn for r in coarse.rows], series,
                  _("Grov sektorfordeling per fylke"), horizontal=True, percent=True, decimals=0),
        n))
    heads = {}
    for c in groups:
        heads[f"antall_{c or 'alle'}"] = _("Antall {name}").format(name=group_names[c])
        heads[f"prosent_{c or 'alle'}"] = f"% {group_names[c]}"
    s.add(ctx.table(_("Grov sektorfordeling, {year}.")
                    .format(year=ctx.year), coarse, n, hidden=("sektor",),
                    headings={"navn": _("Sektor"), **heads}))
    fine = content.sector_shares(ctx.view, groups, fine=True)
    if all(r.delsektor == content.NO_FINE_SECTOR for r in fine.rows):
        s.add(Paragraph(_("Registeret har ingen delsektorer; fin sektorfordeling kan ikke vises."),
                        "note"))
    else:
        s.add(ctx.table(_("Fin sektorfordeling (delsektor), {year}.")
                        .format(year=ctx.year), fine, n, long=True,
                        hidden=("sektor",), print_limit=PRINT_LIMIT,
                        headings={"navn": _("Sektor"), **heads}))
    return s


def _task_fields(ctx: Context) -> Section:
    s = Section("oppgavefelt", _("Deltakelse på oppgavefelt"))
    if not any(x.arrangement.oppgavefelt for x in ctx.view.counted()):
        s.add(Paragraph(_("Ingen tellende ordninger har oppgavefelt i registeret; andeler per "
                          "oppgavefelt kan ikke beregnes."), "note"))
        return s
    t = content.task_fields_by_county(ctx.view, ctx.counties)
    n = t.rows[0].n if t.rows else 0
    s.add(Paragraph(
        _("Andelen av kommunene som deltar i minst én tellende ordning med oppgavefeltet, "
          "gruppert i de fire frekvensbåndene fra kapittel 5.2 i NIVIs rapport: hyppig (over 50 "
          "prosent), vanlig (20–50), sjelden (10–20) og uvanlig (under 10).")))
    for band in Band:
        rows = [r for r in t.rows if r.band == band.code]
        if not rows:
            continue
        s.add(ctx.figure(
            _("Andel av kommunene som deltar i samarbeid: {lower}. Prosent, {year}.")
            .format(lower=band.label.lower(), year=ctx.year),
            ctx.chart("bar_chart", [r.navn for r in rows],
                      {_("Alle kommuner"): [r.prosent for r in rows]},
                      _("Oppgavefelt, {band}").format(band=band.label), horizontal=True,
                      percent=True, decimals=0, limit=100),
            n))
    # A county of few municipalities (Oslo has one) gives shares that jump by whole steps.
    counts = Counter(m.fylkesnummer for m in ctx.view.municipalities.values())
    heads = {f"prosent_{c}": small(f"% {ctx.county_names[c]}", counts[c]) for c in ctx.counties}
    per_county = len(ctx.counties) <= PER_COUNTY_FIGURES
    hide = ("kode",) if per_county else ("kode", *heads)
    # The bands by their words (as the text above names them), not their codes.
    shown = type(t)(t.columns, [r._replace(band=_(BAND_WORDS.get(r.band, r.band)))
                                for r in t.rows])
    s.add(ctx.table(_("Andel kommuner per oppgavefelt") + (_(" og fylke") if per_county else "")
                    + f", {ctx.year}.", shown, n, long=True, hidden=hide,
                    headings={"navn": _("Oppgavefelt"), **heads}))
    if per_county and (note := small_groups_note(
            [(ctx.county_names[c], counts[c]) for c in ctx.counties])):
        s.add(note)
    by_size = content.task_fields_by_size(ctx.view, ctx.counties)
    # The last row holds the number of municipalities in each class: few are flagged.
    members = dict(zip(by_size.columns[2:], by_size.rows[-1].classes, strict=True)) \
        if by_size.rows else {}
    if by_size.rows:
        by_size = type(by_size)(by_size.columns, [
            *by_size.rows[:-1], by_size.rows[-1]._replace(navn=_(N_("Antall kommuner")))])
    labels = {f"prosent_{c.code}": c.label for c in (*SIZE_CLASSES, UNKNOWN)}
    s.add(ctx.table(_("Andel kommuner per oppgavefelt etter kommunestørrelse, {year}. Siste rad: "
                      "antall kommuner i klassen.")
                    .format(year=ctx.year), by_size, n, long=True, hidden=("kode",),
                    headings={"navn": _("Oppgavefelt"), **{
                        col: small(label, int(members.get(col, 0)))
                        for col, label in labels.items()}}))
    if note := small_groups_note([(labels[col], int(m)) for col, m in members.items()]):
        s.add(note)
    in_counties = [k for k, m in ctx.view.municipalities.items()
                   if m.fylkesnummer in ctx.counties]
    years = ctx.view.population_years(in_counties)
    s.add(Paragraph(population_basis_text(ctx.year, years,
                                          len(in_counties) - sum(years.values())), "note"))
    return s


def _changes(ctx: Context) -> Section:
    s = Section("trend", _("Endringer i samarbeidets innhold"))
    if not ctx.compares():
        s.add(Paragraph(_(NO_COMPARISON), "note"))
        return s
    for c, name, before, after in ctx.compared_groups():
        t = content.changes_between(before, after, c)
        if not t.rows:
            continue
        new = sum(r.nye for r in t.rows)
        statutory = sum(r.nye for r in t.rows if r.lovpalagt is Statutory.JA)
        s.add(Paragraph(
            _("{name}: {new} nye ordninger fra {year} til {year2}, hvorav {statutory} gjelder "
              "lovpålagte oppgaver; {value} erstatter en tidligere ordning, {value2} er avviklet "
              "og {value3} har fått flere deltakere.")
            .format(name=name, new=fmt(new), year=before.year, year2=after.year,
                    statutory=statutory, value=sum(r.reorganiserte for r in t.rows),
                    value2=sum(r.avviklede for r in t.rows),
                    value3=sum(r.utvidede for r in t.rows))))
        s.add(ctx.table(_("Nye, reorganiserte, avviklede og utvidede ordninger i {name}, "
                          "{year}–{year2}, etter sektor og om oppgaven er lovpålagt.")
                        .format(name=name, year=before.year, year2=after.year),
                        t, new, hidden=("sektor",), headings={"navn": _("Sektor")}))
    return s


def _profile(ctx: Context) -> Section:
    s = Section("profil", _("Innblikk i samarbeidet til kommunen med flest ordninger"),
                new_page=True)
    # Every municipality with the most is named (NIVI's "norgesmestere" Evenes and Tjeldsund
    # share the top); the profile shows the first of them in Norwegian order.
    tops: list[tuple[str, MunicipalityRow]] = []
    for c in ctx.counties:
        for row in municipalities_table(ctx.view_for(c), c).rows:
            if tops and row.sum < tops[0][1].sum:
                break
            if not tops or row.sum > tops[0][1].sum:
                tops = [(c, row)]
            elif row.sum == tops[0][1].sum:
                tops.append((c, row))
    if not tops or tops[0][1].sum == 0:
        s.add(Paragraph(_("Ingen kommune har tellende ordninger."), "note"))
        return s
    tops.sort(key=lambda x: norwegian_key(x[1].kommune))
    county, top = tops[0]
    view = ctx.view_for(county)
    t = content.municipality_profile(view, top.kommunenummer)
    # Readers get the level's name, as in the seed's table 5.1, not the register's code.
    t = type(t)(t.columns, [r._replace(niva=_level_name(r.niva)) for r in t.rows])
    if len(tops) == 1:
        s.add(Paragraph(_("{kommune} deltar i flest ordninger: {sum} i {year}.")
                        .format(kommune=top.kommune, sum=top.sum, year=view.year)))
    else:
        several_years = len({ctx.year_of(c) for c, _ in tops}) > 1
        names = [f"{r.kommune} ({ctx.year_of(c)})" if several_years else r.kommune
                 for c, r in tops]
        s.add(Paragraph(
            ", ".join(names[:-1]) + _(" og ") + names[-1]
            + (_(" deltar begge") if len(names) == 2 else _(" deltar alle"))
            + _(" i flest ordninger, {sum} hver. Tabellen viser {kommune}.")
              .format(sum=top.sum, kommune=top.kommune)))
    s.add(ctx.table(_("Formaliserte samarbeidsordninger for {kommune} kommune, {year}.")
                    .format(kommune=top.kommune, year=view.year), t,
                    len(t.rows), hidden=("id", "antall_partnere"), long=True,
                    print_limit=PRINT_LIMIT, print_list_limit=PRINT_PARTNERS,
                    css_class="profile"))
    return s


def _level_name(code: str) -> str:
    level = Level.parse(code)
    return LEVEL_NAMES[level] if level else code

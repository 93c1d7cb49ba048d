"""Chapter "Datakvalitet": what the definition excludes and why, missing values, inconsistencies,
and the register against NIVI Analyse's published figures where they cover the year."""

from __future__ import annotations

import re
from collections import Counter

from samkart.analysis import quality
from samkart.analysis.tables import Table
from samkart.domain.codes import Level
from samkart.domain.definition import Reason
from samkart.i18n import N_
from samkart.i18n import gettext as _
from samkart.reference import published
from samkart.register.schema import ORDNINGER
from samkart.report.context import LEVEL_NAMES, PRINT_LIMIT, Context
from samkart.report.document import Chapter, Label, Paragraph, Section, Xref, fmt

# Where the report uses each optional column of ``ordninger`` (the analysis names the use).
USED_IN = {
    "etablert": (Label("omfang-etableringsar"), Label("innhold-trend")),
    "delsektor": (Label("innhold-sektorer"),),
    "oppgavefelt": (Label("innhold-oppgavefelt"),),
    "lovpalagt": (Label("innhold-trend"),),
    "vertskommune": (Label("organisering-vertskommuner"),),
}


REASONS = {Reason.NOT_FORMAL: N_("ikke formelle"),
           Reason.NOT_MUNICIPAL: N_("ikke kommunalt dominert"),
           Reason.AS_MINORITY: N_("AS uten kommunal majoritet"), Reason.NOT_ACTIVE: N_("ikke aktive"),
           Reason.TOO_FEW: N_("med færre enn to deltakere")}
# The short names of the columns of ``ordninger`` (their labels in samkart/register/schema.py
# up to " ("), for the report's catalogue: the labels themselves are the interface's.
COLUMN_NAMES = (
    N_("Id"), N_("Navn"), N_("Tilknytningsform"), N_("Sektor"), N_("Delsektor"),
    N_("Oppgavefelt"), N_("Lovpålagt oppgave"), N_("Vertskommune"), N_("Etablert"),
    N_("Avviklet"), N_("Nivå"), N_("Organisasjonsnummer"), N_("Kommunal eierandel"),
    N_("Dominerende part"), N_("Type"), N_("Erstatter"), N_("Budsjett"), N_("Årsverk"),
    N_("Merknad"), N_("Kilde"))
LEVEL_CODE = re.compile(r"\b(" + "|".join(level.code for level in Level) + r")\b")


def column_name(column: str) -> str:
    """The name people use for a column of ``ordninger`` ("Budsjett", not ``budsjett_nok``);
    what the register format says in brackets about how to fill it in is left out."""
    try:
        return _(ORDNINGER.column(column).label.split(" (")[0])
    except KeyError:
        return column


def _level_name(match: re.Match[str]) -> str:
    level = Level.parse(match.group(1))
    return LEVEL_NAMES[level].lower() if level else match.group(1)


def build(ctx: Context) -> Chapter:
    return Chapter("datakvalitet", _("Datakvalitet"), sections=[
        _excluded(ctx), _missing(ctx), _inconsistencies(ctx), _law(ctx), _published(ctx)])


def _excluded(ctx: Context) -> Section:
    s = Section("utelatt", _("Registrerte ordninger som ikke telles"))
    t = ctx.mine(quality.excluded(ctx.view))
    if not t.rows:
        s.add(Paragraph(_("Alle registrerte ordninger telles i året."), "note"))
        return s
    reasons = Counter(r.hovedgrunn for r in t.rows)
    s.add(Paragraph(_("{rows} registrerte ordninger telles ikke i {year}: ")
                    .format(rows=fmt(len(t.rows)), year=ctx.year)
                    + ", ".join(f"{n} {_(REASONS[k]) if k in REASONS else k}"
                                for k, n in sorted(reasons.items()))
                    + "."))
    s.add(ctx.table(_("Ordninger som ikke telles, med grunn."), t, len(t.rows),
                    hidden=("hovedgrunn",), long=True, print_limit=PRINT_LIMIT))
    return s


def _missing(ctx: Context) -> Section:
    s = Section("mangler", _("Manglende verdier"))
    t = quality.missing_values(ctx.register, ctx.scope_ids)
    t = type(t)(t.columns, [r._replace(kolonne=column_name(r.kolonne),
                                       # an Xref until the report is numbered
                                       brukes_til=_where_used(r.kolonne,  # type: ignore[arg-type]
                                                              r.brukes_til))
                            for r in t.rows])
    s.add(ctx.table(_("Tomme verdier i valgfrie kolonner av ordninger."), t,
                    t.rows[0].av if t.rows else 0))
    return s


def _where_used(column: str, use: str) -> str | Xref:
    use = _(use)
    refs = USED_IN.get(column)
    if not refs:
        return use
    parts: list[str | Label] = [use, " ("]
    for i, ref in enumerate(refs):
        parts += [", "] if i else []
        parts.append(ref)
    return Xref(*parts, ")")


def _inconsistencies(ctx: Context) -> Section:
    s = Section("avvik", _("Innbyrdes avvik"))
    t = ctx.mine(quality.inconsistencies(ctx.view))
    if not t.rows:
        s.add(Paragraph(_("Ingen avvik funnet."), "note"))
        return s
    # Readers get the column's and the levels' names, not the register's codes.
    # (the printed table holds names where the analysis's has codes)
    t = type(t)(t.columns, [r._replace(kolonne=column_name(r.kolonne),  # type: ignore[arg-type]
                                       problem=LEVEL_CODE.sub(_level_name, r.problem))
                            for r in t.rows])
    kinds = Counter(r.kolonne.lower() for r in t.rows)
    s.add(Paragraph(
        _("{rows} forhold bør sjekkes: ").format(rows=len(t.rows))
        + ", ".join(_("{n} gjelder {column}").format(n=n, column=k)
                    for k, n in sorted(kinds.items()))
        + _(". Et nivå satt for hånd som avviker fra regelen er ikke en feil, men bør kunne "
            "begrunnes.")))
    s.add(ctx.table(_("Forhold i registeret som bør sjekkes."), t, len(t.rows), long=True,
                    print_limit=PRINT_LIMIT))
    return s


def _law(ctx: Context) -> Section:
    s = Section("kommuneloven", _("Kommuneloven 2018"))
    t = ctx.mine(quality.law_findings(ctx.view))
    if not t.rows:
        s.add(Paragraph(_("Ingen ordninger aktive i {year} bryter reglene fra kommuneloven 2018 "
                          "som samkart kontrollerer.")
                        .format(year=ctx.year), "note"))
        return s
    rules = Counter(r.hjemmel for r in t.rows)
    s.add(Paragraph(
        _("{rows} forhold i {year} stemmer ikke med kommuneloven 2018 (LOV-2018-06-22-83, i "
          "kraft fra kommunestyrenes konstituerende møter høsten 2019): ")
        .format(rows=len(t.rows), year=ctx.year)
        + ", ".join(_("{n} etter {paragraph}").format(n=n, paragraph=k)
                    for k, n in sorted(rules.items()))
        + _(". Registeret kan likevel være riktig om det beskriver en overgang.")))
    s.add(ctx.table(_("Ordninger som bryter regler i kommuneloven 2018, med hjemmel og "
                      "ikrafttredelse."), t, len(t.rows), hidden=("regel",), long=True,
                    print_limit=PRINT_LIMIT))
    return s


def _published(ctx: Context) -> Section:
    s = Section("publisert", _("Avstemming mot NIVIs publiserte tall"))
    rows = [r for r in published.municipality_rows()
            if r.fylkesnummer in ctx.counties and r.year == ctx.year_of(r.fylkesnummer)]
    if not rows:
        s.add(Paragraph(_("NIVI har ikke publisert tall per kommune for {year} i fylkene i "
                          "rapporten.").format(year=ctx.year), "note"))
        return s
    parts = [quality.compare_published(ctx.views(y), [r for r in rows if r.year == y])
             for y in sorted({r.year for r in rows})]
    t = Table(parts[0].columns, [r for p in parts for r in p.rows])
    differing = [r for r in t.rows if not r.matches]
    s.add(Paragraph(
        _("{value} av {rows} kommuner stemmer med tabellene 4.2–4.5 i NIVIs rapport. ")
        .format(value=len(t.rows) - len(differing), rows=len(t.rows))
        + " ".join(f"{r.kommune}: {r.status}." for r in differing)))
    s.add(ctx.table(_("Registeret mot NIVIs tall per kommune, {years_text}.")
                    .format(years_text=ctx.years_text()), t, len(t.rows),
                    long=True))
    return s

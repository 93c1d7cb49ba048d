"""Chapter "Datakvalitet": what the definition excludes and why, missing values, inconsistencies,
and the register against NIVI Analyse's published figures where they cover the year."""

from __future__ import annotations

from collections import Counter

from samkart.analysis import quality
from samkart.analysis.tables import Table
from samkart.reference import published
from samkart.report.context import PRINT_LIMIT, Context
from samkart.report.document import Chapter, Label, Paragraph, Section, Xref

# Where the report uses each optional column of ``ordninger`` (the analysis names the use).
USED_IN = {
    "etablert": (Label("omfang-etableringsar"), Label("innhold-trend")),
    "delsektor": (Label("innhold-sektorer"),),
    "oppgavefelt": (Label("innhold-oppgavefelt"),),
    "lovpalagt": (Label("innhold-trend"),),
    "vertskommune": (Label("organisering-vertskommuner"),),
}


def build(ctx: Context) -> Chapter:
    return Chapter("datakvalitet", "Datakvalitet", sections=[
        _excluded(ctx), _missing(ctx), _inconsistencies(ctx), _published(ctx)])


def _excluded(ctx: Context) -> Section:
    s = Section("utelatt", "Registrerte ordninger som ikke telles")
    t = ctx.mine(quality.excluded(ctx.view))
    if not t.rows:
        s.add(Paragraph("Alle registrerte ordninger telles i året.", "note"))
        return s
    reasons = Counter(r.hovedgrunn for r in t.rows)
    s.add(Paragraph(f"{len(t.rows)} registrerte ordninger telles ikke i {ctx.year}: "
                    + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(reasons.items()))
                    + "."))
    s.add(ctx.table("Ordninger som ikke telles, med grunn.", t, len(t.rows),
                    hidden=("hovedgrunn",), long=True, print_limit=PRINT_LIMIT))
    return s


def _missing(ctx: Context) -> Section:
    s = Section("mangler", "Manglende verdier")
    t = quality.missing_values(ctx.register, ctx.scope_ids)
    t = type(t)(t.columns, [r._replace(brukes_til=_where_used(r.kolonne, r.brukes_til))
                            for r in t.rows])
    s.add(ctx.table("Tomme verdier i valgfrie kolonner av ordninger.", t,
                    t.rows[0].av if t.rows else 0))
    return s


def _where_used(column: str, use: str) -> str | Xref:
    refs = USED_IN.get(column)
    if not refs:
        return use
    parts: list[str | Label] = [use, " ("]
    for i, ref in enumerate(refs):
        parts += [", "] if i else []
        parts.append(ref)
    return Xref(*parts, ")")


def _inconsistencies(ctx: Context) -> Section:
    s = Section("avvik", "Innbyrdes avvik")
    t = ctx.mine(quality.inconsistencies(ctx.view))
    if not t.rows:
        s.add(Paragraph("Ingen avvik funnet.", "note"))
        return s
    kinds = Counter(r.kolonne for r in t.rows)
    s.add(Paragraph(
        f"{len(t.rows)} forhold bør sjekkes: "
        + ", ".join(f"{n} gjelder {k}" for k, n in sorted(kinds.items()))
        + ". Et nivå satt for hånd som avviker fra regelen er ikke en feil, men bør kunne "
          "begrunnes."))
    s.add(ctx.table("Forhold i registeret som bør sjekkes.", t, len(t.rows), long=True,
                    print_limit=PRINT_LIMIT))
    return s


def _published(ctx: Context) -> Section:
    s = Section("publisert", "Avstemming mot NIVIs publiserte tall")
    rows = [r for r in published.municipality_rows()
            if r.fylkesnummer in ctx.counties and r.year == ctx.year_of(r.fylkesnummer)]
    if not rows:
        s.add(Paragraph(f"NIVI har ikke publisert tall per kommune for {ctx.year} i fylkene i "
                        "rapporten.", "note"))
        return s
    parts = [quality.compare_published(ctx.views(y), [r for r in rows if r.year == y])
             for y in sorted({r.year for r in rows})]
    t = Table(parts[0].columns, [r for p in parts for r in p.rows])
    differing = [r for r in t.rows if not r.matches]
    s.add(Paragraph(
        f"{len(t.rows) - len(differing)} av {len(t.rows)} kommuner stemmer med tabellene 4.2–4.5 "
        "i NIVIs rapport. " + " ".join(f"{r.kommune}: {r.status}." for r in differing)))
    s.add(ctx.table(f"Registeret mot NIVIs tall per kommune, {ctx.years_text()}.", t, len(t.rows),
                    long=True))
    return s

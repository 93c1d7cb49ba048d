"""Data quality: what the definition excludes and why, what is missing, and what does not add up.

Errors that make a register invalid are found by validation and never get this far; these are the
things a valid register can still hold that an analyst should look at before publishing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from samkart.analysis.tables import Table, municipalities_table, norwegian_key, percent
from samkart.analysis.yearview import YearView
from samkart.domain.codes import LEVEL_ORDER, LegalForm
from samkart.domain.levels import derive_level
from samkart.register.model import Register

if TYPE_CHECKING:  # published figures come from the demo's calibration data or a caller
    from samkart.demo.published import MunicipalityRow

# Optional columns of ``ordninger`` whose absence weakens an analysis, with the analysis.
OPTIONAL_COLUMNS = (
    ("etablert", "etableringsår (kap. 4.2), endringer (kap. 5.4)"),
    ("delsektor", "fin sektorfordeling (figur 5.2)"),
    ("oppgavefelt", "oppgavefelt (figur 5.3-5.6, tabell 5.1)"),
    ("lovpalagt", "lovpålagte oppgaver (kap. 5.4)"),
    ("vertskommune", "vertskommunebelastning (kap. 6)"),
    ("niva", "nivå satt for hånd (ellers avledet)"),
    ("orgnr", "kobling til Enhetsregisteret"),
    ("budsjett_nok", "økonomisk omfang"),
    ("arsverk", "omfang i årsverk"),
)


def excluded(view: YearView) -> Table:
    """Arrangements the definition does not count in the year, with every reason."""
    rows = [
        (s.arrangement.id, s.arrangement.navn, s.verdict.exclusions[0].reason.value,
         s.verdict.reason_text())
        for s in view.statuses.values()
        if not s.verdict.counted
    ]
    return Table(("id", "navn", "hovedgrunn", "grunn"), rows)


def missing_values(register: Register, ids: Collection[str] | None = None) -> Table:
    """Per optional column of ``ordninger``: how many arrangements (those of ``ids`` when given)
    leave it empty."""
    arrangements = [a for a in register.arrangements.values() if ids is None or a.id in ids]
    total = len(arrangements)
    rows = []
    for column, use in OPTIONAL_COLUMNS:
        if column == "oppgavefelt":
            empty = sum(1 for a in arrangements if not a.oppgavefelt)
        else:
            empty = sum(1 for a in arrangements if getattr(a, column) in (None, ""))
        rows.append((column, use, empty, total, percent(empty, total)))
    return Table(("kolonne", "brukes_til", "mangler", "av", "prosent"), rows)


def inconsistencies(view: YearView) -> Table:
    """Counted arrangements of the year whose data disagree with themselves or with the rules:
    a hand-set level other than the rule's, host-municipality cooperation without a host, a host
    that does not take part this year, a replaced arrangement still active, an establishment year
    after the year it replaced its predecessor."""
    arrangements = view.register.arrangements
    rows = []
    for s in view.counted():
        a = s.arrangement
        if a.niva is not None:
            derived = derive_level(s.participants, view.councils)
            if derived is not a.niva:
                rows.append((a.id, a.navn, "niva",
                             f"nivå satt til {a.niva.code}, regelen gir {derived.code}"))
        if a.tilknytningsform in (LegalForm.VERTSKOMMUNE, LegalForm.VERTSKOMMUNE_NEMND) and not (
            a.vertskommune
        ):
            rows.append((a.id, a.navn, "vertskommune", "vertskommunesamarbeid uten vertskommune"))
        elif a.vertskommune and a.vertskommune not in s.participants:
            rows.append((a.id, a.navn, "vertskommune",
                         f"vertskommunen {a.vertskommune} deltar ikke i {view.year}"))
        if a.erstatter and a.erstatter in arrangements:
            old = arrangements[a.erstatter]
            if old.active_in(view.year) and view.statuses[old.id].verdict.counted:
                rows.append((a.id, a.navn, "erstatter",
                             f"erstatter {old.id}, som fortsatt er aktiv i {view.year}"))
    rows.sort(key=lambda r: (r[2], r[0]))
    return Table(("id", "navn", "kolonne", "problem"), rows)


def compare_published(view: YearView, published: Iterable[MunicipalityRow]) -> Table:
    """The register against a published per-municipality table for the view's year: where the
    printed total does not equal its parts, and where the register differs from the parts."""
    mine = {
        (view.municipalities[str(r[0])].fylkesnummer, str(r[1]).casefold()): r
        for r in municipalities_table(view).rows
    }
    rows = []
    for p in published:
        if p.year != view.year:
            continue
        parts = [p.counts[level] for level in LEVEL_ORDER]
        r = mine.get((p.fylkesnummer, p.kommune.casefold()))
        got = [int(x) for x in r[2:5]] if r else None
        notes = []
        if p.printed_sum != sum(parts):
            notes.append(f"trykt sum {p.printed_sum} ≠ summen av delene {sum(parts)}")
        if got is None:
            notes.append("kommunen finnes ikke i registeret dette året")
        elif got != parts:
            notes.append("registeret avviker fra de publiserte tallene")
        rows.append((p.fylkesnummer, p.kommune, *parts, p.printed_sum,
                     *(got if got else (None, None, None)),
                     "; ".join(notes) or "stemmer"))
    rows.sort(key=lambda r: (r[-1] == "stemmer", r[0], norwegian_key(str(r[1]))))
    return Table(("fylkesnummer", "kommune", "hoyere_publisert", "regional_publisert",
                  "lokal_publisert", "sum_trykt", "hoyere", "regional", "lokal", "status"), rows)

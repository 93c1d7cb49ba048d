"""Data quality: what the definition excludes and why, what is missing, and what does not add up.

Errors that make a register invalid are found by validation and never get this far; these are the
things a valid register can still hold that an analyst should look at before publishing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from enum import StrEnum
from typing import NamedTuple

from samkart.analysis.tables import Table, municipalities_table, norwegian_key, percent
from samkart.analysis.yearview import YearView
from samkart.domain.codes import LEVEL_ORDER, LegalForm, Role
from samkart.domain.definition import Reason
from samkart.domain.levels import derive_level
from samkart.i18n import gettext as _
from samkart.i18n import gettext_noop
from samkart.reference.lawrules import findings
from samkart.reference.published import MunicipalityRow
from samkart.register.model import Register

# Optional columns of ``ordninger`` whose absence weakens an analysis, with the analysis (in words:
# the report adds where it stands in the report).
OPTIONAL_COLUMNS = (
    ("etablert", gettext_noop("etableringsår og endringer")),
    ("delsektor", gettext_noop("fin sektorfordeling")),
    ("oppgavefelt", gettext_noop("deltakelse på oppgavefelt")),
    ("lovpalagt", gettext_noop("lovpålagte oppgaver blant endringene")),
    ("vertskommune", gettext_noop("vertskommunebelastning")),
    ("niva", gettext_noop("nivå satt for hånd (ellers avledet)")),
    ("orgnr", gettext_noop("kobling til Enhetsregisteret")),
    ("budsjett_nok", gettext_noop("økonomisk omfang")),
    ("arsverk", gettext_noop("omfang i årsverk")),
)


class ExcludedRow(NamedTuple):
    """An arrangement the definition does not count in the year."""

    id: str
    navn: str
    hovedgrunn: Reason  # the first reason, in the order of the definition
    grunn: str  # every reason, "; "-separated


def excluded(view: YearView) -> Table[ExcludedRow]:
    """Arrangements the definition does not count in the year, with every reason."""
    rows = [
        ExcludedRow(id=s.arrangement.id, navn=s.arrangement.navn,
                    hovedgrunn=s.verdict.exclusions[0].reason, grunn=s.verdict.reason_text())
        for s in view.statuses.values()
        if not s.verdict.counted
    ]
    return Table.of(ExcludedRow, rows)


class MissingRow(NamedTuple):
    """One optional column of ``ordninger``: how many arrangements leave it empty."""

    kolonne: str
    brukes_til: str
    mangler: int
    av: int
    prosent: float


def missing_values(register: Register, ids: Collection[str] | None = None) -> Table[MissingRow]:
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
        rows.append(MissingRow(kolonne=column, brukes_til=use, mangler=empty, av=total,
                               prosent=percent(empty, total)))
    return Table.of(MissingRow, rows)


class Check(StrEnum):
    """The column of ``ordninger`` an inconsistency is about."""

    NIVA = "niva"
    VERTSKOMMUNE = "vertskommune"
    ERSTATTER = "erstatter"


class InconsistencyRow(NamedTuple):
    """A counted arrangement whose data disagree with themselves or with the rules."""

    id: str
    navn: str
    kolonne: Check
    problem: str


def inconsistencies(view: YearView) -> Table[InconsistencyRow]:
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
                rows.append(InconsistencyRow(
                    a.id, a.navn, Check.NIVA,
                    _("nivå satt til {set}, regelen gir {rule}").format(set=a.niva.code,
                                                                         rule=derived.code)))
        if a.tilknytningsform in (LegalForm.VERTSKOMMUNE, LegalForm.VERTSKOMMUNE_NEMND) and not (
            a.vertskommune
        ):
            rows.append(InconsistencyRow(a.id, a.navn, Check.VERTSKOMMUNE,
                                         _("vertskommunesamarbeid uten vertskommune")))
        elif a.vertskommune and s.host is None:
            rows.append(InconsistencyRow(
                a.id, a.navn, Check.VERTSKOMMUNE,
                _("vertskommunen {host} deltar ikke i {year}").format(host=a.vertskommune,
                                                                      year=view.year)))
        if a.erstatter and a.erstatter in arrangements:
            old = arrangements[a.erstatter]
            if old.active_in(view.year) and view.statuses[old.id].verdict.counted:
                rows.append(InconsistencyRow(
                    a.id, a.navn, Check.ERSTATTER,
                    _("erstatter {old}, som fortsatt er aktiv i {year}").format(old=old.id,
                                                                                year=view.year)))
    rows.sort(key=lambda r: (r.kolonne, r.id))
    return Table.of(InconsistencyRow, rows)


class LawFindingRow(NamedTuple):
    """An arrangement active in the year that breaks a rule of the 2018 Local Government Act
    (``reference/data/lovregler.csv``)."""

    id: str
    navn: str
    regel: str  # the rule's id
    hjemmel: str  # short citation
    ikraft: str  # ISO date the provision took effect
    problem: str


def law_findings(view: YearView) -> Table[LawFindingRow]:
    """Arrangements active in the year (counted or not) that break a rule of the Act in it."""
    hosts: dict[str, set[str]] = {}
    for p in view.register.participations:
        if p.rolle is Role.VERTSKOMMUNE:
            hosts.setdefault(p.ordning_id, set()).add(p.kommunenummer)
    rows = [
        LawFindingRow(s.arrangement.id, s.arrangement.navn, f.rule.id, f.rule.cited,
                      f.rule.in_force, f.message)
        for s in view.statuses.values()
        for f in findings(s.arrangement, hosts.get(s.arrangement.id, ()), view.year)
    ]
    rows.sort(key=lambda r: (r.regel, r.id))
    return Table.of(LawFindingRow, rows)


class Agreement(StrEnum):
    """The ``status`` of a municipality whose published figures all add up and equal the
    register's (otherwise the status says what does not)."""

    MATCHES = "stemmer"


class PublishedRow(NamedTuple):
    """A municipality's published counts by level against the register's."""

    fylkesnummer: str
    kommune: str
    hoyere_publisert: int
    regional_publisert: int
    lokal_publisert: int
    sum_trykt: int
    hoyere: int | None  # None when the municipality is not in the register that year
    regional: int | None
    lokal: int | None
    status: str  # Agreement.MATCHES, or what does not add up, "; "-separated

    @property
    def matches(self) -> bool:
        return self.status == Agreement.MATCHES


def compare_published(view: YearView, published: Iterable[MunicipalityRow]
                      ) -> Table[PublishedRow]:
    """The register against a published per-municipality table for the view's year: where the
    printed total does not equal its parts, and where the register differs from the parts."""
    mine = {
        (view.municipalities[r.kommunenummer].fylkesnummer, r.kommune.casefold()): r
        for r in municipalities_table(view).rows
    }
    rows = []
    for p in published:
        if p.year != view.year:
            continue
        parts = [p.counts[level] for level in LEVEL_ORDER]
        r = mine.get((p.fylkesnummer, p.kommune.casefold()))
        got = [r.level(level) for level in LEVEL_ORDER] if r else None
        notes = []
        if p.printed_sum != sum(parts):
            notes.append(_("trykt sum {printed} ≠ summen av delene {parts}")
                         .format(printed=p.printed_sum, parts=sum(parts)))
        if got is None:
            notes.append(_("kommunen finnes ikke i registeret dette året"))
        elif got != parts:
            notes.append(_("registeret avviker fra de publiserte tallene"))
        published_cells = {f"{level.code}_publisert": n for level, n in zip(LEVEL_ORDER, parts,
                                                                            strict=True)}
        register_cells = {level.code: (got[i] if got else None)
                          for i, level in enumerate(LEVEL_ORDER)}
        rows.append(PublishedRow(fylkesnummer=p.fylkesnummer, kommune=p.kommune,
                                 **published_cells, sum_trykt=p.printed_sum,
                                 **register_cells,  # type: ignore[arg-type]
                                 status="; ".join(notes) or Agreement.MATCHES))
    rows.sort(key=lambda r: (r.matches, r.fylkesnummer, norwegian_key(r.kommune)))
    return Table.of(PublishedRow, rows)

"""Keeping a register in step with Enhetsregisteret: compare by ``orgnr``, then apply.

:func:`compare` finds, for the arrangements of a register that have an ``orgnr`` and lie in the
import's scope (a participant in it, or a unit the import looked at):

* **new** -- an arrangement the import made whose orgnr the register does not have;
* **ended** -- a unit deleted (``slettedato``), under winding-up or bankrupt, whose arrangement
  the register has as running;
* **renamed** -- a different name (letter case and spacing aside: a person may have written
  "Salten Brann IKS" for "SALTEN BRANN IKS");
* **participants** -- municipalities that joined or left an IKS (participants that come from
  roles only; a register's participants of a named legal person are a person's work);
* **unknown** -- an orgnr Enhetsregisteret does not have: not in a whole units file (deleted
  units are not in the download, so it is deleted or mistyped), or not found by the API
  (404, or 410: withdrawn from publication). Reported, never changed.

:func:`apply` makes the new register: new arrangements added (id ``brreg-<orgnr>``), ended ones
given ``avviklet``, names replaced, participations of municipalities that left ended (``til``,
the year the data was fetched) and of those that joined started (``fra``, the same year).
Arrangements without an orgnr are never touched.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from enum import StrEnum

from samkart.domain.codes import Role
from samkart.domain.entities import Arrangement, Participation
from samkart.i18n import gettext as _
from samkart.register.model import Register
from samkart.sources.brreg.models import Scope
from samkart.sources.brreg.rules import ImportResult, Mapped, SourceData, years_of

SHARE_COLUMN = "ansvarsandel"


class Kind(StrEnum):
    NEW = "ny"
    ENDED = "avsluttet"
    RENAMED = "nytt navn"
    PARTICIPANTS = "deltakere"
    UNKNOWN = "ukjent"


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference between the register and Enhetsregisteret."""

    kind: Kind
    orgnr: str
    key: str | None
    """The arrangement's id in the register (None for a new one)."""
    navn: str
    detail: str
    new_name: str | None = None
    avviklet: int | None = None
    joined: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    shares: tuple[tuple[str, str], ...] = ()
    """(kommunenummer, ansvarsandel) of the municipalities that joined."""

    @property
    def applies(self) -> bool:
        """Whether ``--commit`` changes anything for it (an unknown orgnr is only reported)."""
        return self.kind is not Kind.UNKNOWN

    def line(self) -> str:
        who = f"{self.key} {self.navn}" if self.key else self.navn
        return f"{self.kind.value:<10} {self.orgnr}  {who}: {self.detail}"


@dataclass(slots=True)
class Comparison:
    scope: Scope
    year: int
    differences: list[Difference] = field(default_factory=list)
    unchanged: int = 0
    new: dict[str, Mapped] = field(default_factory=dict)
    candidates_outside: int = 0
    """Candidates (KF, AS ...) whose orgnr the register does not have."""

    @property
    def changes(self) -> list[Difference]:
        return [d for d in self.differences if d.applies]


def _same_name(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\s+", " ", s).strip().casefold()
    return norm(a) == norm(b)


def _by_arrangement(register: Register) -> dict[str, list[Participation]]:
    out: dict[str, list[Participation]] = {}
    for p in register.participations:
        out.setdefault(p.ordning_id, []).append(p)
    return out


def _active_numbers(parts: list[Participation], year: int) -> set[str]:
    return {p.kommunenummer for p in parts if p.til is None or p.til > year}


def _in_scope(parts: list[Participation], scope: Scope) -> bool:
    return scope.everywhere or any(scope.covers(p.kommunenummer) for p in parts)


def _names(register: Register, numbers: tuple[str, ...], year: int) -> str:
    out = []
    for k in numbers:
        m = register.municipalities.valid(k, year) or register.municipalities.any_version(k)
        out.append(f"{k} {m.navn}" if m else k)
    return ", ".join(out)


def orgnrs_to_check(register: Register, scope: Scope) -> set[str]:
    """The orgnrs of the register's arrangements in ``scope`` (a participant there), to be looked
    up when the import does not find them."""
    parts = _by_arrangement(register)
    return {a.orgnr for a in register.arrangements.values()
            if a.orgnr and _in_scope(parts.get(a.id, []), scope)}


def compare(register: Register, result: ImportResult, data: SourceData) -> Comparison:
    """The differences between ``register`` and what the import made of Enhetsregisteret."""
    year = result.fetched.year
    out = Comparison(result.scope, year)
    by_orgnr: dict[str, list[Arrangement]] = {}
    for a in register.arrangements.values():
        if a.orgnr:
            by_orgnr.setdefault(a.orgnr, []).append(a)
    for orgnr, mapped in result.arrangements.items():
        if orgnr not in by_orgnr:
            a = mapped.arrangement
            n = len(mapped.participations)
            detail = _("{form}, {n} deltakere").format(form=a.tilknytningsform.code, n=n)
            if mapped.participations:
                detail += ": " + _names(register, tuple(p.kommunenummer
                                                        for p in mapped.participations), year)
            if a.avviklet is not None:
                detail += "; " + _("avviklet {year}").format(year=a.avviklet)
            out.differences.append(Difference(Kind.NEW, orgnr, None, a.navn, detail))
            out.new[orgnr] = mapped
    out.candidates_outside = sum(1 for c in result.candidates
                                 if not c.i_registeret and c.orgnr not in by_orgnr)
    parts = _by_arrangement(register)
    for orgnr, arrangements in sorted(by_orgnr.items()):
        for a in arrangements:
            mine = parts.get(a.id, [])
            if orgnr not in result.looked_at and not _in_scope(mine, result.scope):
                continue
            found = _differences(register, a, mine, orgnr, result, data, year)
            out.differences.extend(found)
            if not found:
                out.unchanged += 1
    order = list(Kind)
    out.differences.sort(key=lambda d: (order.index(d.kind), d.orgnr))
    return out


def _differences(register: Register, a: Arrangement, parts: list[Participation], orgnr: str,
                 result: ImportResult, data: SourceData, year: int) -> list[Difference]:
    unit = data.units.get(orgnr)
    if unit is None:
        why = data.gone.get(orgnr) or (
            _("ikke i enhetsfilen: slettet, eller feil orgnr") if data.complete
            else _("ikke funnet i Enhetsregisteret"))
        return [Difference(Kind.UNKNOWN, orgnr, a.id, a.navn,
                           why + "; " + _("endres ikke, kontroller orgnr"))]
    out = []
    if not _same_name(a.navn, unit.navn):
        out.append(Difference(Kind.RENAMED, orgnr, a.id, a.navn,
                              f"«{a.navn}» → «{unit.navn}»", new_name=unit.navn))
    years = years_of(unit, data.fetched)
    ended, why = years.avviklet, years.why
    if ended is not None and a.avviklet is None:
        ended = max(ended, (a.etablert or 0) + 1)
        out.append(Difference(Kind.ENDED, orgnr, a.id, a.navn,
                              _("avviklet {year} ({why})").format(year=ended, why=why),
                              avviklet=ended))
    mapped = result.arrangements.get(orgnr)
    if mapped is not None and mapped.participants_from_roles and a.avviklet is None \
            and ended is None:
        now = _active_numbers(parts, year)
        there = {p.kommunenummer for p in mapped.participations}
        joined, left = tuple(sorted(there - now)), tuple(sorted(now - there))
        if joined or left:
            said = []
            if joined:
                said.append("+ " + _names(register, joined, year))
            if left:
                said.append("− " + _names(register, left, year))
            shares = tuple((k, mapped.shares[k]) for k in joined if k in mapped.shares)
            out.append(Difference(Kind.PARTICIPANTS, orgnr, a.id, a.navn, "; ".join(said),
                                  joined=joined, left=left, shares=shares))
    return out


def apply(register: Register, comparison: Comparison) -> Register:
    """A new register with the comparison's changes made (``register`` is left as it is)."""
    year = comparison.year
    arrangements = dict(register.arrangements)
    participations = list(register.participations)
    rows = dict(register.rows)
    extra = {k: list(v) for k, v in register.extra_columns.items()}
    for d in comparison.changes:
        if d.kind is Kind.NEW or d.key is None:  # new units have no arrangement yet
            continue
        a = arrangements[d.key]
        if d.kind is Kind.RENAMED:
            arrangements[d.key] = dataclasses.replace(a, navn=d.new_name or a.navn)
        elif d.kind is Kind.ENDED:
            arrangements[d.key] = dataclasses.replace(a, avviklet=d.avviklet)
        elif d.kind is Kind.PARTICIPANTS:
            participations = _moved(participations, a, d, year)
            if d.shares:
                _share_column(extra)
    for mapped in comparison.new.values():
        key = mapped.arrangement.id
        n = 2
        while key in arrangements:
            key, n = f"{mapped.arrangement.id}-{n}", n + 1
        arrangements[key] = dataclasses.replace(mapped.arrangement, id=key)
        for p in mapped.participations:
            share = mapped.shares.get(p.kommunenummer)
            participations.append(dataclasses.replace(
                p, ordning_id=key, extra={SHARE_COLUMN: share} if share else {}))
            if share:
                _share_column(extra)
    return dataclasses.replace(register, arrangements=arrangements,
                               participations=participations, rows=rows, extra_columns=extra)


def _share_column(extra: dict[str, list[str]]) -> None:
    if SHARE_COLUMN not in extra.setdefault("deltakere", []):
        extra["deltakere"].append(SHARE_COLUMN)


def _moved(participations: list[Participation], a: Arrangement, d: Difference, year: int
           ) -> list[Participation]:
    out = []
    for p in participations:
        if p.ordning_id == a.id and p.kommunenummer in d.left and (p.til is None or p.til > year):
            start = p.fra if p.fra is not None else a.etablert
            if start is not None and start >= year:
                continue  # joined this year and left again: no participation at all
            p = dataclasses.replace(p, til=year)
        out.append(p)
    shares = dict(d.shares)
    for k in d.joined:
        fra = year if a.etablert is None or a.etablert < year else None
        out.append(Participation(a.id, k, fra, None, Role.DELTAKER,
                                 {SHARE_COLUMN: shares[k]} if k in shares else {}))
    return out

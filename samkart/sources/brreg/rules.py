"""The mapping rules from Enhetsregisteret to the register: all of them, here and nowhere else.

Each rule has a number, a function (or constant) below, and a test in
``tests/sources/test_brreg_rules.py`` of the same number.

R1  **IKS → ``iks``.** A unit of organisasjonsform ``IKS`` is an arrangement of legal form
    ``iks``. Its participants are the municipalities that hold a participant role -- ``DTPR``
    (deltaker med delt ansvar) or ``DTSO`` (deltaker med solidarisk ansvar) -- as a unit of
    organisasjonsform ``KOMM``; a municipality's number is that unit's
    ``forretningsadresse.kommunenummer`` (its postal address's when it has none). The role's
    ``ansvarsandel`` is kept (column ``ansvarsandel`` of ``deltakere``; several roles of one
    municipality are one participation with their shares joined).
R2  **Withdrawn roles are left out:** ``avregistrert`` true, or ``fratraadt`` true in older files.
R3  **Other holders are a note, not participants.** A county municipality (``FYLK``) that
    takes part is named in ``merknad`` with its share; so is any other unit holding a
    participant role (another IKS, say), and a holder marked ``erSlettet``. A ``KOMM`` holder that
    is not among the units read, and not marked deleted, makes the input unreadable (a role
    pointing to an unknown unit). A ``KOMM`` whose number the reference data does not know is a
    note too.
R4  **Named legal persons.** A unit of organisasjonsform ``ANNA`` (annen juridisk person) or
    ``ORGL`` (organisasjonsledd) whose name says what it is becomes an arrangement of the
    matching legal form (:data:`NAME_RULES`, first match wins): interkommunalt politisk råd or
    ``IPR`` → ``politisk_rad``; kommunalt oppgavefellesskap or ``KO`` → ``oppgavefellesskap``;
    samkommune → ``samkommune``; regionråd → ``politisk_rad`` (the 2018 Act's form for them);
    vertskommune → ``vertskommune``, or ``vertskommune_nemnd`` when the name also says nemnd.
    Enhetsregisteret records no participants for these: they are marked as needing participants
    (``merknad``, and a row in the candidates file). When ``overordnetEnhet`` is a municipality,
    it is the host: ``vertskommune`` and a participant with role ``vertskommune``. Other ``ANNA``
    and ``ORGL`` units are not read.
R5  **Candidates, never counted silently.** ``KF`` and ``FKF`` (a municipal or county
    enterprise: one owner, the ``EIKM`` role) and ``AS``, ``ASA`` and ``SA`` whose institutional
    sector code says municipally owned (:data:`MUNICIPAL_SECTORS`) are not arrangements by the
    definition on their own (one owner; owners not in Enhetsregisteret). They go to the
    candidates file, with what is known and what a person must add.
R6  **Years.** ``etablert`` is the year of ``stiftelsesdato``, else of
    ``registreringsdatoEnhetsregisteret``. ``avviklet`` is the year of ``slettedato``; else, for a
    unit ``underAvvikling`` or ``konkurs``, the year of ``underAvviklingDato`` or
    ``konkursdato``, else the year the data was fetched. An end in the founding year becomes the
    year after (the register needs ``avviklet`` > ``etablert``), with a note.
R7  **Sector.** ``sektor`` and ``delsektor`` come from ``naeringskode1`` through the NACE table
    (:mod:`samkart.sources.brreg.nace`, which a user can override). The legal forms
    ``politisk_rad`` and ``samkommune`` are ``regionalt_samarbeid`` whatever their code. A unit
    whose code is missing or not in the table is ``administrasjon``, with a note to check it.
R8  **A participation starts no earlier than its municipality's number.** Enhetsregisteret
    gives today's participants under today's numbers. When the number came into force after the
    arrangement was established (a merger), ``fra`` is the year it came into force; otherwise
    ``fra`` is empty (the participation runs from ``etablert``).
R9  **Scope** (``--county NN``, ``--municipality NNNN``). An IKS is in scope when one of its
    participants is (else by its seat, ``forretningsadresse.kommunenummer``); a named legal
    person when its host or its seat is; a KF or FKF when its owner or its seat is; an AS, ASA or
    SA by its seat. A county is the first two digits of the municipality number.
R10 **Columns and ids.** ``id`` is ``brreg-<orgnr>``; ``orgnr`` and ``navn`` are the unit's;
    ``kilde`` is "Enhetsregisteret, hentet YYYY-MM-DD" (the date the data was fetched).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from samkart.domain.codes import LegalForm, Role, Sector
from samkart.domain.entities import Arrangement, Participation
from samkart.i18n import gettext as _
from samkart.reference import Reference
from samkart.sources.brreg.errors import SourceError
from samkart.sources.brreg.models import Scope, Unit, UnitRoles
from samkart.sources.brreg.nace import NaceTable

MUNICIPALITY = "KOMM"
COUNTY_MUNICIPALITY = "FYLK"
IKS = "IKS"
NAMED_FORMS = frozenset({"ANNA", "ORGL"})
ENTERPRISE_FORMS = frozenset({"KF", "FKF"})
COMPANY_FORMS = frozenset({"AS", "ASA", "SA"})
PARTICIPANT_ROLES = frozenset({"DTPR", "DTSO"})  # R1
OWNER_ROLE = "EIKM"  # R5
# R5: institutional sector codes of municipally owned units (SSB's standard of 2012): 1510
# kommunale foretak med ubegrenset ansvar, 1520 kommunalt eide aksjeselskaper mv., 6500
# kommuneforvaltningen (a municipally owned company doing non-market work).
MUNICIPAL_SECTORS = frozenset({"1510", "1520", "6500"})
# Units whose roles are read: participants (IKS) and owners (KF, FKF).
ROLE_FORMS = frozenset({IKS, *ENTERPRISE_FORMS})
REGIONAL_FORMS = frozenset({LegalForm.POLITISK_RAD, LegalForm.SAMKOMMUNE})  # R7


def _word(abbreviation: str) -> re.Pattern[str]:
    # An abbreviation standing alone in the name: "SALTEN IPR", "IPR Salten" (not "KO-OP").
    return re.compile(rf"(?<![\w-]){abbreviation}(?![\w-])")


# R4, in order: the first that matches decides.
NAME_RULES: tuple[tuple[re.Pattern[str], LegalForm], ...] = (
    (re.compile(r"interkommunalt\s+politisk\s+r[åa]d", re.I), LegalForm.POLITISK_RAD),
    (_word("IPR"), LegalForm.POLITISK_RAD),
    (re.compile(r"kommunalt\s+oppg[åa]vefellesskap", re.I), LegalForm.OPPGAVEFELLESSKAP),
    (_word("KO"), LegalForm.OPPGAVEFELLESSKAP),
    (re.compile(r"samkommune", re.I), LegalForm.SAMKOMMUNE),
    (re.compile(r"regionr[åa]d", re.I), LegalForm.POLITISK_RAD),
    (re.compile(r"vertskommune.*nemnd|nemnd.*vertskommune", re.I), LegalForm.VERTSKOMMUNE_NEMND),
    (re.compile(r"vertskommune", re.I), LegalForm.VERTSKOMMUNE),
)


def legal_form_of_name(name: str) -> LegalForm | None:
    """R4: the legal form a named legal person's name gives, or None."""
    for pattern, form in NAME_RULES:
        if pattern.search(name):
            return form
    return None


def wanted_unit(orgnr: str, form: str, navn: str, sektorkode: str | None) -> bool:
    """Which units of a units file the rules look at (the rest is only counted)."""
    if form in (MUNICIPALITY, COUNTY_MUNICIPALITY, IKS) or form in ENTERPRISE_FORMS:
        return True
    if form in NAMED_FORMS:
        return legal_form_of_name(navn) is not None
    if form in COMPANY_FORMS:
        return sektorkode in MUNICIPAL_SECTORS
    return False


def arrangement_id(orgnr: str) -> str:
    """R10."""
    return f"brreg-{orgnr}"


def source_text(fetched: dt.date) -> str:
    """R10: the ``kilde`` of everything imported."""
    return _("Enhetsregisteret, hentet {date}").format(date=fetched.isoformat())


# -- what the rules read, and what they give ---------------------------------------------------

@dataclass(frozen=True, slots=True)
class SourceData:
    """What was read from Enhetsregisteret, from the bulk files or the API."""

    units: Mapping[str, Unit]
    """The units the rules look at (:func:`wanted_unit`), and any looked up by number."""
    roles: Mapping[str, UnitRoles]
    """The roles of the units of :data:`ROLE_FORMS`."""
    forms: Counter[str]
    """Every unit read, by organisasjonsform."""
    roles_total: int
    fetched: dt.date
    complete: bool
    """True when ``units`` came from a whole units file: a number not in it is not in
    Enhetsregisteret (deleted units are not in the download)."""
    gone: Mapping[str, str] = field(default_factory=dict)
    """Numbers looked up and not found: orgnr -> why (a message)."""


@dataclass(frozen=True, slots=True)
class Mapped:
    """One arrangement made from one unit."""

    unit: Unit
    arrangement: Arrangement
    participations: tuple[Participation, ...]
    shares: Mapping[str, str]
    """kommunenummer -> ``ansvarsandel`` (R1)."""
    needs_participants: bool
    """R4: Enhetsregisteret records no participants for it."""

    @property
    def participants_from_roles(self) -> bool:
        """Whether its participants are Enhetsregisteret's (and so can be compared)."""
        return not self.needs_participants


@dataclass(frozen=True, slots=True)
class Candidate:
    """A unit a person must complete before it can be an arrangement (R4, R5)."""

    orgnr: str
    navn: str
    organisasjonsform: str
    kommunenummer: str | None
    tilknytningsform: LegalForm | None
    sektor: Sector
    delsektor: str
    etablert: int | None
    avviklet: int | None
    eier: str
    deltakere: tuple[str, ...]
    i_registeret: bool
    hva_mangler: str


@dataclass(slots=True)
class Summary:
    """How many units were read, used and left out, and why."""

    units_read: int = 0
    forms_read: Counter[str] = field(default_factory=Counter)
    roles_read: int = 0
    used: Counter[str] = field(default_factory=Counter)  # by tilknytningsform
    candidates: Counter[str] = field(default_factory=Counter)  # by organisasjonsform
    left_out: Counter[str] = field(default_factory=Counter)  # reason -> units
    roles_left_out: Counter[str] = field(default_factory=Counter)  # reason -> roles


@dataclass(frozen=True, slots=True)
class ImportResult:
    scope: Scope
    fetched: dt.date
    arrangements: dict[str, Mapped]
    """orgnr -> arrangement, in the order of the units."""
    candidates: list[Candidate]
    summary: Summary
    looked_at: frozenset[str]
    """Every orgnr the import used or listed (arrangements and candidates)."""


# -- the rules --------------------------------------------------------------------------------

class Years(NamedTuple):
    etablert: int | None
    avviklet: int | None
    why: str
    """Why it ended ("slettet 2023-05-01", "under avvikling 2024-03-01"), or ""."""
    note: str
    """A note when the end had to be moved (R6), or ""."""


def years_of(unit: Unit, fetched: dt.date) -> Years:
    """R6."""
    started = unit.stiftelsesdato or unit.registreringsdato_enhetsregisteret
    etablert = started.year if started else None
    ended: int | None = None
    why = ""
    if unit.slettedato is not None:
        ended = unit.slettedato.year
        why = _("slettet {date}").format(date=unit.slettedato.isoformat())
    elif unit.under_avvikling or unit.konkurs:
        when = unit.under_avvikling_dato if unit.under_avvikling else unit.konkursdato
        ended = when.year if when else fetched.year
        why = (_("under avvikling") if unit.under_avvikling else _("konkurs")) + (
            f" {when.isoformat()}" if when else "")
    note = ""
    if ended is not None and etablert is not None and ended <= etablert:
        note = _("avviklet samme år som etablert ({why}); ført som avviklet {year}").format(
            why=why, year=etablert + 1)
        ended = etablert + 1
    return Years(etablert, ended, why, note)


def sector_of(unit: Unit, form: LegalForm | None, nace: NaceTable) -> tuple[Sector, str, str]:
    """R7: (sektor, delsektor, a note or "")."""
    if form in REGIONAL_FORMS:
        return Sector.REGIONALT_SAMARBEID, "", ""
    hit = nace.lookup(unit.nace)
    if hit is None:
        code = unit.nace or _("ingen")
        return Sector.ADMINISTRASJON, "", _(
            "næringskode {code} er ikke i tabellen; sektor må kontrolleres").format(code=code)
    return hit.sektor, hit.delsektor, ""


def participation_start(kommunenummer: str, etablert: int | None, fetched: dt.date,
                        reference: Reference) -> tuple[bool, int | None]:
    """R8: (whether the number is known, ``fra``)."""
    index = reference.municipalities
    version = index.valid(kommunenummer, fetched.year) or index.any_version(kommunenummer)
    if version is None:
        return False, None
    since = version.gyldig_fra
    if since is not None and (etablert is None or etablert < since):
        return True, since
    return True, None


@dataclass(slots=True)
class _Participants:
    numbers: dict[str, list[str]] = field(default_factory=dict)  # kommunenummer -> shares
    notes: list[str] = field(default_factory=list)


class _Rules:
    def __init__(self, data: SourceData, scope: Scope, nace: NaceTable, reference: Reference):
        self.data, self.scope, self.nace, self.reference = data, scope, nace, reference
        self.summary = Summary(units_read=sum(data.forms.values()), forms_read=Counter(data.forms),
                               roles_read=data.roles_total)
        self.municipalities = {o: u for o, u in data.units.items() if u.form == MUNICIPALITY}

    def municipality_number(self, orgnr: str) -> str | None:
        unit = self.municipalities.get(orgnr)
        return unit.kommunenummer if unit else None

    def _holder_text(self, name: str, orgnr: str, share: str | None) -> str:
        text = f"{name} ({orgnr})"
        return text + (_(", ansvarsandel {share}").format(share=share) if share else "")

    def participants(self, unit: Unit) -> _Participants:
        """R1, R2, R3."""
        out = _Participants()
        roles = self.data.roles.get(unit.organisasjonsnummer)
        for role in roles.roles() if roles else ():
            if role.type.kode not in PARTICIPANT_ROLES or role.enhet is None:
                continue
            if role.withdrawn:
                self.summary.roles_left_out[_("avregistrert eller fratrådt")] += 1
                continue
            holder = role.enhet
            share = role.ansvarsandel.strip() if role.ansvarsandel else None
            text = self._holder_text(holder.name or holder.organisasjonsnummer,
                                     holder.organisasjonsnummer, share)
            if holder.er_slettet:
                self.summary.roles_left_out[_("deltakeren er slettet")] += 1
                out.notes.append(_("slettet deltaker {holder}").format(holder=text))
                continue
            if holder.form == COUNTY_MUNICIPALITY:
                self.summary.roles_left_out[_("fylkeskommune (i merknad)")] += 1
                out.notes.append(_("fylkeskommunal deltaker {holder}").format(holder=text))
                continue
            if holder.form != MUNICIPALITY:
                self.summary.roles_left_out[_("deltaker som ikke er en kommune (i merknad)")] += 1
                out.notes.append(_("deltaker som ikke er en kommune: {holder}, {form}").format(
                    holder=text, form=holder.form or "?"))
                continue
            if holder.organisasjonsnummer not in self.municipalities:
                raise SourceError(_(
                    "roller: {orgnr} ({name}): rollen {role} peker på en ukjent enhet {holder} "
                    "(ikke i enhetsfilen)").format(
                        orgnr=unit.organisasjonsnummer, name=unit.navn, role=role.type.kode,
                        holder=holder.organisasjonsnummer))
            number = self.municipality_number(holder.organisasjonsnummer)
            if number is None or not self.reference.municipalities.known(number):
                self.summary.roles_left_out[_("ukjent kommunenummer (i merknad)")] += 1
                out.notes.append(_("deltaker med ukjent kommunenummer {number}: {holder}").format(
                    number=number or "?", holder=text))
                continue
            out.numbers.setdefault(number, [])
            if share:
                out.numbers[number].append(share)
        return out

    def owner(self, unit: Unit) -> tuple[str | None, str]:
        """R5: (the owner's kommunenummer, the owner as text) from the ``EIKM`` role."""
        roles = self.data.roles.get(unit.organisasjonsnummer)
        for role in roles.roles() if roles else ():
            if role.type.kode == OWNER_ROLE and role.enhet is not None and not role.withdrawn:
                holder = role.enhet
                number = self.municipality_number(holder.organisasjonsnummer)
                label = holder.name or holder.organisasjonsnummer
                return number, f"{label} ({number})" if number else label
        return None, ""

    def host(self, unit: Unit) -> str | None:
        """R4: the host municipality, when ``overordnetEnhet`` is a municipality."""
        if unit.overordnet_enhet is None:
            return None
        number = self.municipality_number(unit.overordnet_enhet)
        if number is not None and self.reference.municipalities.known(number):
            return number
        return None

    def arrangement(self, unit: Unit, form: LegalForm, numbers: Mapping[str, list[str]],
                    host: str | None, notes: list[str], needs_participants: bool) -> Mapped:
        etablert, avviklet, why, year_note = years_of(unit, self.data.fetched)
        sektor, delsektor, sector_note = sector_of(unit, form, self.nace)
        merknad = [n for n in (year_note or why, sector_note, *notes) if n]
        if needs_participants:
            merknad.insert(0, _("Enhetsregisteret fører ingen deltakere: legg dem inn"))
        aid = arrangement_id(unit.organisasjonsnummer)
        participations = []
        for number in sorted(numbers):
            _known, fra = participation_start(number, etablert, self.data.fetched, self.reference)
            role = Role.VERTSKOMMUNE if number == host else Role.DELTAKER
            participations.append(Participation(aid, number, fra, None, role))
        arrangement = Arrangement(
            id=aid, navn=unit.navn, tilknytningsform=form, sektor=sektor, delsektor=delsektor,
            vertskommune=host, etablert=etablert, avviklet=avviklet,
            orgnr=unit.organisasjonsnummer,
            merknad="; ".join(merknad),
            kilde=source_text(self.data.fetched),
        )
        shares = {k: " + ".join(v) for k, v in numbers.items() if v}
        return Mapped(unit, arrangement, tuple(participations), shares, needs_participants)

    def candidate(self, unit: Unit, form: LegalForm | None, seat: str | None, owner: str,
                  participants: tuple[str, ...], in_register: bool, missing: str) -> Candidate:
        etablert, avviklet, _why, _note = years_of(unit, self.data.fetched)
        sektor, delsektor, _sector_note = sector_of(unit, form, self.nace)
        return Candidate(unit.organisasjonsnummer, unit.navn, unit.form, seat, form, sektor,
                         delsektor, etablert, avviklet, owner, participants, in_register, missing)


def map_units(data: SourceData, scope: Scope, nace: NaceTable, reference: Reference
              ) -> ImportResult:
    """Apply R1–R10 to what was read: the arrangements, the candidates and the summary."""
    rules = _Rules(data, scope, nace, reference)
    if not scope.everywhere and not any(scope.covers(u.kommunenummer)
                                        for u in rules.municipalities.values()):
        raise SourceError(_("Enhetsregisteret har ingen kommune i {scope}").format(
            scope=scope.label()))
    summary = rules.summary
    arrangements: dict[str, Mapped] = {}
    candidates: list[Candidate] = []
    outside = _("utenfor {scope}").format(scope=scope.label())
    for orgnr, unit in data.units.items():
        form = unit.form
        seat = unit.kommunenummer
        if form == IKS:
            found = rules.participants(unit)
            numbers = found.numbers
            if not (any(scope.covers(k) for k in numbers) or (not numbers and scope.covers(seat))):
                summary.left_out[outside] += 1
                continue
            mapped = rules.arrangement(unit, LegalForm.IKS, numbers, None, found.notes, False)
            arrangements[orgnr] = mapped
            summary.used[LegalForm.IKS.code] += 1
        elif form in NAMED_FORMS:
            named = legal_form_of_name(unit.navn)
            if named is None:  # looked up by number only (--into): not an arrangement
                continue
            host = rules.host(unit)
            if not (scope.covers(host) or scope.covers(seat)):
                summary.left_out[outside] += 1
                continue
            mapped = rules.arrangement(unit, named, {host: []} if host else {}, host, [], True)
            arrangements[orgnr] = mapped
            summary.used[named.code] += 1
            candidates.append(rules.candidate(
                unit, named, host or seat, "", (host,) if host else (), True,
                _("deltakerne (Enhetsregisteret fører ingen)")))
        elif form in ENTERPRISE_FORMS:
            owner_number, owner = rules.owner(unit)
            if not (scope.covers(owner_number) or scope.covers(seat)):
                summary.left_out[outside] += 1
                continue
            summary.candidates[form] += 1
            candidates.append(rules.candidate(
                unit, None, owner_number or seat, owner,
                (owner_number,) if owner_number else (), False,
                _("ett eierforetak er ikke et samarbeid alene: legg det inn som ordning bare "
                  "når flere kommuner samarbeider gjennom det, med tilknytningsform og "
                  "deltakere")))
        elif form in COMPANY_FORMS:
            if unit.sektorkode not in MUNICIPAL_SECTORS:
                continue
            if not scope.covers(seat):
                summary.left_out[outside] += 1
                continue
            summary.candidates[form] += 1
            legal = LegalForm.SAMVIRKEFORETAK if form == "SA" else LegalForm.AS
            missing = (_("eierkommunene som deltakere og kommunal eierandel (eierne står ikke i "
                         "Enhetsregisteret)") if legal is LegalForm.AS
                       else _("eierkommunene som deltakere (eierne står ikke i "
                              "Enhetsregisteret)"))
            candidates.append(rules.candidate(unit, legal, seat, "", (), False, missing))
    not_looked_at = {
        _("ANNA/ORGL uten samarbeidsnavn, andre AS/SA og andre organisasjonsformer"):
            summary.units_read - sum(
                n for f, n in data.forms.items()
                if f in (MUNICIPALITY, COUNTY_MUNICIPALITY, IKS) or f in ENTERPRISE_FORMS)
            - sum(1 for u in data.units.values()
                  if (u.form in NAMED_FORMS and legal_form_of_name(u.navn))
                  or (u.form in COMPANY_FORMS and u.sektorkode in MUNICIPAL_SECTORS)),
        _("kommuner og fylkeskommuner (brukt til kommunenumrene)"):
            data.forms.get(MUNICIPALITY, 0) + data.forms.get(COUNTY_MUNICIPALITY, 0),
    }
    for reason, n in not_looked_at.items():
        if n > 0:
            summary.left_out[reason] += n
    looked_at = frozenset(arrangements) | frozenset(c.orgnr for c in candidates)
    return ImportResult(scope, data.fetched, arrangements, candidates, summary, looked_at)

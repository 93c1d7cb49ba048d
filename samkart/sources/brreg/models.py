"""The documents of Enhetsregisteret (Brønnøysundregistrene's open API), as pydantic models.

Units -- ``/enhetsregisteret/api/enheter/{orgnr}``, the elements of the download
``enheter/lastned`` and the pages of the search ``/enheter`` -- use the models of the `brreg`
package (PyPI): :class:`Unit` is its ``Enhet`` with the one field it lacks and this import needs,
``underAvviklingDato``; search pages are its ``EnhetPage`` and search queries its ``EnhetQuery``.

Roles have models of their own here, because brreg's do not fit the documents this import reads:

* brreg's ``Rolle`` requires ``avregistrert``; the roles download of older dates and older answers
  carry only ``fratraadt`` (the field was renamed). Here either one marks a withdrawn role;
* brreg's ``RolleGruppe`` requires ``sistEndret`` and its ``RollePerson`` a birth date, a name
  and ``erDoed``: none of them matter here (people hold no participations), and a role whose
  person lacks one must not make a whole file unreadable;
* brreg has no model of an element of the download ``roller/totalbestand``
  (``{organisasjonsnummer, rollegrupper}``): :class:`UnitRoles`.

The role models reuse brreg's ``RolleType``, ``RolleGruppeType`` and ``Organisasjonsform``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from brreg.enhetsregisteret import (
    Enhet,
    EnhetPage,
    EnhetQuery,
    Organisasjonsform,
    RolleGruppeType,
    RolleType,
)
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from samkart.i18n import gettext as _

__all__ = [
    "EnhetPage",
    "EnhetQuery",
    "Role",
    "RoleGroup",
    "RoleHolder",
    "Scope",
    "Unit",
    "UnitRoles",
    "describe",
]

_DateOrNone = Annotated[dt.date | None, BeforeValidator(lambda v: v if v != "" else None)]


class Unit(Enhet):
    """A unit (enhet) as Enhetsregisteret documents it, plus ``underAvviklingDato``."""

    #: The date the unit was registered as being wound up (with ``underAvvikling``)
    under_avvikling_dato: _DateOrNone = None

    @property
    def kommunenummer(self) -> str | None:
        """The municipality of its business address (else of its postal address)."""
        for address in (self.forretningsadresse, self.postadresse):
            if address is not None and address.kommunenummer:
                return address.kommunenummer
        return None

    @property
    def form(self) -> str:
        return self.organisasjonsform.kode

    @property
    def sektorkode(self) -> str | None:
        return self.institusjonell_sektorkode.kode if self.institusjonell_sektorkode else None

    @property
    def nace(self) -> str | None:
        return self.naeringskode1.kode if self.naeringskode1 else None


def _lines(value: object) -> object:
    # The documentation shows a role holder's ``navn`` as a list of lines; a plain string is the
    # same name on one line.
    return [value] if isinstance(value, str) else value


class RoleHolder(BaseModel):
    """The unit that holds a role (``enhet`` of a role): for an IKS's participant, a municipality."""

    model_config = ConfigDict(alias_generator=to_camel)

    organisasjonsnummer: str
    organisasjonsform: Organisasjonsform | None = None
    #: The name as lines (``["NORDLAND FYLKESKOMMUNE"]``)
    navn: Annotated[list[str], BeforeValidator(_lines)] = Field(default_factory=list)
    er_slettet: bool = False

    @property
    def name(self) -> str:
        return " ".join(line.strip() for line in self.navn if line and line.strip())

    @property
    def form(self) -> str | None:
        return self.organisasjonsform.kode if self.organisasjonsform else None


class Role(BaseModel):
    """One role; only roles held by units (``enhet``) matter to this import."""

    model_config = ConfigDict(alias_generator=to_camel)

    type: RolleType
    enhet: RoleHolder | None = None
    #: Withdrawn (the newer field)
    avregistrert: bool | None = None
    #: Withdrawn (the older field, still in older files)
    fratraadt: bool | None = None
    #: The holder's share of the company's obligations, as a fraction or a percentage
    ansvarsandel: str | None = None
    rekkefolge: int | None = None

    @property
    def withdrawn(self) -> bool:
        return bool(self.avregistrert) or bool(self.fratraadt)


class RoleGroup(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel)

    type: RolleGruppeType
    sist_endret: _DateOrNone = None
    roller: list[Role] = Field(default_factory=list)


class UnitRoles(BaseModel):
    """The roles of one unit: an element of ``roller/totalbestand``, or the answer of
    ``/enheter/{orgnr}/roller`` with the number added."""

    model_config = ConfigDict(alias_generator=to_camel)

    organisasjonsnummer: str
    rollegrupper: list[RoleGroup] = Field(default_factory=list)

    def roles(self) -> Iterator[Role]:
        for group in self.rollegrupper:
            yield from group.roller


@dataclass(frozen=True, slots=True)
class Scope:
    """Where an import looks: one county (``fylkesnummer``), one municipality, or everywhere."""

    county: str | None = None
    municipality: str | None = None

    def covers(self, kommunenummer: str | None) -> bool:
        """Whether a municipality number lies in the scope (county: its first two digits, as
        Norwegian municipality numbers begin with their county's)."""
        if self.municipality is not None:
            return kommunenummer == self.municipality
        if self.county is not None:
            return kommunenummer is not None and kommunenummer[:2] == self.county
        return True

    @property
    def everywhere(self) -> bool:
        return self.county is None and self.municipality is None

    def label(self) -> str:
        if self.municipality is not None:
            return _("kommune {number}").format(number=self.municipality)
        if self.county is not None:
            return _("fylke {number}").format(number=self.county)
        return _("hele landet")


def describe(error: ValidationError) -> str:
    """A pydantic error as a short message: each field that failed and why."""
    parts = []
    for e in error.errors()[:3]:
        where = ".".join(str(x) for x in e["loc"]) or "dokumentet"
        what = _("mangler") if e["type"] == "missing" else e["msg"]
        parts.append(f"{where}: {what}")
    more = len(error.errors()) - 3
    if more > 0:
        parts.append(_("og {n} til").format(n=more))
    return "; ".join(parts)

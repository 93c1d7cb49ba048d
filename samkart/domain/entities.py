"""The entities of a register, as plain data (no Django, no pandas).

Field names follow the register's columns (``docs/spec/register-format.md``) so that a reader can go
from a file to the code without a mapping table. Years are whole years; periods are half-open (see
``years``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from samkart.domain.codes import (
    ArrangementType,
    CouncilType,
    DominantParty,
    LegalForm,
    Level,
    Role,
    Sector,
)
from samkart.domain.years import in_force


@dataclass(slots=True)
class Municipality:
    """One version of a municipality: a number with a name and county for a span of years.

    A number can have several versions (a merger that keeps the number gives the merged municipality a
    new version); two versions of one number never overlap.
    """

    kommunenummer: str
    navn: str
    fylkesnummer: str
    innbyggere: int | None = None
    gyldig_fra: int | None = None
    gyldig_til: int | None = None
    # The year (1 January) the population figure counts; None for a figure the register gave
    # itself, which counts the year the register maps. Shown wherever a size class is used.
    innbyggere_ar: int | None = None

    def valid_in(self, year: int) -> bool:
        return in_force(self.gyldig_fra, self.gyldig_til, year)


@dataclass(slots=True)
class County:
    """A county (fylke) with its years of existence."""

    fylkesnummer: str
    navn: str
    gyldig_fra: int | None = None
    gyldig_til: int | None = None

    def valid_in(self, year: int) -> bool:
        return in_force(self.gyldig_fra, self.gyldig_til, year)


@dataclass(slots=True)
class Council:
    """A regional council (regionråd), joint municipality (samkommune) or host-municipality system."""

    id: str
    navn: str
    type: CouncilType = CouncilType.REGIONRAD
    kilde: str = ""


@dataclass(slots=True)
class CouncilMembership:
    """A municipality's membership of a council for a span of years."""

    regionrad_id: str
    kommunenummer: str
    fra: int | None = None
    til: int | None = None
    # Bundled reference data built from the seed's maps and public knowledge marks memberships it is
    # unsure of, so an analyst can check them before relying on the level rule.
    usikker: bool = False
    kilde: str = ""

    def active_in(self, year: int) -> bool:
        return in_force(self.fra, self.til, year)


@dataclass(slots=True)
class Arrangement:
    """A cooperation arrangement (samarbeidsordning): one row of ``ordninger``."""

    id: str
    navn: str
    tilknytningsform: LegalForm
    sektor: Sector
    delsektor: str = ""
    oppgavefelt: tuple[str, ...] = ()
    lovpalagt: bool | None = None
    vertskommune: str | None = None
    etablert: int | None = None
    avviklet: int | None = None
    niva: Level | None = None
    orgnr: str | None = None
    kommunal_eierandel: float | None = None
    dominerende_part: DominantParty = DominantParty.KOMMUNE
    type: ArrangementType = ArrangementType.FORMELL
    erstatter: str | None = None
    budsjett_nok: float | None = None
    arsverk: float | None = None
    merknad: str = ""
    kilde: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def active_in(self, year: int) -> bool:
        return in_force(self.etablert, self.avviklet, year)


@dataclass(slots=True)
class Participation:
    """A municipality's participation in an arrangement: one row of ``deltakere``."""

    ordning_id: str
    kommunenummer: str
    fra: int | None = None
    til: int | None = None
    rolle: Role = Role.DELTAKER
    extra: dict[str, str] = field(default_factory=dict)

    def start(self, arrangement: Arrangement) -> int | None:
        """The year the participation starts: its ``fra``, else the arrangement's ``etablert``."""
        return self.fra if self.fra is not None else arrangement.etablert

    def active_in(self, year: int, arrangement: Arrangement) -> bool:
        """Active in ``year`` by its own years and its arrangement's (not yet the municipality's)."""
        return in_force(self.start(arrangement), self.til, year) and arrangement.active_in(year)


@dataclass(frozen=True, slots=True)
class MunicipalChange:
    """One row of a register's ``kommuneendringer``: ``gammelt_nummer`` became (part of)
    ``nytt_nummer`` on 1 January of ``ar``; ``art`` is ``sammenslaing``, ``deling``,
    ``nytt_nummer`` or ``navneendring``."""

    gammelt_nummer: str
    nytt_nummer: str
    ar: int
    art: str


@dataclass(slots=True)
class TaskField:
    """A task field (oppgavefelt) of the catalogue."""

    kode: str
    navn: str
    sektor: str = ""
    frekvensband_2016: str = ""


@dataclass(slots=True)
class MappingRound:
    """A county's mapping round (kartlegging): the year it maps, when it closed, its source."""

    fylkesnummer: str
    ar: int
    dato: str = ""  # ISO date (YYYY-MM-DD) the round closed; empty when not known
    kilde: str = ""


@dataclass(slots=True)
class ReportText:
    """The analyst's own text for one place in the report (``tekster``): Markdown."""

    kapittel: str
    tekst: str
    fylkesnummer: str | None = None  # the county of a county appendix (``fylke``)
    ar: int | None = None  # the report year it belongs to; None: any year
    tittel: str = ""

"""The tables and columns of a register (``docs/spec/register-format.md``), declared once.

Each column is declared here with its name in the contract, how a cell is parsed (its
:class:`Kind`, code list and bounds), whether it is required, the attribute of the domain entity
that holds it, its label for people and its description for programs. The loader, the writer, the
web registry's model, form, snapshots and API schema are all derived from these declarations, so a
column is added in one place (see the README, "Adding a column").

The contract's optional ``kartlegginger`` (mapping rounds) and ``tekster`` (the analyst's texts)
are declared here too. samkart's own optional tables beyond the contract: ``fylker`` (county
names for registers that bring their own municipalities) and ``oppgavefelt`` (extra task-field
codes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from samkart.domain.codes import (
    ArrangementType,
    CodeList,
    CouncilType,
    DominantParty,
    LegalForm,
    Level,
    Role,
    Sector,
)

FORMAT_ID = "samarbeidsregister/1"


class Kind(Enum):
    """How a cell is read and written."""

    TEXT = "text"              # free text (trimmed)
    KEY = "key"                # an id: present, unique within its table
    CODE = "code"              # a code of ``Column.codes``
    CODES = "codes"            # task-field codes separated by ";"
    YEAR = "year"              # four digits
    NUMBER = "number"          # decimal; Norwegian comma and spaces accepted
    INTEGER = "integer"        # whole number
    BOOLEAN = "boolean"        # ja/nei, true/false, 1/0
    KOMMUNENUMMER = "kommunenummer"  # four digits, zero-padded
    FYLKESNUMMER = "fylkesnummer"    # two digits, zero-padded
    ORGNR = "orgnr"            # nine digits passing MOD11


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table: everything samkart needs to read, check, store and write it."""

    name: str
    kind: Kind
    label: str
    """What people call it (bokmål; translated where shown)."""
    description: str
    """What it means, for programs (the API's schema) and the documentation."""
    required: bool = False
    """The column must be in the table, and (unless ``cell_required`` is False) every row must
    have a value."""
    cell_required: bool | None = None
    attribute: str = ""
    """The domain entity's attribute holding the value, when it is not ``name``."""
    codes: type[CodeList] | None = None
    default: object = None
    """The value when the cell is empty (a code list member, or None)."""
    low: float | None = 0
    high: float | None = None
    max_length: int | None = None
    """The longest text the web registry's database keeps (the format itself has no limit)."""

    @property
    def attr(self) -> str:
        return self.attribute or self.name

    @property
    def needs_value(self) -> bool:
        return self.required if self.cell_required is None else self.cell_required


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    required: bool
    spec: tuple[Column, ...]
    description: str = ""
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.spec})

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.spec)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.spec if c.required)

    def column(self, name: str) -> Column:
        return self.by_name[name]


C = Column
K = Kind

ORDNINGER = TableSpec("ordninger", True, (
    C("id", K.KEY, "Id", "Unique, stable id of the arrangement within the register.",
      required=True, max_length=100),
    C("navn", K.TEXT, "Navn", "Name.", required=True, max_length=300),
    C("tilknytningsform", K.CODE, "Tilknytningsform", "Legal form (code).", required=True,
      codes=LegalForm, default=LegalForm.AVTALE, max_length=30),
    C("sektor", K.CODE, "Sektor", "Coarse sector (code).", required=True, codes=Sector,
      default=Sector.ADMINISTRASJON, max_length=30),
    C("delsektor", K.TEXT, "Delsektor", "Fine sector (free text).", max_length=200, default=""),
    C("oppgavefelt", K.CODES, "Oppgavefelt (koder skilt med ;)",
      "Task-field codes from the catalogue, separated by ';'.", max_length=500, default=()),
    C("lovpalagt", K.BOOLEAN, "Lovpålagt oppgave",
      "Whether the arrangement serves a statutory task; empty = unknown."),
    C("vertskommune", K.KOMMUNENUMMER, "Vertskommune (kommunenummer)",
      "Municipality number of the host (must also be a participant).", max_length=4),
    C("etablert", K.YEAR, "Etablert (år)", "Year established."),
    C("avviklet", K.YEAR, "Avviklet (år)",
      "Year it ended; active in year Y when etablert <= Y (or empty) and Y < avviklet (or empty)."),
    C("niva", K.CODE, "Nivå", "Geographic level set by hand; empty = derived by the level rule.",
      codes=Level, max_length=10),
    C("orgnr", K.ORGNR, "Organisasjonsnummer",
      "Organisation number in Enhetsregisteret (9 digits, MOD11-checked).", max_length=9),
    C("kommunal_eierandel", K.NUMBER, "Kommunal eierandel (prosent)",
      "Municipal ownership share in percent, 0-100; required for legal form as.", high=100),
    C("dominerende_part", K.CODE, "Dominerende part", "Who dominates the cooperation (code).",
      codes=DominantParty, default=DominantParty.KOMMUNE, max_length=10),
    C("type", K.CODE, "Type",
      "Formal cooperation, or an association, network or project (code).",
      codes=ArrangementType, default=ArrangementType.FORMELL, max_length=10),
    C("erstatter", K.TEXT, "Erstatter (id)", "Id of the arrangement this one replaced.",
      max_length=100),
    C("budsjett_nok", K.NUMBER, "Budsjett (kr)", "Yearly budget in NOK."),
    C("arsverk", K.NUMBER, "Årsverk", "Full-time equivalents."),
    C("merknad", K.TEXT, "Merknad", "Note.", max_length=20_000, default=""),
    C("kilde", K.TEXT, "Kilde", "Source.", max_length=20_000, default=""),
), "The cooperation arrangements (samarbeidsordninger).")

DELTAKERE = TableSpec("deltakere", True, (
    C("ordning_id", K.TEXT, "Ordning", "Id of the arrangement in ordninger.", required=True),
    C("kommunenummer", K.KOMMUNENUMMER, "Kommunenummer",
      "Four-digit municipality number, valid in the year the participation starts.",
      required=True, max_length=4),
    C("fra", K.YEAR, "Fra år", "Year the municipality joined (default: the arrangement's etablert)."),
    C("til", K.YEAR, "Til år", "Year it left."),
    C("rolle", K.CODE, "Rolle", "Host municipality or participant (code).", codes=Role,
      default=Role.DELTAKER, max_length=15),
), "Which municipalities take part in each arrangement, and when.")

KOMMUNER = TableSpec("kommuner", False, (
    C("kommunenummer", K.KOMMUNENUMMER, "Kommunenummer", "Four-digit municipality number.",
      required=True),
    C("navn", K.TEXT, "Navn", "Name (default: the bundled name of the number)."),
    C("fylkesnummer", K.FYLKESNUMMER, "Fylkesnummer", "Two-digit county number."),
    C("innbyggere", K.INTEGER, "Innbyggere", "Population."),
    C("gyldig_fra", K.YEAR, "Gyldig fra", "First year the version is valid."),
    C("gyldig_til", K.YEAR, "Gyldig til", "First year it is no longer valid."),
), "Municipalities that add to or override the bundled reference data.")

KOMMUNEENDRINGER = TableSpec("kommuneendringer", False, (
    C("gammelt_nummer", K.KOMMUNENUMMER, "Gammelt nummer", "The municipality that changed.",
      required=True),
    C("nytt_nummer", K.KOMMUNENUMMER, "Nytt nummer", "The municipality it became (part of).",
      required=True),
    C("ar", K.YEAR, "År", "The new number holds from 1 January of this year.", required=True),
    C("art", K.TEXT, "Art", "sammenslaing, deling, nytt_nummer or navneendring.", required=True),
), "Municipal changes beyond the bundled successor table.")

FYLKER = TableSpec("fylker", False, (
    C("fylkesnummer", K.FYLKESNUMMER, "Fylkesnummer", "Two-digit county number.", required=True),
    C("navn", K.TEXT, "Navn", "Name.", required=True),
    C("gyldig_fra", K.YEAR, "Gyldig fra", "First year the county is valid."),
    C("gyldig_til", K.YEAR, "Gyldig til", "First year it is no longer valid."),
), "County names for registers that bring their own municipalities.")

REGIONRAD = TableSpec("regionrad", False, (
    C("id", K.KEY, "Id", "Id of the council.", required=True),
    C("navn", K.TEXT, "Navn", "Name.", required=True),
    C("type", K.CODE, "Type", "regionrad, samkommune or vertskommunesystem.", required=True,
      codes=CouncilType, default=CouncilType.REGIONRAD),
), "Regional councils (replacing the bundled ones).")

REGIONRAD_MEDLEMMER = TableSpec("regionrad_medlemmer", False, (
    C("regionrad_id", K.TEXT, "Regionråd", "Id of the council in regionrad.", required=True),
    C("kommunenummer", K.KOMMUNENUMMER, "Kommunenummer", "The member municipality.",
      required=True),
    C("fra", K.YEAR, "Fra år", "Year the membership began."),
    C("til", K.YEAR, "Til år", "Year it ended."),
), "Members of the register's own regional councils.")

OPPGAVEFELT = TableSpec("oppgavefelt", False, (
    C("kode", K.KEY, "Kode", "Task-field code.", required=True),
    C("navn", K.TEXT, "Navn", "Name (default: the code).", required=True, cell_required=False),
    C("sektor", K.CODE, "Sektor", "Coarse sector (code).", codes=Sector),
), "Task-field codes beyond the bundled catalogue.")

KARTLEGGINGER = TableSpec("kartlegginger", False, (
    C("fylkesnummer", K.FYLKESNUMMER, "Fylkesnummer", "Two-digit county number.", required=True),
    C("ar", K.YEAR, "År", "The year the round maps.", required=True),
    C("dato", K.TEXT, "Dato", "ISO date (YYYY-MM-DD) the round closed.", max_length=10,
      default=""),
    C("kilde", K.TEXT, "Kilde", "Source of the round.", max_length=2000, default=""),
), "Mapping rounds: the year each county was mapped (a county may have several).")

# The places of the report an analyst writes (``tekster.kapittel``), in the report's order.
TEXT_PLACES = ("forord", "sammendrag", "innledning", "metode", "definisjon", "omfang", "innhold",
               "organisering", "vurderinger", "fylkesgrenser", "datakvalitet", "konklusjoner",
               "anbefalinger", "fylke")

TEKSTER = TableSpec("tekster", False, (
    C("kapittel", K.TEXT, "Kapittel", "Where the text is printed: " + ", ".join(TEXT_PLACES)
      + ".", required=True, max_length=20),
    C("fylkesnummer", K.FYLKESNUMMER, "Fylkesnummer",
      "The county of a county appendix (kapittel fylke); empty otherwise."),
    C("ar", K.YEAR, "År", "The report year the text belongs to; empty means any year."),
    C("tittel", K.TEXT, "Tittel", "Heading (optional).", max_length=300, default=""),
    C("tekst", K.TEXT, "Tekst", "The text, in Markdown (paragraphs, lists, emphasis, links).",
      required=True, max_length=100_000),
), "The analyst's own texts, printed at their place in the report.")

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (ORDNINGER, DELTAKERE, KOMMUNER, KOMMUNEENDRINGER, FYLKER, REGIONRAD,
              REGIONRAD_MEDLEMMER, OPPGAVEFELT, KARTLEGGINGER, TEKSTER)
}

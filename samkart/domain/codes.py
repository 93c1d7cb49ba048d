"""Every code list of the register, in one module.

The codes are the public contract of ``docs/spec/register-format.md``; labels are Norwegian bokmål
first with an English gloss. Nothing here imports Django or pandas.

Glossary of the Norwegian domain words (used as identifiers where they are codes of the contract):

==========================  ====================================================================
samarbeidsordning, ordning  cooperation arrangement (one formal inter-municipal arrangement)
deltaker, deltakelse        participant (municipality), participation
vertskommune                host municipality (also a legal form, kommuneloven 1992 §28-1 b)
tilknytningsform            legal form of an arrangement
sektor, delsektor           coarse sector, fine sector
oppgavefelt                 task field (homogeneous task, e.g. "renovasjon", waste collection)
lovpålagt                   statutory (a task the municipality is obliged by law to provide)
etablert, avviklet          year established, year ended
nivå (niva)                 geographic level: lokal, regional, høyere (hoyere)
regionråd                   regional council (a political cooperation body of neighbours)
samkommune                  joint municipality (kommuneloven 1992 kap. 5 B, repealed 2020)
vertskommunesystem          a region governed through a system of host-municipality agreements
kommunenummer, fylke        municipality number (4 digits), county (2-digit fylkesnummer)
kommunal eierandel          municipal ownership share (percent)
dominerende part            dominant party: kommune, stat (state) or privat (private)
tellende                    counted (meets the definition of formal cooperation)
grunn                       reason (why an arrangement is not counted)
kartlegging                 mapping round (a survey of all arrangements in a county in one year)
rådmann                     chief executive of a municipality
IKS                         interkommunalt selskap, inter-municipal company
AS                          aksjeselskap, limited company
==========================  ====================================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import Self, cast

from samkart.i18n import pgettext


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of a code list: the code as written in files, and its labels."""

    code: str
    nb: str
    en: str
    legal_basis: str = ""


class CodeList(Enum):
    """Base for code lists whose member value is a :class:`Code`."""

    @property
    def code(self) -> str:
        return self.value.code

    @property
    def nb(self) -> str:
        return self.value.nb

    @property
    def en(self) -> str:
        return self.value.en

    @property
    def label(self) -> str:
        """The label in the active language (``samkart.i18n``): the bokmål label looked up in the
        catalogue, with the code list's name as context (one Norwegian word can be two things)."""
        return pgettext(type(self).__name__, self.value.nb)

    @classmethod
    def parse(cls, text: str) -> Self | None:
        """The member whose code is ``text`` (case-insensitive, trimmed), else None."""
        member = _lookup(cls).get(text.strip().lower())
        return cast("Self | None", member)

    @classmethod
    def from_code(cls, code: str) -> Self:
        """The member whose code is ``code``, which the caller knows to be valid (a KeyError when
        it is not: a bug, not bad input)."""
        return cast(Self, _lookup(cls)[code])

    @classmethod
    def codes(cls) -> list[str]:
        return [m.value.code for m in cls]


_LOOKUPS: dict[type, dict[str, CodeList]] = {}


def _lookup(cls: type[CodeList]) -> dict[str, CodeList]:
    table = _LOOKUPS.get(cls)
    if table is None:
        table = {m.value.code: m for m in cls}
        _LOOKUPS[cls] = table
    return table


class LegalForm(CodeList):
    """``tilknytningsform``: the legal form of an arrangement, under kommuneloven 1992 and 2018."""

    AVTALE = Code(
        "avtale",
        "Avtalebasert samarbeid (kjøp og salg av tjenester)",
        "Agreement-based cooperation (purchase and sale of services)",
        "kommuneloven 1992 / 2018 §17-1",
    )
    VERTSKOMMUNE = Code(
        "vertskommune",
        "Administrativt vertskommunesamarbeid",
        "Administrative host-municipality cooperation",
        "kommuneloven 1992 §28-1 b; 2018 §20-2",
    )
    VERTSKOMMUNE_NEMND = Code(
        "vertskommune_nemnd",
        "Vertskommune med felles folkevalgt nemnd",
        "Host municipality with a joint elected committee",
        "kommuneloven 1992 §28-1 c; 2018 kap. 20",
    )
    STYRE = Code(
        "styre", "Interkommunalt styre (§27)", "Inter-municipal board", "kommuneloven 1992 §27"
    )
    IKS = Code(
        "iks",
        "Interkommunalt selskap (IKS)",
        "Inter-municipal company",
        "lov om interkommunale selskaper",
    )
    AS = Code("as", "Aksjeselskap (AS)", "Limited company", "aksjeloven")
    SAMKOMMUNE = Code(
        "samkommune", "Samkommune", "Joint municipality", "kommuneloven 1992 kap. 5 B (opphevet)"
    )
    POLITISK_RAD = Code(
        "politisk_rad",
        "Interkommunalt politisk råd",
        "Inter-municipal political council",
        "kommuneloven 2018 kap. 18",
    )
    OPPGAVEFELLESSKAP = Code(
        "oppgavefellesskap",
        "Kommunalt oppgavefellesskap",
        "Municipal joint undertaking",
        "kommuneloven 2018 kap. 19",
    )
    SAMVIRKEFORETAK = Code(
        "samvirkeforetak",
        "Samvirkeforetak (SA)",
        "Cooperative",
        "samvirkelova; kommuneloven 2018 §17-1",
    )


# Legal forms whose arrangements are steered by a joint elected body (chapter 6 of the seed: "share
# under political steering"). Kept here so the report and the web agree on one list.
POLITICALLY_STEERED = frozenset(
    {LegalForm.VERTSKOMMUNE_NEMND, LegalForm.SAMKOMMUNE, LegalForm.POLITISK_RAD}
)


class Sector(CodeList):
    """``sektor``: the coarse sector of an arrangement."""

    ADMINISTRASJON = Code("administrasjon", "Administrasjon", "Administration")
    HELSE = Code("helse", "Helse", "Health")
    SOSIAL = Code("sosial", "Sosial", "Social services")
    OPPVEKST = Code("oppvekst", "Oppvekst og undervisning", "Education and childhood")
    KULTUR = Code("kultur", "Kultur", "Culture")
    TEKNISK = Code("teknisk", "Teknisk", "Technical services")
    BRANN_BEREDSKAP = Code("brann_beredskap", "Brann og beredskap", "Fire and emergency")
    PLAN_MILJO_LANDBRUK = Code(
        "plan_miljo_landbruk", "Plan, miljø og landbruk", "Planning, environment, agriculture"
    )
    NAERING = Code("naering", "Næring", "Business development")
    REGIONALT_SAMARBEID = Code(
        "regionalt_samarbeid", "Regionalt samarbeid", "Regional cooperation"
    )


class Level(CodeList):
    """``niva``: the geographic level of an arrangement (chapter 4.1 of the seed)."""

    LOKAL = Code("lokal", "Lokalt nivå", "Local level")
    REGIONAL = Code("regional", "Regionalt nivå", "Regional (council) level")
    HOYERE = Code("hoyere", "Høyere geografisk nivå", "Higher geographic level")


# Column order of the counting tables (tables 4.1-4.5 of the seed print higher level first).
LEVEL_ORDER = (Level.HOYERE, Level.REGIONAL, Level.LOKAL)


class DominantParty(CodeList):
    """``dominerende_part``: who dominates the arrangement; only ``kommune`` counts."""

    KOMMUNE = Code("kommune", "Kommunene", "The municipalities")
    STAT = Code("stat", "Staten", "The state")
    PRIVAT = Code("privat", "Private aktører", "Private parties")


class ArrangementType(CodeList):
    """``type``: formal arrangement, or one of the kinds the definition leaves out."""

    FORMELL = Code("formell", "Formelt samarbeid", "Formal cooperation")
    FORENING = Code("forening", "Organisasjon eller forening", "Organisation or association")
    NETTVERK = Code("nettverk", "Fagnettverk", "Professional network")
    PROSJEKT = Code("prosjekt", "Midlertidig prosjekt", "Temporary project")


class Role(CodeList):
    """``rolle``: a participant's role in an arrangement."""

    VERTSKOMMUNE = Code("vertskommune", "Vertskommune", "Host municipality")
    DELTAKER = Code("deltaker", "Deltaker", "Participant")


class CouncilType(CodeList):
    """``regionrad.type``: the three governance models of chapter 6.1 of the seed."""

    REGIONRAD = Code("regionrad", "Regionråd", "Regional council")
    SAMKOMMUNE = Code("samkommune", "Samkommune", "Joint municipality")
    VERTSKOMMUNESYSTEM = Code(
        "vertskommunesystem", "Vertskommunesystem", "Host-municipality system"
    )


class Band(CodeList):
    """Frequency band of a task field (chapter 5.2 of the seed), from the unrounded percent p."""

    HYPPIG = Code("hyppig", "Hyppig (over 50 %)", "Frequent (over 50 %)")
    VANLIG = Code("vanlig", "Vanlig (20–50 %)", "Common (20–50 %)")
    SJELDEN = Code("sjelden", "Sjelden (10–20 %)", "Rare (10–20 %)")
    UVANLIG = Code("uvanlig", "Uvanlig (under 10 %)", "Unusual (under 10 %)")

    @classmethod
    def of(cls, percent: float | Fraction) -> Band:
        """Band from an unrounded percentage, with the boundaries of ``docs/spec/cli.md``."""
        if percent > 50:
            return cls.HYPPIG
        if percent >= 20:
            return cls.VANLIG
        if percent >= 10:
            return cls.SJELDEN
        return cls.UVANLIG


class ChangeKind(CodeList):
    """Kind of a change to the municipal structure, in the bundled successor table."""

    SAMMENSLAING = Code("sammenslaing", "Sammenslåing", "Merger")
    DELING = Code("deling", "Deling", "Split")
    NYTT_NUMMER = Code("nytt_nummer", "Nytt kommunenummer", "Renumbering")
    FYLKESBYTTE = Code("fylkesbytte", "Bytte av fylke", "Change of county")


TRUE_WORDS = frozenset({"ja", "true", "1"})
FALSE_WORDS = frozenset({"nei", "false", "0"})

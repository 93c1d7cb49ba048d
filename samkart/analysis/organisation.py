"""Chapter 6 of the seed: how the cooperation is organised.

Legal forms with shares (figure 6.3), the share under political steering and the share organised as
IKS or AS (the text of 6.2), the governance model of each regional council (6.1), and host load: how
many arrangements each municipality hosts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from samkart.analysis.scope import touching
from samkart.analysis.tables import Table, norwegian_key, percent
from samkart.analysis.yearview import YearView
from samkart.domain.codes import POLITICALLY_STEERED, LegalForm, Level
from samkart.reference.lawrules import form_label

COMPANIES = frozenset({LegalForm.IKS, LegalForm.AS})


class LegalFormRow(NamedTuple):
    """Figure 6.3: counted arrangements of one legal form."""

    tilknytningsform: str  # the legal form's code
    navn: str
    hjemmel: str
    antall: int
    prosent: float


def legal_forms(view: YearView, county: str | None = None) -> Table[LegalFormRow]:
    """Counted arrangements by legal form, with percent, in the order of the code list; each form
    labelled and cited as the Local Government Act in force in the view's year has it."""
    statuses = touching(view, county)
    counts = Counter(s.arrangement.tilknytningsform for s in statuses)
    rows = []
    for form in LegalForm:
        if counts[form]:
            # The Act of the year names the form: 1992's terms up to 2019, 2018's from 2020.
            label, basis = form_label(form, view.year)
            rows.append(LegalFormRow(tilknytningsform=form.code, navn=label, hjemmel=basis,
                                     antall=counts[form],
                                     prosent=percent(counts[form], len(statuses))))
    return Table.of(LegalFormRow, rows)


@dataclass(frozen=True, slots=True)
class FormShares:
    """The two shares the text of chapter 6.2 turns on."""

    total: int
    political: int
    companies: int

    @property
    def political_percent(self) -> float:
        return percent(self.political, self.total)

    @property
    def companies_percent(self) -> float:
        return percent(self.companies, self.total)


def form_shares(view: YearView, county: str | None = None) -> FormShares:
    """Share under political steering (joint elected committee, samkommune, political council) and
    share organised as IKS or AS, of the counted arrangements."""
    statuses = touching(view, county)
    forms = [s.arrangement.tilknytningsform for s in statuses]
    return FormShares(
        len(forms),
        sum(1 for f in forms if f in POLITICALLY_STEERED),
        sum(1 for f in forms if f in COMPANIES),
    )


class CouncilRow(NamedTuple):
    """Chapter 6.1: one council's governance model and the regional arrangements it covers."""

    id: str
    navn: str
    type: str  # the council type's code
    styringsmodell: str  # its name
    fylker: str  # the members' counties, ", "-separated
    medlemmer: int
    regionale_ordninger: int
    politisk_styrt: int
    politisk_styrt_prosent: float

    @property
    def counties(self) -> set[str]:
        return set(self.fylker.split(", "))


def council_governance(view: YearView) -> Table[CouncilRow]:
    """Chapter 6.1: per council active in the year its governance model (type), members, and the
    counted regional-level arrangements it covers (three quarters of its members take part and at
    most one participant is outside), with how many of them are politically steered."""
    rows = []
    for cid, members in sorted(view.councils.members.items()):
        council = view.register.councils.get(cid)
        if council is None:
            continue
        covered = 0
        steered = 0
        for s in view.counted():
            if s.level is not Level.REGIONAL:
                continue
            inside = len(members & s.participants)
            if 4 * inside >= 3 * len(members) and len(s.participants) - inside <= 1:
                covered += 1
                steered += s.arrangement.tilknytningsform in POLITICALLY_STEERED
        counties = sorted({view.municipalities[k].fylkesnummer for k in members})
        rows.append(CouncilRow(id=cid, navn=council.navn, type=council.type.code,
                               styringsmodell=council.type.label, fylker=", ".join(counties),
                               medlemmer=len(members), regionale_ordninger=covered,
                               politisk_styrt=steered,
                               politisk_styrt_prosent=percent(steered, covered)))
    rows.sort(key=lambda r: (r.fylker, norwegian_key(r.navn)))
    return Table.of(CouncilRow, rows)


class HostLoadRow(NamedTuple):
    """Host load: the arrangements one municipality hosts and takes part in."""

    kommunenummer: str
    kommune: str
    vertskommune_for: int
    deltar_i: int
    andel_prosent: float


def host_load(view: YearView, county: str | None = None) -> Table[HostLoadRow]:
    """Per municipality: arrangements it hosts (``vertskommune``), arrangements it takes part in,
    and the hosted share; most hosting first. Municipalities that host nothing are included."""
    hosted: Counter[str] = Counter()
    taking_part: Counter[str] = Counter()
    for s in view.counted():
        if s.host:
            hosted[s.host] += 1
        for k in s.participants:
            taking_part[k] += 1
    rows = []
    for k, m in view.municipalities.items():
        if county is not None and m.fylkesnummer != county:
            continue
        if county is None and not taking_part[k]:
            continue
        rows.append(HostLoadRow(kommunenummer=k, kommune=m.navn, vertskommune_for=hosted[k],
                                deltar_i=taking_part[k],
                                andel_prosent=percent(hosted[k], taking_part[k])))
    rows.sort(key=lambda r: (-r.vertskommune_for, norwegian_key(r.kommune)))
    return Table.of(HostLoadRow, rows)

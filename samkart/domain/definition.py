"""The definition of formal inter-municipal cooperation (chapter 3 of the seed report).

An arrangement counts in year Y when all of these hold; otherwise it stays in the register and is
reported as excluded with every reason that applies:

1. its ``type`` is ``formell`` (associations, networks and temporary projects do not count);
2. its ``dominerende_part`` is ``kommune`` (state- or privately dominated cooperation does not count);
3. an ``as`` has a municipal ownership share above 50 percent;
4. at least two participating municipalities are active in Y.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from samkart.domain.codes import ArrangementType, DominantParty, LegalForm
from samkart.domain.entities import Arrangement

# The ownership share an AS must exceed to count; "kommunal eiermajoritet" in the seed.
AS_MAJORITY_PERCENT = 50.0
MIN_PARTICIPANTS = 2


class Reason(StrEnum):
    """Why an arrangement is not counted; the value is a stable code for files and the web (a
    StrEnum: written and printed as the code)."""

    NOT_FORMAL = "ikke_formell"
    NOT_MUNICIPAL = "ikke_kommunalt_dominert"
    AS_MINORITY = "as_uten_kommunal_majoritet"
    NOT_ACTIVE = "ikke_aktiv"
    TOO_FEW = "faerre_enn_to_deltakere"


@dataclass(frozen=True, slots=True)
class Exclusion:
    """One reason with the detail that makes it readable (``ikke formell: forening``)."""

    reason: Reason
    detail: str

    def text(self) -> str:
        return self.detail


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an arrangement counts in a year, and if not, why."""

    counted: bool
    exclusions: tuple[Exclusion, ...] = ()

    def reason_text(self) -> str:
        """All reasons, in the order of the definition, joined by ``; `` (empty when counted)."""
        return "; ".join(e.text() for e in self.exclusions)


def judge(arrangement: Arrangement, active_participants: int, year: int) -> Verdict:
    """Apply the definition to ``arrangement`` in ``year``.

    ``active_participants`` is the number of distinct municipalities with an active participation in
    the year (see ``samkart.domain.asof``); it is passed in so the rule stays a pure function.
    """
    out: list[Exclusion] = []
    if arrangement.type is not ArrangementType.FORMELL:
        out.append(Exclusion(Reason.NOT_FORMAL, f"ikke formell: {arrangement.type.code}"))
    if arrangement.dominerende_part is not DominantParty.KOMMUNE:
        out.append(
            Exclusion(
                Reason.NOT_MUNICIPAL,
                f"ikke kommunalt dominert: {arrangement.dominerende_part.code}",
            )
        )
    if arrangement.tilknytningsform is LegalForm.AS:
        share = arrangement.kommunal_eierandel
        if share is None or share <= AS_MAJORITY_PERCENT:
            shown = "ikke oppgitt" if share is None else f"{_fmt(share)} %"
            out.append(
                Exclusion(Reason.AS_MINORITY, f"AS uten kommunal eiermajoritet: {shown}")
            )
    if not arrangement.active_in(year):
        out.append(Exclusion(Reason.NOT_ACTIVE, _inactive_detail(arrangement, year)))
    elif active_participants < MIN_PARTICIPANTS:
        out.append(
            Exclusion(
                Reason.TOO_FEW,
                f"færre enn to aktive deltakere i {year}: {active_participants}",
            )
        )
    return Verdict(not out, tuple(out))


def _inactive_detail(arrangement: Arrangement, year: int) -> str:
    if arrangement.etablert is not None and year < arrangement.etablert:
        return f"ikke aktiv i {year}: etablert {arrangement.etablert}"
    return f"ikke aktiv i {year}: avviklet {arrangement.avviklet}"


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")

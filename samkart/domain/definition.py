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
from samkart.i18n import gettext as _
from samkart.i18n import gettext_noop

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


# The codes a reason names ("ikke formell: forening"), as words of the reader's language; in
# bokmål the codes themselves, which are bokmål words, so the contract's reason texts stay as
# they are.
CODE_WORDS = {
    ArrangementType.FORENING.code: gettext_noop("forening"),
    ArrangementType.NETTVERK.code: gettext_noop("nettverk"),
    ArrangementType.PROSJEKT.code: gettext_noop("prosjekt"),
    DominantParty.STAT.code: gettext_noop("stat"),
    DominantParty.PRIVAT.code: gettext_noop("privat"),
}


def _word(code: object) -> str:
    word = CODE_WORDS.get(str(code))
    return _(word) if word is not None else str(code)


@dataclass(frozen=True, slots=True)
class Exclusion:
    """One reason with the values that make it readable (``ikke formell: forening``). The text
    is made when it is shown, in the language active then: a verdict is kept and shown to readers
    of every language."""

    reason: Reason
    values: tuple[object, ...] = ()

    def text(self) -> str:
        v = self.values
        if self.reason is Reason.NOT_FORMAL:
            return _("ikke formell: {type}").format(type=_word(v[0]))
        if self.reason is Reason.NOT_MUNICIPAL:
            return _("ikke kommunalt dominert: {party}").format(party=_word(v[0]))
        if self.reason is Reason.AS_MINORITY:
            shown = _("ikke oppgitt") if v[0] is None else f"{_fmt(v[0])} %"  # type: ignore[arg-type]
            return _("AS uten kommunal eiermajoritet: {share}").format(share=shown)
        if self.reason is Reason.NOT_ACTIVE:
            year, kind, when = v
            if kind == "etablert":
                return _("ikke aktiv i {year}: etablert {when}").format(year=year, when=when)
            return _("ikke aktiv i {year}: avviklet {when}").format(year=year, when=when)
        year, count = v
        return _("færre enn to aktive deltakere i {year}: {count}").format(year=year, count=count)


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an arrangement counts in a year, and if not, why."""

    counted: bool
    exclusions: tuple[Exclusion, ...] = ()

    def reason_text(self) -> str:
        """All reasons, in the order of the definition, joined by ``; `` (empty when counted)."""
        return "; ".join(e.text() for e in self.exclusions)


COUNTED = Verdict(True)
"""The verdict of every counted arrangement (one object: a verdict cannot change)."""


def judge(arrangement: Arrangement, active_participants: int, year: int) -> Verdict:
    """Apply the definition to ``arrangement`` in ``year``.

    ``active_participants`` is the number of distinct municipalities with an active participation in
    the year (see ``samkart.domain.asof``); it is passed in so the rule stays a pure function.
    """
    out: list[Exclusion] = []
    if arrangement.type is not ArrangementType.FORMELL:
        out.append(Exclusion(Reason.NOT_FORMAL, (arrangement.type.code,)))
    if arrangement.dominerende_part is not DominantParty.KOMMUNE:
        out.append(Exclusion(Reason.NOT_MUNICIPAL, (arrangement.dominerende_part.code,)))
    if arrangement.tilknytningsform is LegalForm.AS:
        share = arrangement.kommunal_eierandel
        if share is None or share <= AS_MAJORITY_PERCENT:
            out.append(Exclusion(Reason.AS_MINORITY, (share,)))
    if not arrangement.active_in(year):
        out.append(Exclusion(Reason.NOT_ACTIVE, _inactive(arrangement, year)))
    elif active_participants < MIN_PARTICIPANTS:
        out.append(Exclusion(Reason.TOO_FEW, (year, active_participants)))
    return Verdict(False, tuple(out)) if out else COUNTED


def _inactive(arrangement: Arrangement, year: int) -> tuple[object, ...]:
    if arrangement.etablert is not None and year < arrangement.etablert:
        return (year, "etablert", arrangement.etablert)
    return (year, "avviklet", arrangement.avviklet)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")

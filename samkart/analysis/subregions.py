"""Counts per regional council (the seed's "antall ordninger pr. delregion": Midtre Namdal 66,
Ytre Namdal 36) and per municipality within each council, consistent with the level counts of
table 4.1.

A council's count is the distinct counted arrangements with at least one of its members taking
part, by the level each has in table 4.1. The council-governance table (chapter 6) instead counts
the regional arrangements that cover *this* council by the level rule; the two differ where an
arrangement is regional through another council (a samkommune inside a larger regional council)
or has its level set by hand. :func:`regional_elsewhere` names those arrangements and why.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from samkart.analysis.tables import Table, norwegian_key
from samkart.analysis.yearview import Status, YearView
from samkart.domain.codes import LEVEL_ORDER, Level
from samkart.i18n import gettext as _


class CouncilCountRow(NamedTuple):
    """One council: its members and the counted arrangements they take part in, by level."""

    id: str
    navn: str
    medlemmer: int
    hoyere: int
    regional: int
    lokal: int
    sum: int
    regional_for_radet: int  # regional arrangements covering this council by the level rule


class CouncilMunicipalityRow(NamedTuple):
    regionrad: str
    kommunenummer: str
    kommune: str
    hoyere: int
    regional: int
    lokal: int
    sum: int


class ElsewhereRow(NamedTuple):
    """A regional arrangement of a council's members that the rule does not give to the council."""

    id: str
    navn: str
    grunn: str


def _in_county(view: YearView, cid: str, county: str) -> frozenset[str]:
    """The council's members in ``county`` (a council may reach across a county border; the
    seed's subregions are the part in the county)."""
    return frozenset(k for k in view.councils.members[cid]
                     if k in view.municipalities and view.municipalities[k].fylkesnummer == county)


def _covers(view: YearView, cid: str, s: Status) -> bool:
    members = view.councils.members[cid]
    inside = len(members & s.participants)
    return 4 * inside >= 3 * len(members) and len(s.participants) - inside <= 1


def councils_in(view: YearView, county: str) -> list[str]:
    """Ids of the councils active in the view's year with a member in ``county``."""
    return sorted(cid for cid, ms in view.councils.members.items()
                  if cid in view.register.councils
                  and any(view.municipalities[k].fylkesnummer == county
                          for k in ms if k in view.municipalities))


def council_counts(view: YearView, county: str) -> Table[CouncilCountRow]:
    """Each council with a member in ``county``: distinct counted arrangements with a member
    taking part, by level, and the regional ones the level rule gives to the council."""
    rows = []
    counted = view.counted()
    for cid in councils_in(view, county):
        members = _in_county(view, cid, county)
        by_level: Counter[Level] = Counter()
        own = 0
        for s in counted:
            if members & s.participants:
                by_level[s.counted_level] += 1
                if s.level is Level.REGIONAL and _covers(view, cid, s):
                    own += 1
        hoyere, regional, lokal = (by_level[lv] for lv in LEVEL_ORDER)
        rows.append(CouncilCountRow(cid, view.register.councils[cid].navn, len(members),
                                    hoyere=hoyere, regional=regional, lokal=lokal,
                                    sum=hoyere + regional + lokal, regional_for_radet=own))
    rows.sort(key=lambda r: (-r.sum, norwegian_key(r.navn)))
    return Table.of(CouncilCountRow, rows)


def council_municipalities(view: YearView, county: str,
                           councils: list[str]) -> Table[CouncilMunicipalityRow]:
    """The members in ``county`` of each of ``councils`` (in that order) with their counted
    arrangements by level (as in tables 4.2-4.5)."""
    counts = view.level_counts
    none = (0,) * len(LEVEL_ORDER)
    rows = []
    for cid in councils:
        name = view.register.councils[cid].navn
        part = []
        for k in _in_county(view, cid, county):
            hoyere, regional, lokal = counts.get(k, none)  # in LEVEL_ORDER
            part.append(CouncilMunicipalityRow(name, k, view.municipalities[k].navn,
                                               hoyere=hoyere, regional=regional, lokal=lokal,
                                               sum=hoyere + regional + lokal))
        part.sort(key=lambda r: (-r.sum, norwegian_key(r.kommune)))
        rows += part
    return Table.of(CouncilMunicipalityRow, rows)


def regional_elsewhere(view: YearView, cid: str) -> Table[ElsewhereRow]:
    """Regional arrangements with members of council ``cid`` that do not cover it by the rule,
    each with the reason: its level set by hand, or the council it is regional for."""
    members = view.councils.members[cid]
    rows = []
    for s in view.counted():
        if s.level is not Level.REGIONAL or not members & s.participants or _covers(view, cid, s):
            continue
        if s.arrangement.niva is not None:
            reason = _("nivå satt for hånd i registeret")
        else:
            others = [view.register.councils[o].navn for o in sorted(view.councils.members)
                      if o != cid and o in view.register.councils and _covers(view, o, s)]
            reason = (_("regional for {councils}").format(councils=_(" og ").join(others))
                      if others else _("regional etter regelen for et annet råd"))
        rows.append(ElsewhereRow(s.arrangement.id, s.arrangement.navn, reason))
    rows.sort(key=lambda r: (r.grunn, norwegian_key(r.navn)))
    return Table.of(ElsewhereRow, rows)

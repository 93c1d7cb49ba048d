"""The geographic level of an arrangement (chapter 4.1 of the seed, ``docs/spec/register-format.md``).

A level set by hand (``niva``) wins. Otherwise, for the year looked at, with P the set of active
participants and the councils active that year:

- ``regional`` when some council R has at least 75 percent of its members in P and at most one
  participant lies outside R;
- ``hoyere`` when not regional, P has at least 4 members and they belong to at least two councils;
- ``lokal`` otherwise.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction

from samkart.domain.codes import Level


@dataclass(frozen=True, slots=True)
class LevelSettings:
    """Thresholds of the level rule. The defaults are the contract's."""

    # A Fraction, so that exactly 75 % (3 of 4 members) is regional without float rounding.
    regional_share: Fraction = Fraction(3, 4)
    regional_max_outside: int = 1
    higher_min_participants: int = 4
    higher_min_councils: int = 2


DEFAULT_SETTINGS = LevelSettings()


@dataclass(frozen=True, slots=True)
class CouncilMap:
    """The councils active in one year: members of each, and councils of each municipality."""

    members: Mapping[str, frozenset[str]]
    councils_of: Mapping[str, frozenset[str]]

    @classmethod
    def build(cls, members: Mapping[str, Collection[str]]) -> CouncilMap:
        frozen = {cid: frozenset(m) for cid, m in members.items() if m}
        councils_of: dict[str, set[str]] = {}
        for cid, ms in frozen.items():
            for k in ms:
                councils_of.setdefault(k, set()).add(cid)
        return cls(frozen, {k: frozenset(v) for k, v in councils_of.items()})


def derive_level(
    participants: Collection[str],
    councils: CouncilMap,
    settings: LevelSettings = DEFAULT_SETTINGS,
) -> Level:
    """The level of an arrangement whose active participants are ``participants``."""
    p = participants if isinstance(participants, (set, frozenset)) else frozenset(participants)
    # How many participants each council has, in one pass (this runs for every counted
    # arrangement of every year view).
    councils_of = councils.councils_of
    inside: dict[str, int] = {}
    for k in p:
        found = councils_of.get(k)
        if found:
            for cid in found:
                inside[cid] = inside.get(cid, 0) + 1
    n = len(p)
    numerator, denominator = settings.regional_share.numerator, \
        settings.regional_share.denominator
    members = councils.members
    max_outside = settings.regional_max_outside
    for cid, count in inside.items():
        if n - count <= max_outside and count * denominator >= numerator * len(members[cid]):
            return Level.REGIONAL
    if n >= settings.higher_min_participants and len(inside) >= settings.higher_min_councils:
        return Level.HOYERE
    return Level.LOKAL


def level_of(
    given: Level | None,
    participants: Collection[str],
    councils: CouncilMap,
    settings: LevelSettings = DEFAULT_SETTINGS,
) -> Level:
    """The hand-set level when there is one, else the derived level."""
    return given if given is not None else derive_level(participants, councils, settings)

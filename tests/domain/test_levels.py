from fractions import Fraction

from samkart.domain.codes import Level
from samkart.domain.levels import CouncilMap, LevelSettings, derive_level, level_of

# Two councils: R1 has 4 members (a, b, c, d), R2 has 3 (e, f, g); h belongs to none.
COUNCILS = CouncilMap.build({"R1": {"a", "b", "c", "d"}, "R2": {"e", "f", "g"}})


def test_exactly_75_percent_is_regional():
    assert derive_level({"a", "b", "c"}, COUNCILS) is Level.REGIONAL  # 3 of 4 = 75 %


def test_below_75_percent_is_not_regional():
    # 2 of 3 members of R2 is 66.7 %; with 2 participants it is local
    assert derive_level({"e", "f"}, COUNCILS) is Level.LOKAL


def test_at_most_one_participant_outside():
    assert derive_level({"a", "b", "c", "h"}, COUNCILS) is Level.REGIONAL
    # two outside R1 (e and h): not regional; 5 participants in two councils: higher
    assert derive_level({"a", "b", "c", "e", "h"}, COUNCILS) is Level.HOYERE


def test_higher_needs_four_participants_and_two_councils():
    assert derive_level({"a", "b", "e", "f"}, COUNCILS) is Level.HOYERE
    assert derive_level({"a", "e", "h"}, COUNCILS) is Level.LOKAL  # only 3 participants
    # four participants, but only one council among them
    assert derive_level({"a", "b", "h", "x"}, COUNCILS) is Level.LOKAL


def test_no_councils_is_local():
    assert derive_level({"a", "b", "c", "d"}, CouncilMap.build({})) is Level.LOKAL


def test_hand_set_level_wins():
    assert level_of(Level.HOYERE, {"a", "b", "c"}, COUNCILS) is Level.HOYERE
    assert level_of(None, {"a", "b", "c"}, COUNCILS) is Level.REGIONAL


def test_thresholds_are_settings():
    strict = LevelSettings(regional_share=Fraction(1, 1), regional_max_outside=0)
    assert derive_level({"a", "b", "c"}, COUNCILS, strict) is Level.LOKAL
    assert derive_level({"a", "b", "c", "d"}, COUNCILS, strict) is Level.REGIONAL

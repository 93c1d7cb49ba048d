"""Municipality size classes (kommunestørrelse) for chapters 4.4 and 5.3 of the seed.

The seed does not print its class bounds. These are the defaults of the survey contract
(``docs/spec/survey-format.md``: under 3,000; 3,000–9,999; 10,000–19,999; 20,000 and more), used
for the register's analyses too, so that a table by size means the same in both. A class is a
half-open interval of population: ``lower <= innbyggere < upper``.
"""

from __future__ import annotations

from dataclasses import dataclass

from samkart.i18n import pgettext


@dataclass(frozen=True, slots=True)
class SizeClass:
    code: str
    nb: str
    lower: int
    upper: int | None

    @property
    def label(self) -> str:
        """The label in the active language (``samkart.i18n``)."""
        return pgettext("SizeClass", self.nb)

    def contains(self, population: int) -> bool:
        return population >= self.lower and (self.upper is None or population < self.upper)


SIZE_CLASSES = (
    SizeClass("under_3000", "Under 3 000 innbyggere", 0, 3000),
    SizeClass("3000_9999", "3 000–9 999 innbyggere", 3000, 10000),
    SizeClass("10000_19999", "10 000–19 999 innbyggere", 10000, 20000),
    SizeClass("20000_", "20 000 innbyggere og over", 20000, None),
)
UNKNOWN = SizeClass("ukjent", "Ukjent innbyggertall", -1, -1)


def size_class(population: int | None) -> SizeClass:
    """The class of a population; :data:`UNKNOWN` when the population is not known."""
    if population is None:
        return UNKNOWN
    for c in SIZE_CLASSES:
        if c.contains(population):
            return c
    return UNKNOWN

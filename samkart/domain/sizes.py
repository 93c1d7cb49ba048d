"""Municipality size classes (kommunestørrelse) for chapters 4.4 and 5.3 of the seed.

The seed does not print its class bounds; these are the bounds Statistics Norway and KMD commonly use
for small, medium and large municipalities, split once more at the small end where most of the seed's
municipalities lie. A class is a half-open interval of population: ``lower <= innbyggere < upper``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SizeClass:
    code: str
    nb: str
    lower: int
    upper: int | None

    def contains(self, population: int) -> bool:
        return population >= self.lower and (self.upper is None or population < self.upper)


SIZE_CLASSES = (
    SizeClass("under_2000", "Under 2 000 innbyggere", 0, 2000),
    SizeClass("2000_4999", "2 000–4 999 innbyggere", 2000, 5000),
    SizeClass("5000_9999", "5 000–9 999 innbyggere", 5000, 10000),
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

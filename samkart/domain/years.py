"""As-of-year rules: when a thing with a start year and an end year is in force.

All periods in the register are half-open in whole years: a thing that starts in ``fra`` and ends in
``til`` is in force in year Y when ``fra <= Y < til``. An empty start means "since before anything we
look at", an empty end "still in force". The end year is the first year it is *no longer* in force, so
an arrangement with ``avviklet = 2013`` is not counted in the mapping of 2013.
"""

from __future__ import annotations


def in_force(start: int | None, end: int | None, year: int) -> bool:
    """Whether a period ``[start, end)`` covers ``year``; None is an open bound."""
    return (start is None or start <= year) and (end is None or year < end)


def overlaps(a_start: int | None, a_end: int | None, b_start: int | None, b_end: int | None) -> bool:
    """Whether two half-open periods share at least one year."""
    lo_ok = a_end is None or b_start is None or b_start < a_end
    hi_ok = b_end is None or a_start is None or a_start < b_end
    return lo_ok and hi_ok

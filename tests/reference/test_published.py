"""NIVI Analyse's published figures, kept with the reference data (``samkart/reference``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from samkart.domain.codes import LEVEL_ORDER
from samkart.reference import published

NIVI = Path(published.__file__).resolve().parent / "data" / "nivi"
SEED_TABLES = Path(__file__).resolve().parents[3] / "shared" / "data" / "seed-tables"
# CI always has shared/ beside the clone: there a missing folder is a failure, not a skip.
needs_shared = pytest.mark.skipif(
    not SEED_TABLES.exists() and os.environ.get("CI") != "true",
    reason="shared/data/seed-tables is not beside the checkout",
)


@needs_shared
def test_the_copies_equal_the_shared_seed_tables():
    copies = sorted(p.name for p in NIVI.glob("*.csv"))
    assert copies == sorted(p.name for p in SEED_TABLES.glob("*.csv"))
    for name in copies:
        assert (NIVI / name).read_bytes() == (SEED_TABLES / name).read_bytes(), name


def test_the_figures_read_back():
    # Table 4.1 of the seed: Nordland 2014 has 45 higher, 89 regional and 163 local arrangements,
    # 297 in all (also the end point of chapter 4.2's growth 270 -> 297).
    nordland = next(r for r in published.county_rows() if r.fylkesnummer == "18")
    assert (nordland.year, [nordland.counts[lv] for lv in LEVEL_ORDER], nordland.printed_sum) == (
        2014, [45, 89, 163], 297)
    growth = next(g for g in published.growth_rows() if g.fylkesnummer == "18")
    assert (growth.from_count, growth.to_count) == (270, 297)
    # Tables 4.2-4.5 print two totals that do not equal their parts (README of data/nivi).
    odd = sorted(r.kommune for r in published.municipality_rows()
                 if r.printed_sum != r.parts_sum)
    assert odd == ["Røyrvik", "Vestvågøy"]

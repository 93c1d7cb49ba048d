"""The bundled reference data against facts and against the shared boundary files."""

from __future__ import annotations

import csv
import itertools
import json
import os
from collections import Counter
from pathlib import Path

import pytest

from samkart.reference import load_reference

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "reference"
# CI always has shared/ beside the clone: there a missing folder is a failure, not a skip.
needs_shared = pytest.mark.skipif(
    not SHARED.exists() and os.environ.get("CI") != "true",
    reason="shared/data is not beside the repo",
)


def valid_numbers(year: int) -> set[str]:
    return {m.kommunenummer for m in load_reference().municipalities.valid_in(year)}


@pytest.mark.parametrize("year,count", [(2012, 429), (2013, 428), (2015, 428), (2017, 426),
                                        (2018, 422), (2019, 422), (2020, 356), (2023, 356),
                                        (2024, 357), (2026, 357)])
def test_number_of_municipalities_per_year(year, count):
    # Official counts: 429 (2012; Harstad and Bjarkøy merged 2013-01-01), 428 (2013-2016),
    # 426 (2017), 422 (2018-2019), 356 (2020-2023), 357 (2024-)
    assert len(valid_numbers(year)) == count


def test_versions_of_one_number_never_overlap():
    for number, versions in load_reference().municipalities.by_number.items():
        for a, b in itertools.pairwise(versions):
            assert a.gyldig_til is not None and b.gyldig_fra is not None
            assert a.gyldig_til <= b.gyldig_fra, number


def test_every_ended_municipality_has_a_successor():
    ref = load_reference()
    for number, versions in ref.municipalities.by_number.items():
        for v in versions:
            if v.gyldig_til is not None:
                assert any(c.year == v.gyldig_til for c in ref.successors(number, v.gyldig_til)), (
                    number, v)


def test_successors_lead_to_valid_municipalities():
    ref = load_reference()
    for c in ref.changes:
        assert ref.municipalities.valid(c.to_number, c.year) is not None, c
        assert ref.municipalities.valid(c.from_number, c.year - 1) is not None, c


def test_known_changes():
    ref = load_reference()
    kinds = {(c.from_number, c.to_number): c.kind for c in ref.changes}
    assert kinds[("1624", "5054")] == "sammenslaing" and kinds[("1718", "5054")] == "sammenslaing"
    assert kinds[("1601", "5001")] == "nytt_nummer"
    assert kinds[("5030", "5001")] == "sammenslaing"  # Klæbu into Trondheim 2020
    assert {t for (f, t), k in kinds.items() if f == "5012"} == {"5055", "5056", "5059"}
    assert kinds[("1567", "5061")] == "fylkesbytte"  # Rindal to Trøndelag 2019
    assert kinds[("1507", "1580")] == "deling"  # Haram out of Ålesund 2024
    assert ref.municipalities.valid("1850", 2019).navn == "Tysfjord"


def test_councils_reference_known_municipalities():
    ref = load_reference()
    assert {m.regionrad_id for m in ref.memberships} <= set(ref.councils)
    for m in ref.memberships:
        # The municipality exists in every year of the membership (from 2012: the seed's memberships
        # run from 2008 and Inderøy (1756) only from 2012).
        for year in range(max(m.fra, 2012), m.til or 2027):
            assert ref.municipalities.valid(m.kommunenummer, year) is not None, (m, year)
    types = Counter(c.type.code for c in ref.councils.values())
    assert types["samkommune"] == 2 and types["vertskommunesystem"] == 1


@needs_shared
def test_matches_the_2015_list_and_the_2024_boundaries():
    with open(SHARED / "kommuner_2015.csv", encoding="utf-8") as fh:
        listed = {r["kommunenummer"] for r in csv.DictReader(fh)}
    assert listed <= valid_numbers(2017)
    geo = json.loads((SHARED / "geo" / "kommuner_2024_wgs84.geojson").read_text("utf-8"))
    numbers_2024 = {f["properties"]["kommunenummer"] for f in geo["features"]}
    assert numbers_2024 == valid_numbers(2024)


@needs_shared
def test_successor_chain_agrees_with_the_boundary_overlay():
    """Independently of the build tool: the representative point of every 2017 municipality lies in
    a 2024 municipality that its successor chain reaches."""
    shapely = pytest.importorskip("shapely")
    pyproj = pytest.importorskip("pyproj")
    from shapely.geometry import shape
    from shapely.strtree import STRtree

    ref = load_reference()
    to_wgs = pyproj.Transformer.from_crs("EPSG:25833", "EPSG:4326", always_xy=True)
    g24 = json.loads((SHARED / "geo" / "kommuner_2024_wgs84.geojson").read_text("utf-8"))
    polys = [shape(f["geometry"]) for f in g24["features"]]
    numbers = [f["properties"]["kommunenummer"] for f in g24["features"]]
    tree = STRtree(polys)
    g17 = json.loads((SHARED / "geo" / "kommuner_2017_epsg25833.geojson").read_text("utf-8"))

    def reach(number: str, year: int) -> set[str]:
        nexts = [c for c in ref.successors(number, year) if c.to_number != number or c.year > year]
        ended = ref.municipalities.valid(number, 2024) is None
        if not ended:
            return {number}
        out: set[str] = set()
        for c in nexts:
            if c.kind != "grenseendring":
                out |= reach(c.to_number, c.year)
        return out

    misses = []
    for f in g17["features"]:
        point = shape(f["geometry"]).representative_point()
        lon, lat = to_wgs.transform(point.x, point.y)
        p = shapely.geometry.Point(lon, lat)
        hits = {numbers[i] for i in tree.query(p) if polys[i].contains(p)}
        if hits and not hits & reach(f["properties"]["kommunenr"], 2017):
            misses.append((f["properties"]["kommunenr"], hits))
    assert misses == []

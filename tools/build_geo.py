"""Build the bundled map outlines and the neighbour table from ``../shared/data/reference/geo``.

Run from the repository root: ``python tools/build_geo.py [--shared ../shared]``. It writes

* ``samkart/reference/data/kart_2017.json`` and ``kart_2024.json``: municipal outlines projected to
  EPSG:25833 (UTM 33, metres, the projection Norwegian maps use), simplified to ``TOLERANCE`` metres
  and rounded to whole metres, so that the package can draw maps without shapely or pyproj;
* ``samkart/reference/data/naboer.csv``: pairs of municipalities of the 2017 map whose boundaries
  come within ``NEIGHBOUR_GAP`` metres of each other. A small gap rather than strict touching
  because the boundaries are simplified and many neighbours face each other across a fjord.

The package never runs this; the outputs are committed. Boundaries: Kartverket (see the README in
``samkart/reference``).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from pyproj import Transformer
from shapely import transform as shp_transform
from shapely.geometry import mapping, shape
from shapely.strtree import STRtree

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "samkart" / "reference" / "data"
TOLERANCE = 250.0
NEIGHBOUR_GAP = 1500.0
# Træna (1835) is missing from the 2017 file (see the reference README); its only ferry-linked
# neighbours are Lurøy and Rødøy.
EXTRA_NEIGHBOURS = [("1834", "1835"), ("1835", "1836")]


def _load(path: Path, number_key: str, name_key: str, project: bool) -> dict[str, tuple[str, object]]:
    data = json.loads(path.read_text("utf-8"))
    tr = Transformer.from_crs("EPSG:4326", "EPSG:25833", always_xy=True) if project else None
    out = {}
    for f in data["features"]:
        geom = shape(f["geometry"])
        if tr is not None:
            geom = shp_transform(geom, lambda xy: __import__("numpy").column_stack(
                tr.transform(xy[:, 0], xy[:, 1])))
        out[f["properties"][number_key]] = (f["properties"][name_key].strip(), geom)
    return out


def _outline(name: str, geom) -> dict:
    simple = geom.simplify(TOLERANCE, preserve_topology=True)
    polys = mapping(simple)["coordinates"]
    if mapping(simple)["type"] == "Polygon":
        polys = [polys]
    rings = [
        [[round(x), round(y)] for x, y in poly[0]]
        for poly in polys
        if len(poly[0]) >= 4
    ]
    return {"navn": name, "ringer": rings}


def write_map(municipalities: dict, year: int, source: str) -> None:
    doc = {
        "crs": "EPSG:25833",
        "ar": year,
        "kilde": source,
        "kommuner": {
            no: _outline(name, geom) for no, (name, geom) in sorted(municipalities.items())
        },
    }
    (OUT / f"kart_{year}.json").write_text(
        json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8"
    )


def write_neighbours(municipalities: dict) -> None:
    numbers = sorted(municipalities)
    geoms = [municipalities[n][1] for n in numbers]
    tree = STRtree(geoms)
    pairs = set(EXTRA_NEIGHBOURS)
    for i, g in enumerate(geoms):
        for j in tree.query(g.buffer(NEIGHBOUR_GAP)):
            if j > i and g.distance(geoms[j]) <= NEIGHBOUR_GAP:
                pairs.add((numbers[i], numbers[j]))
    with (OUT / "naboer.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["kommunenummer_a", "kommunenummer_b"])
        w.writerows(sorted(pairs))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    geo = args.shared / "data" / "reference" / "geo"
    m2017 = _load(geo / "kommuner_2017_epsg25833.geojson", "kommunenr", "kommunenavn", False)
    m2024 = _load(geo / "kommuner_2024_wgs84.geojson", "kommunenummer", "kommunenavn", True)
    write_map(m2017, 2017, "Kommunegrenser 2017, Kartverket (forenklet)")
    write_map(m2024, 2024, "Kommunegrenser 2024, © Kartverket (forenklet)")
    write_neighbours(m2017)


if __name__ == "__main__":
    main()

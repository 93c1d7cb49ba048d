"""Build the bundled municipal reference tables from ``../shared/data/reference``.

Run from the repository root: ``python tools/build_reference.py [--shared ../shared]``. It writes
``samkart/reference/data/{kommuner,fylker,kommuneendringer}.csv``. The package never runs this: the
tables are committed, and ``tests/reference`` checks them against the boundary files again.

How the successor table is made:

* 2012-2019: the few changes no file shows (Mosvik into Inderøy 2012; Harstad and Bjarkøy 2013;
  Sandefjord, Andebu and Stokke 2017; the Trøndelag renumbering and the Vestfold mergers of 2018;
  Rindal to Trøndelag 2019) are listed below by hand from the official decisions.
* 2020: computed, not typed: every 2017 boundary is overlaid on the 2024 boundaries, and each 2024
  municipality covering at least ``SPLIT_SHARE`` of a 2017 municipality's area is a successor. Smaller
  overlaps are the noise of two independently simplified boundary files and minor border adjustments.
* 2020-2023 numbers in Viken, Vestfold og Telemark and Troms og Finnmark, which neither file holds,
  are listed by hand (``NUMBERS_2020``), and so is the 2024 split of Ålesund and Haram.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import defaultdict
from pathlib import Path

from pyproj import Transformer
from shapely import transform as shp_transform
from shapely.geometry import shape
from shapely.strtree import STRtree

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "samkart" / "reference" / "data"
SPLIT_SHARE = 0.07

COUNTIES = [
    # fylkesnummer, name, valid from, valid to (exclusive)
    ("01", "Østfold", None, 2020),
    ("02", "Akershus", None, 2020),
    ("03", "Oslo", None, None),
    ("04", "Hedmark", None, 2020),
    ("05", "Oppland", None, 2020),
    ("06", "Buskerud", None, 2020),
    ("07", "Vestfold", None, 2020),
    ("08", "Telemark", None, 2020),
    ("09", "Aust-Agder", None, 2020),
    ("10", "Vest-Agder", None, 2020),
    ("11", "Rogaland", None, None),
    ("12", "Hordaland", None, 2020),
    ("14", "Sogn og Fjordane", None, 2020),
    ("15", "Møre og Romsdal", None, None),
    ("16", "Sør-Trøndelag", None, 2018),
    ("17", "Nord-Trøndelag", None, 2018),
    ("18", "Nordland", None, None),
    ("19", "Troms", None, 2020),
    ("20", "Finnmark", None, 2020),
    ("50", "Trøndelag", 2018, None),
    ("30", "Viken", 2020, 2024),
    ("34", "Innlandet", 2020, None),
    ("38", "Vestfold og Telemark", 2020, 2024),
    ("42", "Agder", 2020, None),
    ("46", "Vestland", 2020, None),
    ("54", "Troms og Finnmark", 2020, 2024),
    ("31", "Østfold", 2024, None),
    ("32", "Akershus", 2024, None),
    ("33", "Buskerud", 2024, None),
    ("39", "Vestfold", 2024, None),
    ("40", "Telemark", 2024, None),
    ("55", "Troms", 2024, None),
    ("56", "Finnmark", 2024, None),
]

# Trøndelag from 2018-01-01 (Prop. 130 L (2015-2016); forskrift om kommunenummer): old -> new.
TRONDELAG_2018 = {
    "1601": "5001",
    "1702": "5004",
    "1703": "5005",
    "1612": "5011",
    "1613": "5012",
    "1617": "5013",
    "1620": "5014",
    "1621": "5015",
    "1622": "5016",
    "1627": "5017",
    "1630": "5018",
    "1632": "5019",
    "1633": "5020",
    "1634": "5021",
    "1635": "5022",
    "1636": "5023",
    "1638": "5024",
    "1640": "5025",
    "1644": "5026",
    "1648": "5027",
    "1653": "5028",
    "1657": "5029",
    "1662": "5030",
    "1663": "5031",
    "1664": "5032",
    "1665": "5033",
    "1711": "5034",
    "1714": "5035",
    "1717": "5036",
    "1719": "5037",
    "1721": "5038",
    "1724": "5039",
    "1725": "5040",
    "1736": "5041",
    "1738": "5042",
    "1739": "5043",
    "1740": "5044",
    "1742": "5045",
    "1743": "5046",
    "1744": "5047",
    "1748": "5048",
    "1749": "5049",
    "1750": "5050",
    "1751": "5051",
    "1755": "5052",
    "1756": "5053",
}

# Mergers with a new number before 2020: (date year, [old numbers], new number, new name).
EARLY_MERGERS = [
    (2012, ["1723", "1729"], "1756", "Inderøy"),
    (2013, ["1901", "1915"], "1903", "Harstad"),
    (2017, ["0706", "0719", "0720"], "0710", "Sandefjord"),
    (2018, ["1624", "1718"], "5054", "Indre Fosen"),
    (2018, ["0702", "0714"], "0715", "Holmestrand"),
    (2018, ["0722", "0723"], "0729", "Færder"),
    (2018, ["0709", "0728"], "0712", "Larvik"),
]
# Municipalities that existed before 2017/2012 but are not in the shared list (it shows 2017's map).
EARLY_EXTRA = {
    "1723": ("Mosvik", "17"),
    "1729": ("Inderøy", "17"),
    "1901": ("Harstad", "19"),
    "1915": ("Bjarkøy", "19"),
    "0706": ("Sandefjord", "07"),
    "0719": ("Andebu", "07"),
    "0720": ("Stokke", "07"),
}

# 2020-2023 number of each 2024 number that differs (the counties split again in 2024).
NUMBERS_2020 = {
    "3101": "3001",
    "3103": "3002",
    "3105": "3003",
    "3107": "3004",
    "3301": "3005",
    "3303": "3006",
    "3305": "3007",
    "3110": "3011",
    "3124": "3012",
    "3122": "3013",
    "3118": "3014",
    "3116": "3015",
    "3120": "3016",
    "3112": "3017",
    "3114": "3018",
    "3216": "3019",
    "3207": "3020",
    "3218": "3021",
    "3214": "3022",
    "3212": "3023",
    "3201": "3024",
    "3203": "3025",
    "3226": "3026",
    "3224": "3027",
    "3220": "3028",
    "3222": "3029",
    "3205": "3030",
    "3232": "3031",
    "3230": "3032",
    "3209": "3033",
    "3228": "3034",
    "3240": "3035",
    "3238": "3036",
    "3242": "3037",
    "3310": "3038",
    "3320": "3039",
    "3322": "3040",
    "3324": "3041",
    "3326": "3042",
    "3328": "3043",
    "3330": "3044",
    "3332": "3045",
    "3318": "3046",
    "3316": "3047",
    "3314": "3048",
    "3312": "3049",
    "3334": "3050",
    "3336": "3051",
    "3338": "3052",
    "3236": "3053",
    "3234": "3054",
    "3901": "3801",
    "3903": "3802",
    "3905": "3803",
    "3907": "3804",
    "3909": "3805",
    "4001": "3806",
    "4003": "3807",
    "4005": "3808",
    "3911": "3811",
    "4010": "3812",
    "4012": "3813",
    "4014": "3814",
    "4016": "3815",
    "4018": "3816",
    "4020": "3817",
    "4026": "3818",
    "4024": "3819",
    "4022": "3820",
    "4028": "3821",
    "4030": "3822",
    "4032": "3823",
    "4034": "3824",
    "4036": "3825",
    "5501": "5401",
    "5503": "5402",
    "5601": "5403",
    "5634": "5404",
    "5607": "5405",
    "5603": "5406",
    "5510": "5411",
    "5512": "5412",
    "5514": "5413",
    "5516": "5414",
    "5518": "5415",
    "5520": "5416",
    "5522": "5417",
    "5524": "5418",
    "5526": "5419",
    "5528": "5420",
    "5530": "5421",
    "5532": "5422",
    "5534": "5423",
    "5536": "5424",
    "5538": "5425",
    "5540": "5426",
    "5542": "5427",
    "5544": "5428",
    "5546": "5429",
    "5612": "5430",
    "5614": "5432",
    "5616": "5433",
    "5618": "5434",
    "5620": "5435",
    "5622": "5436",
    "5610": "5437",
    "5624": "5438",
    "5626": "5439",
    "5630": "5440",
    "5628": "5441",
    "5636": "5442",
    "5632": "5443",
    "5605": "5444",
    # Ålesund (with Haram, Sandøy, Skodje, Ørskog) had 1507 in 2020-2023; split again in 2024.
    "1508": "1507",
    "1580": "1507",
}
NAMES_2020 = {"1507": "Ålesund", "3014": "Indre Østfold", "5415": "Loabák - Lavangen"}
MISSING_2017_GEO = {"1144": "1144", "1835": "1835"}  # Kvitsøy, Træna: unchanged to 2024

KILDE_GEO = "overlegg av kommunegrenser 2017 og 2024 (shared/data/reference/geo)"
KILDE_HAND = "kommunenummerforskriften og vedtak om kommunesammenslåing (lagt inn for hånd)"


def clean_name(name: str) -> str:
    return re.sub(r"\[\d+\]", "", name).strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    shared = Path(ap.parse_args().shared) / "data" / "reference"

    base = {}
    with open(shared / "kommuner_2015.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            base[r["kommunenummer"]] = (clean_name(r["navn"]), r["fylkesnummer"], r["innbyggere"])
    g24 = json.loads((shared / "geo" / "kommuner_2024_wgs84.geojson").read_text("utf-8"))
    names24 = {
        f["properties"]["kommunenummer"]: f["properties"]["kommunenavn"] for f in g24["features"]
    }

    successors_2024 = overlay(shared, g24)
    for k, s in MISSING_2017_GEO.items():
        successors_2024[k] = [s]

    # versions: number -> list of [name, county, population, from, to]
    versions: dict[str, list[list]] = defaultdict(list)
    events: list[tuple] = []  # year, kind, from_no, from_name, to_no, to_name, source

    def open_version(no, name, county, pop, start):
        versions[no].append([name, county, pop, start, None])

    def close_version(no, year):
        v = versions[no][-1]
        assert v[4] is None, (no, v)
        v[4] = year

    def name_of(no):
        return versions[no][-1][0]

    for no, (name, county) in EARLY_EXTRA.items():
        open_version(no, name, county, "", None)
    for no, (name, county, pop) in base.items():
        start = next((y for y, _, new, _ in EARLY_MERGERS if new == no and y <= 2017), None)
        open_version(no, name, county, pop, start)

    for year, olds, new, new_name in EARLY_MERGERS:
        for o in olds:
            events.append((year, "sammenslaing", o, name_of(o), new, new_name, KILDE_HAND))
            close_version(o, year)
        if year == 2018:
            open_version(new, new_name, new[:2], "", year)

    # state: the municipalities alive just before 1 January 2020, each with its 2017 parts.
    parts: dict[str, list[str]] = {no: [no] for no in base}
    for year, olds, new, _ in EARLY_MERGERS:
        if year == 2018:
            parts[new] = [p for o in olds for p in parts.pop(o)]
    for old, new in TRONDELAG_2018.items():
        if old not in parts:
            continue
        name, county, pop = base[old]
        events.append((2018, "nytt_nummer", old, name, new, name, KILDE_HAND))
        close_version(old, 2018)
        open_version(new, name, "50", "", 2018)
        parts[new] = parts.pop(old)
    events.append((2019, "fylkesbytte", "1567", "Rindal", "5061", "Rindal", KILDE_HAND))
    close_version("1567", 2019)
    open_version("5061", "Rindal", "50", "", 2019)
    parts["5061"] = parts.pop("1567")

    # 2020: successors from the overlay, in 2020 numbers.
    def no2020(n24):
        return NUMBERS_2020.get(n24, n24)

    succ2020: dict[str, list[str]] = {}
    for no, ps in parts.items():
        seen: list[str] = []
        for p in ps:
            for s in successors_2024[p]:
                if no2020(s) not in seen:
                    seen.append(no2020(s))
        succ2020[no] = seen
    preds2020: dict[str, list[str]] = defaultdict(list)
    for no, ss in succ2020.items():
        for s in ss:
            preds2020[s].append(no)
    new_names = {no2020(n): NAMES_2020.get(no2020(n), names24[n]) for n in names24}
    # A municipality that keeps its number while a part of it moves (Ørsta to Volda in 2020) keeps
    # its version; the moved part is a boundary change (grenseendring) towards the receiver. One that
    # keeps its number while others merge into it (Trondheim and Klæbu) gets a new version.
    changed = {p for p, ss in succ2020.items() if p not in ss}
    new_entities = []
    for new, preds in sorted(preds2020.items()):
        is_new = any(p in changed for p in preds)
        for p in preds:
            if p == new and not is_new:
                continue
            if p not in changed and p != new:
                kind = "grenseendring"
            elif len(succ2020[p]) > 1:
                kind = "deling"
            else:
                kind = "sammenslaing" if len(preds) > 1 else "nytt_nummer"
            events.append((2020, kind, p, name_of(p), new, new_names[new], KILDE_GEO))
        if is_new:
            new_entities.append(new)
    for p in sorted(changed | {n for n in new_entities if n in versions}):
        close_version(p, 2020)
    for new in new_entities:
        open_version(new, new_names[new], new[:2], "", 2020)

    # 2024: the split counties get new numbers again; Ålesund and Haram part.
    for n24, n20 in sorted(NUMBERS_2020.items()):
        kind = "deling" if n20 == "1507" else "nytt_nummer"
        events.append((2024, kind, n20, name_of(n20), n24, names24[n24], KILDE_HAND))
    for n20 in sorted(set(NUMBERS_2020.values())):
        close_version(n20, 2024)
    for n24 in sorted(NUMBERS_2020):
        open_version(n24, names24[n24], n24[:2], "", 2024)

    alive_2024 = {no for no, vs in versions.items() if vs[-1][4] is None}
    assert alive_2024 == set(names24), sorted(alive_2024 ^ set(names24))
    write(versions, events)


def overlay(shared: Path, g24: dict) -> dict[str, list[str]]:
    g17 = json.loads((shared / "geo" / "kommuner_2017_epsg25833.geojson").read_text("utf-8"))
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:25833", always_xy=True)
    targets = []
    for f in g24["features"]:
        geom = shape(f["geometry"])
        geom = shp_transform(geom, lambda xy: _proj(to_utm, xy)).buffer(0)
        targets.append((f["properties"]["kommunenummer"], geom))
    tree = STRtree([g for _, g in targets])
    out = {}
    for f in g17["features"]:
        geom = shape(f["geometry"]).buffer(0)
        shares = []
        for i in tree.query(geom):
            no, g2 = targets[i]
            share = geom.intersection(g2).area / geom.area
            if share >= SPLIT_SHARE:
                shares.append((share, no))
        out[f["properties"]["kommunenr"]] = [no for _, no in sorted(shares, reverse=True)]
    return out


def _proj(tr, xy):
    import numpy as np

    x, y = tr.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def write(versions, events) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "kommuner.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(
            ["kommunenummer", "navn", "fylkesnummer", "innbyggere", "gyldig_fra", "gyldig_til"]
        )
        rows = [(no, *v) for no, vs in versions.items() for v in vs]
        for no, name, county, pop, start, end in sorted(rows, key=lambda r: (r[0], r[4] or 0)):
            w.writerow([no, name, county, pop, start or "", end or ""])
    with open(OUT / "fylker.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["fylkesnummer", "navn", "gyldig_fra", "gyldig_til"])
        for no, name, start, end in COUNTIES:
            w.writerow([no, name, start or "", end or ""])
    with open(OUT / "kommuneendringer.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(
            [
                "dato",
                "endring",
                "fra_kommunenummer",
                "fra_navn",
                "til_kommunenummer",
                "til_navn",
                "kilde",
            ]
        )
        for year, kind, fno, fname, tno, tname, src in sorted(
            events, key=lambda e: (e[0], e[2], e[4])
        ):
            w.writerow([f"{year}-01-01", kind, fno, fname, tno, tname, src])


if __name__ == "__main__":
    main()

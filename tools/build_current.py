"""Build the bundled reference tables that reach the present (issue 10) from
``../shared/data/reference``: population per year, målform, the interkommunale politiske råd after
2020, and the 2017 outlines of Træna and Kvitsøy.

Run from the repository root after ``tools/build_reference.py``:
``python tools/build_current.py [--shared ../shared]``. It writes
``samkart/reference/data/{folketall,malform}.csv``, appends the councils after 2020 to
``regionrad.csv``/``regionrad_medlemmer.csv`` (rows it wrote before are replaced, the seed's kept)
and adds the missing outlines to ``kart_2017.json``. Nothing is estimated: see
``samkart/reference/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "samkart" / "reference" / "data"

# Council rows this script owns start their id with this prefix, so a rerun replaces them.
IPR_PREFIX = "ipr_"
# The post-2020 sources describe the councils in the municipal structure from 2020 on; a council
# membership is not carried back before that year (the 2018 Act allowed IPR from 2019-10-01, and the
# seed's councils end when their members' numbers did).
FIRST_YEAR = 2020
# Phrases of the source's own notes that make a membership uncertain (the README's "Usikkerhet").
UNCERTAIN = ("ikke bekreftet", "eldre kilde", "Wikipedia", "status 2024", "før 2020")
# Outlines missing from the 2017 file whose boundaries did not change until 2024 (shared README).
MISSING_2017 = ("1144", "1835")


def slug(name: str) -> str:
    base = name.split("(")[0].strip().lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    return IPR_PREFIX + re.sub(r"[^a-z0-9]+", "_", base).strip("_")


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def population(shared: Path) -> None:
    rows = [[r["kommunenummer"], r["ar"], r["innbyggere"], r["kilde"]]
            for r in read(shared / "folketall.csv")]
    rows.sort(key=lambda r: (r[0], r[1]))
    write(OUT / "folketall.csv", ["kommunenummer", "ar", "innbyggere", "kilde"], rows)


def malform(shared: Path) -> None:
    rows = [[r["kommunenummer"], r["malform"].lower()] for r in read(shared / "kommuner_2025.csv")]
    write(OUT / "malform.csv", ["kommunenummer", "malform"], sorted(rows))


def councils(shared: Path) -> None:
    # 2020-2023 number of each number renumbered in 2024 (the counties split again).
    before_2024 = {r["til_kommunenummer"]: r["fra_kommunenummer"]
                   for r in read(OUT / "kommuneendringer.csv")
                   if r["dato"].startswith("2024") and r["endring"] == "nytt_nummer"}
    seed_councils = [r for r in read(OUT / "regionrad.csv") if not r["id"].startswith(IPR_PREFIX)]
    seed_members = [r for r in read(OUT / "regionrad_medlemmer.csv")
                    if not r["regionrad_id"].startswith(IPR_PREFIX)]
    new_councils: dict[str, list[str]] = {}
    members: list[list[str]] = []
    for r in read(shared / "interkommunale_politiske_rad.csv"):
        cid = slug(r["navn"])
        start = max(FIRST_YEAR, int(r["fra"][:4])) if r["fra"] else FIRST_YEAR
        text = r["merknad"] + " " + r["kilde_tidsangivelse"]
        unsure = "ja" if any(p in text for p in UNCERTAIN) else "nei"
        source = r["kilde"] + (f" ({r['kilde_tidsangivelse']})" if r["kilde_tidsangivelse"] else "")
        knr = r["kommunenummer"]
        if knr in before_2024 and start < 2024:
            # Same municipality under its 2020-2023 number: a renumbering, not a change of members.
            members.append([cid, before_2024[knr], str(start), "2024", unsure, source])
            start = 2024
        members.append([cid, knr, str(start), "", unsure, source])
        if cid not in new_councils:
            note = r["merknad"] if r["merknad"] else ""
            new_councils[cid] = [cid, r["navn"], "regionrad", knr[:2],
                                 "shared/data/reference/interkommunale_politiske_rad.csv: "
                                 + r["kilde"].split(" ; ")[0], note]
    header_c = list(seed_councils[0].keys())
    write(OUT / "regionrad.csv", header_c,
          [list(r.values()) for r in seed_councils] + list(new_councils.values()))
    header_m = list(seed_members[0].keys())
    write(OUT / "regionrad_medlemmer.csv", header_m,
          [list(r.values()) for r in seed_members] + members)


def outlines() -> None:
    path17 = OUT / "kart_2017.json"
    doc17 = json.loads(path17.read_text("utf-8"))
    doc24 = json.loads((OUT / "kart_2024.json").read_text("utf-8"))
    for knr in MISSING_2017:
        doc17["kommuner"].setdefault(knr, doc24["kommuner"][knr])
    doc17["kommuner"] = dict(sorted(doc17["kommuner"].items()))
    note = "; Træna og Kvitsøy: Kommunegrenser 2024, © Kartverket (CC BY 4.0)"
    if note not in doc17["kilde"]:
        doc17["kilde"] += note
    # Written as the other map files are: compact, one document.
    path17.write_text(json.dumps(doc17, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    shared = Path(ap.parse_args().shared) / "data" / "reference"
    population(shared)
    malform(shared)
    councils(shared)
    outlines()


if __name__ == "__main__":
    main()

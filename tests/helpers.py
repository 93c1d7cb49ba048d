"""Writing small hand-made registers for tests."""

from __future__ import annotations

import csv
from pathlib import Path

from samkart.register import load_register
from samkart.register.model import Register

ORD_COLS = ["id", "navn", "tilknytningsform", "sektor", "oppgavefelt", "vertskommune", "etablert",
            "avviklet", "niva", "kommunal_eierandel", "dominerende_part", "type"]


def write_tables(folder: Path, tables: dict[str, list[dict[str, object]]],
                 delimiter: str = ",", bom: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        cols: list[str] = []
        for r in rows:
            for k in r:
                if k not in cols:
                    cols.append(k)
        if name == "ordninger" and not rows:
            cols = ORD_COLS
        with open(folder / f"{name}.csv", "w", encoding="utf-8-sig" if bom else "utf-8",
                  newline="") as fh:
            w = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
            w.writerow(cols)
            for r in rows:
                w.writerow(["" if r.get(c) is None else r.get(c) for c in cols])
    return folder


def arrangement(id: str, **kw: object) -> dict[str, object]:
    row: dict[str, object] = {"id": id, "navn": f"Ordning {id}", "tilknytningsform": "avtale",
                              "sektor": "helse"}
    row.update(kw)
    return row


def participants(aid: str, *numbers: str, **kw: object) -> list[dict[str, object]]:
    return [{"ordning_id": aid, "kommunenummer": n, **kw} for n in numbers]


def load_ok(folder: Path) -> Register:
    register, problems = load_register(folder)
    assert register is not None, [p.line() for p in problems]
    return register


def lines(folder: Path) -> list[str]:
    return [p.line() for p in load_register(folder)[1]]

"""Small hand-made registers for the analysis tests; expected values are worked out in the tests.

``sizes``: a test county 99 of six municipalities. 9901-9905 have populations 1 000, 3 000, 7 000,
15 000 and 30 000; 9906 has none. Each arrangement pairs one of 9901-9905 with 9906, so that the
totals of 9901-9905 are 2, 4, 1, 5 and 3 (9906 takes part in all 15). No councils: every level is
``lokal`` unless set by hand.
"""

from __future__ import annotations

from pathlib import Path

from samkart.register.model import Register
from tests.helpers import arrangement, load_ok, participants, write_tables

POPULATION = {"9901": 1000, "9902": 3000, "9903": 7000, "9904": 15000, "9905": 30000}
TOTALS = {"9901": 2, "9902": 4, "9903": 1, "9904": 5, "9905": 3}


def sizes(folder: Path) -> Register:
    kommuner = [
        {"kommunenummer": k, "navn": f"Kommune {k[-1]}", "fylkesnummer": "99",
         "innbyggere": POPULATION.get(k)}
        for k in ("9901", "9902", "9903", "9904", "9905", "9906")
    ]
    o, d = [], []
    for k, n in TOTALS.items():
        for i in range(n):
            aid = f"{k}-{i}"
            kw: dict[str, object] = {"etablert": 2010, "sektor": "teknisk",
                                     "delsektor": "Vann og avløp"}
            if k == "9901":
                kw.update(sektor="helse", delsektor="", oppgavefelt="legevakt")
            if k == "9902" and i == 0:
                kw["niva"] = "hoyere"
            if k == "9903":
                kw.update(tilknytningsform="vertskommune")  # host missing: an inconsistency
            o.append(arrangement(aid, **kw))
            d += participants(aid, k, "9906")
    return load_ok(write_tables(folder, {
        "ordninger": o, "deltakere": d, "kommuner": kommuner,
        "fylker": [{"fylkesnummer": "99", "navn": "Testfylke"}],
    }))


def changes(folder: Path) -> Register:
    """Between 2012 and 2013 in Nordland: B1 ends and B2 replaces it; B3 gains a member; B4 is new
    and statutory; B5 continues unchanged; B6 (a project) is never counted."""
    o = [
        arrangement("B1", sektor="helse", lovpalagt="ja", etablert=2005, avviklet=2013),
        arrangement("B2", sektor="helse", lovpalagt="ja", etablert=2013, erstatter="B1"),
        arrangement("B3", sektor="teknisk", lovpalagt="nei", etablert=2001),
        arrangement("B4", sektor="sosial", lovpalagt="ja", etablert=2013),
        arrangement("B5", sektor="teknisk", lovpalagt="nei", etablert=1999),
        arrangement("B6", sektor="naering", type="prosjekt", etablert=2013),
    ]
    d = [
        *participants("B1", "1804", "1820"),
        *participants("B2", "1804", "1820", "1824"),
        *participants("B3", "1804", "1820"),
        {"ordning_id": "B3", "kommunenummer": "1824", "fra": 2013},
        *participants("B4", "1820", "1824"),
        *participants("B5", "1804", "1824"),
        *participants("B6", "1804", "1824"),
    ]
    return load_ok(write_tables(folder, {"ordninger": o, "deltakere": d}))

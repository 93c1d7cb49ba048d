"""Small hand-made registers for the network analyses; the expected values are worked out in the
tests (tests/analysis/test_network.py).

All use their own ``kommuner``, ``fylker`` and councils (test counties 98 and 99), so the bundled
reference data plays no part.
"""

from __future__ import annotations

from pathlib import Path

from samkart.register.model import Register
from tests.helpers import arrangement, load_ok, participants, write_tables

COUNTIES = [{"fylkesnummer": "98", "navn": "Grensefylke"},
            {"fylkesnummer": "99", "navn": "Testfylke"}]


def _kommuner(*numbers: str) -> list[dict[str, object]]:
    return [{"kommunenummer": k, "navn": f"Kommune {k}", "fylkesnummer": k[:2]} for k in numbers]


def two_communities(folder: Path) -> Register:
    """Two tight groups joined by one swing municipality, 2013.

    Council RA: 9901-9904 and 9909; council RB: 9905-9908. A1-A3 each have all of 9901-9904
    (every pair in A shares 3), B1-B3 all of 9905-9908 (every pair in B shares 3). 9909 has
    bilateral arrangements with 9901, 9902, 9903 (S1-S3) and with 9905, 9906 (S4, S5). X1 is a
    project (never counted) between 9904 and 9908; X2 ended in 2012; P1 pairs 9901 with 9905 but
    9905 joins only in 2014.
    """
    o, d = [], []
    for i in (1, 2, 3):
        o.append(arrangement(f"A{i}", etablert=2000))
        d += participants(f"A{i}", "9901", "9902", "9903", "9904")
        o.append(arrangement(f"B{i}", sektor="teknisk", etablert=2000))
        d += participants(f"B{i}", "9905", "9906", "9907", "9908")
    for i, partner in enumerate(("9901", "9902", "9903", "9905", "9906"), start=1):
        o.append(arrangement(f"S{i}", etablert=2010, niva="lokal"))
        d += participants(f"S{i}", "9909", partner)
    o.append(arrangement("X1", type="prosjekt"))
    d += participants("X1", "9904", "9908")
    o.append(arrangement("X2", etablert=2000, avviklet=2012))
    d += participants("X2", "9904", "9908")
    o.append(arrangement("P1", etablert=2000))
    d += participants("P1", "9901")
    d.append({"ordning_id": "P1", "kommunenummer": "9905", "fra": 2014})
    councils = [{"id": "RA", "navn": "Regionråd A", "type": "regionrad"},
                {"id": "RB", "navn": "Regionråd B", "type": "regionrad"}]
    members = [{"regionrad_id": "RA", "kommunenummer": k}
               for k in ("9901", "9902", "9903", "9904", "9909")]
    members += [{"regionrad_id": "RB", "kommunenummer": k} for k in ("9905", "9906", "9907", "9908")]
    return load_ok(write_tables(folder, {
        "ordninger": o, "deltakere": d,
        "kommuner": _kommuner(*(f"99{i:02d}" for i in range(1, 10))),
        "fylker": COUNTIES, "regionrad": councils, "regionrad_medlemmer": members,
    }))


def split_council(folder: Path) -> Register:
    """One council RC of six, 9911-9916, whose halves never cooperate: 9911-9913 share C1 and C2,
    9914-9916 share D1 and D2 (2013). 9917 is in no council and shares E1 with 9914."""
    o, d = [], []
    for aid, members in (("C1", ("9911", "9912", "9913")), ("C2", ("9911", "9912", "9913")),
                         ("D1", ("9914", "9915", "9916")), ("D2", ("9914", "9915", "9916")),
                         ("E1", ("9914", "9917"))):
        o.append(arrangement(aid, etablert=2000))
        d += participants(aid, *members)
    return load_ok(write_tables(folder, {
        "ordninger": o, "deltakere": d,
        "kommuner": _kommuner(*(f"99{i}" for i in range(11, 18))),
        "fylker": COUNTIES,
        "regionrad": [{"id": "RC", "navn": "Regionråd C", "type": "regionrad"}],
        "regionrad_medlemmer": [{"regionrad_id": "RC", "kommunenummer": f"99{i}"}
                                for i in range(11, 17)],
    }))


def across_border(folder: Path) -> Register:
    """9801 (county 98) cooperates only across the border, with 9901 and 9902 (county 99, council
    RX): G1 with 9901, G2 with 9901 and 9902. 9902 and 9903 (county 99) share H1, and 9903 shares
    H2 with 9802 (county 98), so 9903 has ties on both sides (2013)."""
    o = [arrangement(a, etablert=2000) for a in ("G1", "G2", "H1", "H2")]
    d = [*participants("G1", "9801", "9901"), *participants("G2", "9801", "9901", "9902"),
         *participants("H1", "9902", "9903"), *participants("H2", "9802", "9903")]
    return load_ok(write_tables(folder, {
        "ordninger": o, "deltakere": d,
        "kommuner": _kommuner("9801", "9802", "9901", "9902", "9903"),
        "fylker": COUNTIES,
        "regionrad": [{"id": "RX", "navn": "Regionråd X", "type": "regionrad"}],
        "regionrad_medlemmer": [{"regionrad_id": "RX", "kommunenummer": k}
                                for k in ("9901", "9902", "9903")],
    }))


def dependency(folder: Path) -> Register:
    """Statutory fields, hosts, budgets and staff (2013), municipalities 9901-9903:

    D1 statutory, legevakt+barnevern, host 9901, 9901+9902, 1 000 000 NOK, 4 FTE;
    D2 statutory, barnevern, host 9903, 9902+9903, 300 000 NOK, no FTE;
    D3 not statutory, renovasjon, IKS without host, all three, 900 000 NOK, 3 FTE;
    D4 statutory, ppt, no host, 9901+9903, no budget, no FTE.
    """
    o = [
        arrangement("D1", lovpalagt="ja", oppgavefelt="legevakt;barnevern", vertskommune="9901",
                    tilknytningsform="vertskommune", budsjett_nok="1 000 000", arsverk="4",
                    etablert=2000),
        arrangement("D2", lovpalagt="ja", oppgavefelt="barnevern", vertskommune="9903",
                    tilknytningsform="vertskommune", budsjett_nok="300000", etablert=2000),
        arrangement("D3", lovpalagt="nei", oppgavefelt="renovasjon", tilknytningsform="iks",
                    sektor="teknisk", budsjett_nok="900000", arsverk="3", etablert=2000),
        arrangement("D4", lovpalagt="ja", oppgavefelt="ppt", sektor="oppvekst", etablert=2000),
    ]
    d = [
        {"ordning_id": "D1", "kommunenummer": "9901", "rolle": "vertskommune"},
        *participants("D1", "9902"),
        *participants("D2", "9902"),
        {"ordning_id": "D2", "kommunenummer": "9903", "rolle": "vertskommune"},
        *participants("D3", "9901", "9902", "9903"),
        *participants("D4", "9901", "9903"),
    ]
    return load_ok(write_tables(folder, {
        "ordninger": o, "deltakere": d, "kommuner": _kommuner("9901", "9902", "9903"),
        "fylker": COUNTIES,
    }))

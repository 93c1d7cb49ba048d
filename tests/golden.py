"""A small hand-made register whose tables for 2013 are worked out by hand in the tests.

Councils (the register's own): R1 Fosen = Rissa 1624, Bjugn 1627, Ørland 1621 (Sør-Trøndelag) and
Leksvik 1718 (Nord-Trøndelag); R2 Værnes = Stjørdal 1714, Meråker 1711 (Nord-Trøndelag), Selbu 1664
(Sør-Trøndelag). Frosta 1717 belongs to no council.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import arrangement, participants, write_tables


def golden_tables() -> dict[str, list[dict[str, object]]]:
    o = [
        # regional: 3 of R1's 4 members (75 %), none outside
        arrangement("A1", oppgavefelt="legevakt", etablert=2005),
        # regional: all of R1 and one outside (Stjørdal); crosses the county border
        arrangement("A2", tilknytningsform="iks", sektor="teknisk", oppgavefelt="renovasjon",
                    etablert=2001, budsjett_nok="1 250 000,5"),
        # higher: 4 participants, 2 of each council, neither council reaches 75 %
        arrangement("A3", sektor="administrasjon", oppgavefelt="ikt", etablert=2008),
        # local: Stjørdal hosts Frosta
        arrangement("A4", tilknytningsform="vertskommune", sektor="sosial",
                    oppgavefelt="barnevern", vertskommune="1714", etablert=2011),
        # excluded: AS with a municipal minority
        arrangement("A5", tilknytningsform="as", sektor="naering", kommunal_eierandel="40"),
        # excluded: a network
        arrangement("A6", type="nettverk"),
        # not active in 2013: established 2014, ended 2013
        arrangement("A7", sektor="kultur", etablert=2014),
        arrangement("A8", sektor="kultur", etablert=2000, avviklet=2013),
        # one participant left in 2013 (one joins 2014, one left 2013)
        arrangement("A9", sektor="oppvekst", oppgavefelt="ppt", etablert=2010),
        # level set by hand
        arrangement("A10", sektor="teknisk", niva="hoyere", etablert=2012),
        # local: both active in 2013 by their own years
        arrangement("A11", oppgavefelt="legevakt", etablert=2012),
    ]
    d = [
        *participants("A1", "1624", "1627", "1621"),
        *participants("A2", "1624", "1627", "1621", "1718", "1714"),
        *participants("A3", "1624", "1627", "1714", "1711"),
        {"ordning_id": "A4", "kommunenummer": "1714", "rolle": "vertskommune"},
        *participants("A4", "1717"),
        *participants("A5", "1624", "1627"),
        *participants("A6", "1624", "1627"),
        *participants("A7", "1624", "1627"),
        *participants("A8", "1624", "1718"),
        {"ordning_id": "A9", "kommunenummer": "1624", "fra": 2014},
        {"ordning_id": "A9", "kommunenummer": "1627", "til": 2013},
        *participants("A9", "1621"),
        *participants("A10", "1718", "1717"),
        {"ordning_id": "A11", "kommunenummer": "1624", "fra": 2013},
        {"ordning_id": "A11", "kommunenummer": "1627", "til": 2014},
    ]
    councils = [{"id": "R1", "navn": "Fosen", "type": "regionrad"},
                {"id": "R2", "navn": "Værnes", "type": "vertskommunesystem"}]
    members = [{"regionrad_id": "R1", "kommunenummer": k, "fra": 2008}
               for k in ("1624", "1627", "1621", "1718")]
    members += [{"regionrad_id": "R2", "kommunenummer": k} for k in ("1714", "1711", "1664")]
    return {"ordninger": o, "deltakere": d, "regionrad": councils, "regionrad_medlemmer": members}


def write_golden(folder: Path, **kw) -> Path:
    return write_tables(folder, golden_tables(), **kw)

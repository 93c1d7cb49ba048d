"""The tables and columns of a register (``docs/spec/register-format.md``), plus samkart's own
extensions.

Extensions (optional, accepted and written back): the ``fylker`` table (county names for registers
that bring their own municipalities) and the ``oppgavefelt`` table (extra task-field codes).
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_ID = "samarbeidsregister/1"


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    required: bool
    columns: tuple[str, ...]
    required_columns: tuple[str, ...]


ORDNINGER = TableSpec(
    "ordninger",
    True,
    (
        "id", "navn", "tilknytningsform", "sektor", "delsektor", "oppgavefelt", "lovpalagt",
        "vertskommune", "etablert", "avviklet", "niva", "orgnr", "kommunal_eierandel",
        "dominerende_part", "type", "erstatter", "budsjett_nok", "arsverk", "merknad", "kilde",
    ),
    ("id", "navn", "tilknytningsform", "sektor"),
)
DELTAKERE = TableSpec(
    "deltakere", True, ("ordning_id", "kommunenummer", "fra", "til", "rolle"),
    ("ordning_id", "kommunenummer"),
)
KOMMUNER = TableSpec(
    "kommuner", False,
    ("kommunenummer", "navn", "fylkesnummer", "innbyggere", "gyldig_fra", "gyldig_til"),
    ("kommunenummer",),
)
FYLKER = TableSpec("fylker", False, ("fylkesnummer", "navn", "gyldig_fra", "gyldig_til"),
                   ("fylkesnummer", "navn"))
REGIONRAD = TableSpec("regionrad", False, ("id", "navn", "type"), ("id", "navn", "type"))
REGIONRAD_MEDLEMMER = TableSpec(
    "regionrad_medlemmer", False, ("regionrad_id", "kommunenummer", "fra", "til"),
    ("regionrad_id", "kommunenummer"),
)
OPPGAVEFELT = TableSpec("oppgavefelt", False, ("kode", "navn", "sektor"), ("kode", "navn"))

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (ORDNINGER, DELTAKERE, KOMMUNER, FYLKER, REGIONRAD, REGIONRAD_MEDLEMMER, OPPGAVEFELT)
}

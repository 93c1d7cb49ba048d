"""Counts per regional council and per municipality in each (the seed's "antall ordninger pr.
delregion"), consistent with the level counts, and the arrangements where the council's count of
regional arrangements and the level rule's differ, with the reason."""

from __future__ import annotations

from samkart.analysis.subregions import (
    council_counts,
    council_municipalities,
    regional_elsewhere,
)
from samkart.analysis.tables import municipalities_table
from samkart.analysis.yearview import YearView
from tests.helpers import arrangement, load_ok, participants, write_tables

# Salten (R): Bodø 1804, Gildeskål 1838, Beiarn 1839, Saltdal 1840, Fauske 1841; inside it a
# samkommune S of Bodø and Gildeskål. Narvik 1805 is in neither.
COUNCILS = [{"id": "R", "navn": "Salten", "type": "regionrad"},
            {"id": "S", "navn": "Bodø-Gildeskål samkommune", "type": "samkommune"}]
MEMBERS = ([{"regionrad_id": "R", "kommunenummer": k} for k in
            ("1804", "1838", "1839", "1840", "1841")]
           + [{"regionrad_id": "S", "kommunenummer": k} for k in ("1804", "1838")])


def _view(tmp_path):
    o = [arrangement("X", etablert=2010),  # S's two members: regional for S only
         arrangement("Y", etablert=2010, niva="regional"),  # by hand, 2 of R's 5
         arrangement("W", etablert=2010),  # 4 of R's 5, none outside: regional for R
         arrangement("Z", etablert=2010)]  # Fauske and Narvik: local
    d = [*participants("X", "1804", "1838"), *participants("Y", "1839", "1840"),
         *participants("W", "1804", "1838", "1839", "1840"), *participants("Z", "1841", "1805")]
    reg = load_ok(write_tables(tmp_path / "r", {"ordninger": o, "deltakere": d,
                                                "regionrad": COUNCILS,
                                                "regionrad_medlemmer": MEMBERS}))
    return YearView(reg, 2014)


def test_council_counts_follow_the_level_counts(tmp_path):
    view = _view(tmp_path)
    t = council_counts(view, "18")
    rows = {r.id: r for r in t.rows}
    # Salten: X, Y, W regional, Z local; only W is regional *for* Salten by the rule.
    assert rows["R"][2:] == (5, 0, 3, 1, 4, 1)
    # The samkommune: X and W (W regional through Salten); X is regional for it.
    assert rows["S"][2:] == (2, 0, 2, 0, 2, 1)
    assert [r.id for r in t.rows] == ["R", "S"]  # most first
    # Each council's per-level count equals the level counts of table 4.1 for its arrangements.
    assert sum(rows["R"][3:6]) == rows["R"].sum


def test_disagreements_are_named_with_their_reason(tmp_path):
    view = _view(tmp_path)
    assert [(r.id, r.grunn) for r in regional_elsewhere(view, "R").rows] == [
        ("Y", "nivå satt for hånd i registeret"),
        ("X", "regional for Bodø-Gildeskål samkommune")]
    assert [(r.id, r.grunn) for r in regional_elsewhere(view, "S").rows] == [
        ("W", "regional for Salten")]


def test_municipalities_per_council_match_tables_4_2_to_4_5(tmp_path):
    view = _view(tmp_path)
    t = council_municipalities(view, "18", ["R", "S"])
    per = {r.kommunenummer: r for r in municipalities_table(view, "18").rows}
    assert [r.regionrad for r in t.rows].count("Salten") == 5
    assert [r.regionrad for r in t.rows].count("Bodø-Gildeskål samkommune") == 2
    for r in t.rows:
        m = per[r.kommunenummer]
        assert (r.hoyere, r.regional, r.lokal, r.sum) == (m.hoyere, m.regional, m.lokal, m.sum)
    bodo = next(r for r in t.rows if r.kommunenummer == "1804")
    assert (bodo.regional, bodo.sum) == (2, 2)  # X and W

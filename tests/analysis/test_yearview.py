"""As-of-year rules applied through the YearView, on small hand-made registers."""

from __future__ import annotations

from samkart.analysis.tables import percent
from samkart.analysis.yearview import YearView
from samkart.domain.codes import Band
from tests.helpers import arrangement, load_ok, write_tables


def active(tmp_path, deltakere, year, **arr):
    reg = load_ok(write_tables(tmp_path / f"r{year}", {
        "ordninger": [arrangement("A", **arr)], "deltakere": deltakere}))
    return set(YearView(reg, year).statuses["A"].participants)


def test_etablert_and_avviklet_boundaries(tmp_path):
    d = [{"ordning_id": "A", "kommunenummer": "1804"}, {"ordning_id": "A", "kommunenummer": "1805"}]
    assert active(tmp_path, d, 2010, etablert=2010, avviklet=2012) == {"1804", "1805"}
    assert active(tmp_path, d, 2011, etablert=2010, avviklet=2012) == {"1804", "1805"}
    assert active(tmp_path, d, 2012, etablert=2010, avviklet=2012) == set()
    assert active(tmp_path, d, 2009, etablert=2010, avviklet=2012) == set()


def test_fra_til_boundaries_and_fra_defaults_to_etablert(tmp_path):
    d = [{"ordning_id": "A", "kommunenummer": "1804", "fra": 2011, "til": 2013},
         {"ordning_id": "A", "kommunenummer": "1805"}]
    assert active(tmp_path, d, 2010, etablert=2010) == {"1805"}
    assert active(tmp_path, d, 2011, etablert=2010) == {"1804", "1805"}
    assert active(tmp_path, d, 2012, etablert=2010) == {"1804", "1805"}
    assert active(tmp_path, d, 2013, etablert=2010) == {"1805"}
    # both empty: active in any year
    assert active(tmp_path, d[1:], 1990) == {"1805"}


def test_participation_ends_with_its_municipality(tmp_path):
    d = [{"ordning_id": "A", "kommunenummer": "1624"}, {"ordning_id": "A", "kommunenummer": "1621"}]
    assert active(tmp_path, d, 2017, etablert=2010) == {"1624", "1621"}
    assert active(tmp_path, d, 2018, etablert=2010) == set()  # both renumbered in 2018


def test_percent_rounds_half_up_exactly():
    assert percent(1, 8) == 12.5
    assert percent(3, 48) == 6.3  # 6.25
    assert percent(1, 3) == 33.3
    assert percent(0, 0) == 0.0


def test_band_boundaries():
    assert Band.of(50.0001) is Band.HYPPIG and Band.of(50) is Band.VANLIG
    assert Band.of(20) is Band.VANLIG and Band.of(19.999) is Band.SJELDEN
    assert Band.of(10) is Band.SJELDEN and Band.of(9.99) is Band.UVANLIG

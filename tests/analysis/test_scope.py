"""Chapter 4 analyses on hand-made registers; every expected value is worked out in the comments."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from samkart.analysis import scope
from samkart.analysis.tables import Table
from samkart.analysis.yearview import YearView
from tests.analysis import registers
from tests.golden import write_golden
from tests.helpers import load_ok


@pytest.fixture
def golden(tmp_path):
    return load_ok(write_golden(tmp_path / "golden"))


def test_levels_by_county_with_percentages(golden):
    # 2013, Sør-Trøndelag (16): A1 regional, A2 regional, A3 higher, A11 local -> 1/2/1 of 4.
    # Nord-Trøndelag (17): A2 regional, A3 higher, A4 local, A10 higher -> 2/1/1 of 4.
    rows = {r["fylkesnummer"]: r for r in scope.levels_by_county(YearView(golden, 2013)).records()}
    assert rows["16"] == {"fylkesnummer": "16", "fylke": "Sør-Trøndelag", "hoyere": 1,
                          "hoyere_prosent": 25.0, "regional": 2, "regional_prosent": 50.0,
                          "lokal": 1, "lokal_prosent": 25.0, "sum": 4}
    assert (rows["17"]["hoyere"], rows["17"]["hoyere_prosent"], rows["17"]["sum"]) == (2, 50.0, 4)


def test_growth_between_two_years(golden):
    # 2012: A8 (ends 2013) still counts with Rissa and Leksvik; A9 has Bjugn and Ørland (Bjugn
    # leaves 2013); A11 has only Bjugn (Rissa joins 2013), so it does not count yet.
    # 16: A1 A2 A3 A8 A9 = 5 -> 4 in 2013; 17: A2 A3 A4 A8 A10 = 5 -> 4. Growth -1, -20 %.
    rows = {r["fylkesnummer"]: r for r in scope.growth(golden, 2012, 2013).records()}
    assert rows["16"]["antall_fra"] == 5 and rows["16"]["antall_til"] == 4
    assert rows["16"]["endring"] == -1 and rows["16"]["vekst_prosent"] == -20.0
    assert rows["17"]["antall_fra"] == 5 and rows["17"]["antall_til"] == 4


def test_establishment_years_and_peaks(golden):
    # Counted in 2013: A2 2001, A1 2005, A3 2008, A4 2011, A10 2012, A11 2012.
    t = scope.establishment_years(YearView(golden, 2013))
    series = dict(t.rows)
    assert series[2001] == 1 and series[2012] == 2 and series[2013] == 0 and series[2002] == 0
    assert sum(series.values()) == 6
    # 3-year windows: 2010-12 and 2011-13 both hold 3; the later wins the tie, the rest hold 1.
    assert scope.peak_periods(t) == [(2011, 2013, 3)]
    with_since = scope.establishment_years(YearView(golden, 2013), since=2008)
    assert with_since.rows[0] == ("før 2008", 2)


def test_peak_periods_are_non_overlapping_and_in_time_order():
    t = Table.of(scope.EstablishedRow, [
        scope.EstablishedRow(y, n)
        for y, n in zip(range(2000, 2010), [0, 5, 5, 0, 1, 0, 4, 4, 4, 0], strict=True)])
    # Best window 2006-08 (12), then 2000-02 or 2001-03 (10 each; the later 2001 wins),
    # and nothing else of at least 2 that does not overlap them.
    assert scope.peak_periods(t) == [(2001, 2003, 10), (2006, 2008, 12)]


def test_municipality_summary(golden):
    # Nord-Trøndelag 2013 has 23 municipalities: Stjørdal 3 (A2 A3 A4), Leksvik 2 (A2 A10),
    # Frosta 2 (A4 A10), Meråker 1 (A3), the other 19 none. Mean 8/23 = 0.35 -> 0.3.
    row = {r["fylkesnummer"]: r for r in scope.municipality_summary(YearView(golden, 2013))
           .records()}["17"]
    assert row["kommuner"] == 23 and row["mest"] == 3 and row["kommune_mest"] == "Stjørdal"
    assert row["minst"] == 0 and row["gjennomsnitt"] == 0.3 and row["median"] == 0


def test_by_size_class(tmp_path):
    reg = registers.sizes(tmp_path / "s")
    t = scope.by_size_class(YearView(reg, 2013), "99")
    rows = {r["storrelse"]: r for r in t.records()}
    # 3 000 and 7 000 share the class 3 000-9 999: totals 4 and 1, mean 2.5; 9902's first
    # arrangement is set to the higher level, so higher 1/2 = 0.5 and local (3 + 1)/2 = 2.0.
    assert rows["3000_9999"]["kommuner"] == 2 and rows["3000_9999"]["gjennomsnitt"] == 2.5
    assert rows["3000_9999"]["hoyere"] == 0.5 and rows["3000_9999"]["lokal"] == 2.0
    assert rows["under_3000"]["gjennomsnitt"] == 2.0 and rows["20000_"]["gjennomsnitt"] == 3.0
    assert rows["10000_19999"]["gjennomsnitt"] == 5.0
    # 9906 has no population: its own class, with all 15.
    assert rows["ukjent"]["kommuner"] == 1 and rows["ukjent"]["gjennomsnitt"] == 15.0


def test_size_rank_and_spearman(tmp_path):
    reg = registers.sizes(tmp_path / "s")
    view = YearView(reg, 2013)
    t = scope.size_rank(view, "99")
    assert [r[1] for r in t.rows] == ["9905", "9904", "9903", "9902", "9901"]
    assert [r[0] for r in t.rows] == [1, 2, 3, 4, 5]
    # Population ranks 1..5 (smallest first) against totals 2,4,1,5,3 -> total ranks 2,4,1,5,3;
    # d = -1,-2,2,-1,2; sum d^2 = 14; rho = 1 - 6*14/(5*24) = 0.3.
    c = scope.size_correlation(view, "99")
    assert c.rho == pytest.approx(0.3) and c.n == 5
    assert c.p_value is not None and c.p_value > 0.05
    assert c.significant() is False


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=4, max_size=40))
def test_spearman_equals_scipy(pairs):
    # Many ties on purpose (values 0..12): the average ranks must match scipy's.
    from scipy.stats import spearmanr

    x = [float(a) for a, _ in pairs]
    y = [float(b) for _, b in pairs]
    assume(len(set(x)) > 1 and len(set(y)) > 1)
    rho, p = scope.spearman(x, y)
    expected = spearmanr(x, y)
    assert rho == pytest.approx(float(expected.statistic), abs=1e-9)
    assert p == pytest.approx(float(expected.pvalue), abs=1e-9)


def test_spearman_p_value_by_hand():
    # rho = 0.3 with n = 5 (the register above): t = 0.3 * sqrt(3 / (1.3 * 0.7)) = 0.5447 on
    # 3 degrees of freedom; two-sided p = 0.6238 (Student's t table).
    rho, p = scope.spearman([1, 2, 3, 4, 5], [2, 4, 1, 5, 3])
    assert rho == pytest.approx(0.3)
    assert p == pytest.approx(0.6238, abs=1e-4)


def test_spearman_perfect_and_too_few(tmp_path):
    reg = registers.sizes(tmp_path / "s")
    view = YearView(reg, 2013)
    strong = scope.Correlation(1.0, 0.0, 5)
    assert strong.significant() is True
    assert scope.Correlation(None, None, 3).significant() is None
    # Nord-Trøndelag has no arrangements in this register: 23 zeros, nothing to correlate.
    flat = scope.size_correlation(view, "17")
    assert flat.n == 23 and flat.rho is None

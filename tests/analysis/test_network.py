"""The cooperation network, functional regions, swing municipalities, cross-border pull and the
dependency profile on the hand-made registers of ``network_registers.py`` (2013). Each expected
value is worked out by hand from the register's rows in the comments."""

from __future__ import annotations

from fractions import Fraction

import pytest

from samkart.analysis import dependency as dep
from samkart.analysis import regions as rg
from samkart.analysis.network import (
    NetworkScope,
    Tie,
    cooperation_network,
    network_table,
    shared_arrangements,
)
from samkart.analysis.yearview import YearView
from samkart.domain.codes import Level, Sector
from samkart.register.municipal_totals import load_municipal_totals
from tests.analysis import network_registers as nr

A = ("9901", "9902", "9903", "9904")
B = ("9905", "9906", "9907", "9908")


@pytest.fixture
def two(tmp_path):
    return YearView(nr.two_communities(tmp_path / "two"), 2013)


def test_network_ties_in_the_contracts_order(two):
    # Counted in 2013: A1-A3 (every pair of A shares 3), B1-B3 (every pair of B shares 3), S1-S5
    # (9909 with 9901, 9902, 9903, 9905, 9906 once each). X1 is a project, X2 ended in 2012, and
    # P1 has one active participant in 2013 (9905 joins 2014): none of them makes a tie.
    network = cooperation_network(two)
    pairs_a = [(a, b) for i, a in enumerate(A) for b in A[i + 1:]]
    pairs_b = [(a, b) for i, a in enumerate(B) for b in B[i + 1:]]
    expected = [Tie(a, b, 3) for a, b in pairs_a + pairs_b]
    expected += [Tie(k, "9909", 1) for k in ("9901", "9902", "9903", "9905", "9906")]
    assert network.ties() == expected
    assert network.strength("9909") == 5 and network.strength("9901") == 10
    assert network.nodes == [*A, *B, "9909"]
    table = network_table(two, network)
    assert table.columns == ("kommunenummer_a", "kommune_a", "kommunenummer_b", "kommune_b",
                             "felles")
    assert table.rows[0] == ("9901", "Kommune 9901", "9902", "Kommune 9902", 3)
    assert len(table.rows) == 17
    graph = network.graph()
    assert graph.number_of_edges() == 17 and graph["9901"]["9902"]["weight"] == 3


def test_network_restricted_by_level_and_sector(two):
    # S1-S5 are the only arrangements set to lokal by hand; B1-B3 the only teknisk ones.
    local = cooperation_network(two, NetworkScope(level=Level.LOKAL))
    assert sorted(local.weights) == [("9901", "9909"), ("9902", "9909"), ("9903", "9909"),
                                     ("9905", "9909"), ("9906", "9909")]
    technical = cooperation_network(two, NetworkScope(sector=Sector.TEKNISK))
    assert set(technical.weights.values()) == {3} and len(technical.weights) == 6
    assert technical.nodes == list(B)


def test_shared_arrangements_behind_a_tie(two):
    shared = shared_arrangements(two, ["9909"])
    assert [a.id for a in shared[("9901", "9909")]] == ["S1"]
    assert ("9901", "9902") not in shared  # neither end is 9909
    assert [a.id for a in shared_arrangements(two, ["9901"])[("9901", "9902")]] == ["A1", "A2",
                                                                                     "A3"]


@pytest.mark.parametrize("method", ["leiden", "louvain"])
def test_two_communities_joined_by_a_swing_municipality(two, method):
    regions = rg.functional_regions(two, cooperation_network(two), rg.RegionSettings(method))
    # 9909 has 3 ties into A and 2 into B: joining A raises modularity (3 - 5*39/82 > 0) and
    # joining B lowers it (2 - 5*38/82 < 0), so the regions are A+9909 (five, region 1) and B.
    assert [r.members for r in regions.regions] == [(*A, "9909"), B]
    r1, r2 = regions.regions
    # inside region 1: six A pairs of 3 and 9909's three ties; 9909's two ties to B leave it
    assert (r1.internal_ties, r1.external_ties, r2.internal_ties, r2.external_ties) == (21, 2, 18,
                                                                                        2)
    assert r1.centre == "9901"  # 9901-9903 have 10 ties inside, the lowest number wins
    assert (r1.council, r1.council_members, r2.council) == ("RA", 5, "RB")
    swing = regions.members["9909"]
    # intensity: 3 ties / 4 other members of region 1, 2 ties / 4 members of region 2;
    # the weaker's share is (2/4) / (3/4 + 2/4) = 2/5
    assert swing.region_split == rg.Split("1", 3, 4, "2", 2, 4)
    assert swing.region_split.share == Fraction(2, 5) and swing.region_split.share_percent == 40.0
    # the same by council: RA (own council of 9901-9903 and 9909: 4 others), RB (4)
    assert swing.council_split == rg.Split("RA", 3, 4, "RB", 2, 4)
    assert swing.vippekommune and not swing.avviker and swing.regionrad == "RA"
    # 9905: 9 ties to its 3 region partners, 1 to region 1's five: (1/5) / (1/5 + 3) = 1/16
    other = regions.members["9905"]
    assert other.region_split.share == Fraction(1, 16) and not other.vippekommune
    assert regions.members["9901"].region_split is None  # all its ties are inside region 1
    assert [m.kommunenummer for m in regions.swing()] == ["9909"]


def test_regions_table_and_council_fit(two):
    regions = rg.functional_regions(two, cooperation_network(two))
    table = rg.regions_table(regions)
    assert table.columns == ("kommunenummer", "kommune", "region", "regionrad", "avviker",
                             "vippekommune")
    assert table.rows == [
        *[(k, f"Kommune {k}", 1, "RA", "nei", "nei") for k in A],
        ("9909", "Kommune 9909", 1, "RA", "nei", "ja"),
        *[(k, f"Kommune {k}", 2, "RB", "nei", "nei") for k in B],
    ]
    fits = {f.id: f for f in regions.councils}
    assert fits["RA"] == rg.CouncilFit("RA", "Regionråd A", 5, 5, 1, 5, ((1, 5),))
    assert fits["RB"].share_percent == 100.0 and not fits["RB"].split
    # county 99: 41 ties (18 + 18 + 5); all but 9909's two ties to B lie inside one council and
    # inside one region: 39 of 41 = 95.1 %
    (county,) = rg.county_structure(two, cooperation_network(two), regions)
    assert (county.ties, county.within_council, county.within_region) == (41, 39, 39)
    assert county.within_council_percent == 95.1
    assert (county.regions, county.councils, county.avvikere, county.vippekommuner) == (2, 2, 0, 1)


def test_swing_share_is_a_setting(two):
    # 9909's split is 2/5: a swing municipality at 1/3, not at 1/2 (a split of exactly even only)
    strict = rg.functional_regions(two, cooperation_network(two),
                                   rg.RegionSettings(swing_share=Fraction(1, 2)))
    assert not strict.members["9909"].vippekommune
    with pytest.raises(ValueError):
        rg.RegionSettings(swing_share=Fraction(2, 3))


def test_low_resolution_makes_one_region_and_deviating_members(two):
    # With a resolution near 0 the null model hardly counts, so merging the connected network
    # into one region is best. Its largest council is RA (5 members against RB's 4), so RB's
    # members deviate from their council.
    regions = rg.functional_regions(two, cooperation_network(two), rg.RegionSettings(
        resolution=0.01))
    assert len(regions.regions) == 1
    assert {k for k, m in regions.members.items() if m.avviker} == set(B)


def test_regions_are_deterministic(tmp_path):
    # the same register read twice, and the demo of a whole year, give the same regions
    from samkart.demo.generator import generate_demo

    first = nr.two_communities(tmp_path / "a")
    again = nr.two_communities(tmp_path / "b")
    assert rg.communities(cooperation_network(YearView(first, 2013))) == rg.communities(
        cooperation_network(YearView(again, 2013)))
    view = YearView(generate_demo(), 2012)
    network = cooperation_network(view)
    runs = [rg.communities(network) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2] and len(set(runs[0].values())) > 1


def test_a_council_split_in_two(tmp_path):
    view = YearView(nr.split_council(tmp_path / "s"), 2013)
    regions = rg.functional_regions(view, cooperation_network(view))
    # 9911-9913 share C1 and C2; 9914-9916 share D1 and D2; 9917 hangs on 9914 (E1), so it joins
    # that group (gain 1 - 1*13/26 > 0): regions {9914-9917} (four, region 1) and {9911-9913}.
    assert [r.members for r in regions.regions] == [("9914", "9915", "9916", "9917"),
                                                    ("9911", "9912", "9913")]
    (fit,) = regions.councils
    assert fit == rg.CouncilFit("RC", "Regionråd C", 6, 6, 1, 3, ((1, 3), (2, 3)))
    assert fit.split and fit.share_percent == 50.0
    # both regions' largest council is RC, so nobody deviates; 9917 has no council at all
    assert not any(m.avviker for m in regions.members.values())
    assert regions.members["9917"].regionrad is None
    assert rg.regions_table(regions).rows[3] == ("9917", "Kommune 9917", 1, "", "nei", "nei")


def test_cross_border_pull(tmp_path):
    view = YearView(nr.across_border(tmp_path / "x"), 2013)
    network = cooperation_network(view)
    regions = rg.functional_regions(view, network)
    pulls = {b.kommunenummer: b for b in rg.cross_border_pull(view, network, regions)}
    # 9801: G1 and G2 with 9901 (2 ties), G2 with 9902 (1): all 3 across, to county 99 and RX
    b = pulls["9801"]
    assert (b.ties, b.across, b.partners_across, b.share_percent) == (3, 3, 2, 100.0)
    assert (b.county, b.county_ties, b.council, b.council_ties) == ("99", 3, "RX", 3)
    # 9901: 2 ties to 9801 across, 1 to 9902 at home: 66.7 %; 9801 is in no council
    assert (pulls["9901"].across, pulls["9901"].ties, pulls["9901"].share_percent) == (2, 3, 66.7)
    assert pulls["9901"].council is None and pulls["9901"].county == "98"
    # 9902: 9801, 9901, 9903 once each, one across: 33.3 %; 9903: 9902 and 9802: 50 %
    assert pulls["9902"].share_percent == 33.3 and pulls["9903"].share_percent == 50.0
    # order: share, then more ties across (9801's 3 before 9802's 1), then name
    assert [p.kommunenummer for p in rg.cross_border_pull(view, network)] == [
        "9801", "9802", "9901", "9903", "9902"]
    table = rg.cross_border_table(view, list(pulls.values()), county="98")
    assert [r[0] for r in table.rows] == ["9801", "9802"]
    assert table.rows[0][8] == "Testfylke" and table.rows[0][11] == "Regionråd X"


def test_dependency_profile(tmp_path):
    view = YearView(nr.dependency(tmp_path / "d"), 2013)
    totals_file = tmp_path / "kommunetall.csv"
    totals_file.write_text("kommunenummer;ar;brutto_driftsutgifter_1000_nok;arsverk\n"
                           "9902;2013;95 000;150\n", "utf-8")
    totals, problems = load_municipal_totals(totals_file, view.register.municipalities)
    assert problems == [] and totals is not None
    profiles = {d.kommunenummer: d for d in dep.dependency_profiles(view, totals)}
    # statutory fields known: legevakt, barnevern (D1, D2), ppt (D4); renovasjon is not (D3)
    assert dep.statutory_fields(view) == {"legevakt", "barnevern", "ppt"}
    d1, d2, d3 = profiles["9901"], profiles["9902"], profiles["9903"]
    # 9901: D1 (hosts it: legevakt, barnevern), D3, D4 (no host: ppt)
    assert (d1.arrangements, d1.statutory_arrangements, d1.statutory_fields,
            d1.statutory_fields_known) == (3, 2, 3, 3)
    assert d1.hosts == (dep.HostFields("9901", 2), dep.HostFields(None, 1))
    # 9902: legevakt and barnevern through 9901 (D1), barnevern through 9903 (D2)
    assert d2.hosts == (dep.HostFields("9901", 2), dep.HostFields("9903", 1))
    # budgets split equally: D1 1 000 000 / 2, D2 300 000 / 2, D3 900 000 / 3
    assert d2.budget_nok == pytest.approx(950_000) and d2.budget_statutory_nok == pytest.approx(
        650_000)
    assert d1.budget_nok == pytest.approx(800_000) and d1.budget_missing == 1  # D4 has none
    # staff: D1 4 / 2 and D3 3 / 3; D2 has no figure
    assert d2.staff == pytest.approx(3) and d2.staff_statutory == pytest.approx(2)
    assert d2.staff_missing == 1
    # 9902's totals: 95 000 (1000 NOK) = 95 000 000 NOK and 150 FTE
    assert d2.expenditure_nok == 95_000_000 and d2.staff_total == 150
    assert d2.budget_percent == 1.0 and d2.budget_statutory_percent == 0.7  # 650k / 95M
    assert d2.staff_percent == 2.0 and d2.staff_statutory_percent == 1.3  # 3 / 150, 2 / 150
    # 9903: its staff share exists (D3) but nothing statutory has staff; no totals given
    assert d3.staff == pytest.approx(1) and d3.staff_statutory == 0 and d3.staff_percent is None
    assert d3.hosts == (dep.HostFields("9903", 1), dep.HostFields(None, 1))
    # most statutory fields first, then by name
    assert [d.kommunenummer for d in dep.dependency_profiles(view)] == ["9901", "9902", "9903"]
    row = dep.dependency_table(view, [d2]).records()[0]
    assert row["via_vertskommune"] == "Kommune 9901 (2); Kommune 9903 (1)"
    assert row["budsjett_nok"] == 950_000 and row["budsjett_andel_prosent"] == 1.0


def test_dependency_shares_round_half_up_like_every_other_percentage():
    # 1 FTE of 400 is 0.25 %: half up gives 0.3 (round() on the float would give 0.2, to even);
    # 1 of 3 is 33.33… %: 33.3; 2 of 3: 66.7
    assert dep._share(1.0, 400.0) == 0.3
    assert dep._share(1.0, 3.0) == 33.3 and dep._share(2.0, 3.0) == 66.7
    assert dep._share(None, 3.0) is None and dep._share(1.0, 0.0) is None


def _totals(tmp_path, text: str):
    path = tmp_path / "tall.csv"
    path.write_text(text, "utf-8")
    from samkart.reference import load_reference

    return load_municipal_totals(path, load_reference().municipalities)


def test_municipal_totals_report_located_errors(tmp_path):
    totals, problems = _totals(tmp_path, (
        "kommunenummer,ar,brutto_driftsutgifter_nok,arsverk\n"
        "1714,2013,1500000000,1200\n"     # fine
        "199,2013,1,2\n"                  # 0199 is no municipality in 2013
        "1714,2013,5,5\n"                 # twice
        "17x4,2013,5,5\n"                 # not a number
        "1711,20130,mange,-3\n"))         # bad year, bad number, negative
    assert totals is None
    lines = [p.line() for p in problems]
    assert "error kommunetall:2:kommunenummer: 0199 er ikke en kommune i 2013" in lines
    assert "error kommunetall:3:kommunenummer: 1714 har tall for 2013 også i rad 1" in lines
    assert any(x.startswith("error kommunetall:4:kommunenummer:") for x in lines)
    assert any(x.startswith("error kommunetall:5:ar:") for x in lines)
    assert any(x.startswith("error kommunetall:5:brutto_driftsutgifter_nok:") for x in lines)
    assert any(x.startswith("error kommunetall:5:arsverk:") for x in lines)


def test_municipal_totals_columns(tmp_path):
    totals, problems = _totals(tmp_path, "kommunenummer,ar\n1714,2013\n")
    assert totals is None and problems[0].line() == (
        "error kommunetall:0:: filen har verken driftsutgifter eller årsverk")
    totals, problems = _totals(tmp_path, "kommunenummer,brutto_driftsutgifter_nok,"
                                         "brutto_driftsutgifter_1000_nok\n1714,1,1\n")
    assert totals is None
    assert {p.line() for p in problems} == {
        "error kommunetall:0:ar: påkrevd kolonne mangler",
        "error kommunetall:0:brutto_driftsutgifter_1000_nok: gi driftsutgiftene i én kolonne, "
        "ikke både i kroner og i 1000 kroner"}
    # staff only, with a Norwegian decimal comma and an unknown column (a warning)
    totals, problems = _totals(tmp_path, "kommunenummer;ar;arsverk;merknad\n1714;2013;1 200,5;x\n")
    assert totals == {("1714", 2013): ("1714", 2013, None, 1200.5)}
    assert [p.line() for p in problems] == [
        "warning kommunetall:0:merknad: ukjent kolonne, lest ikke"]

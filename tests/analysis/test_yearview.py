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


def test_the_view_counts_as_each_participation_says(tmp_path):
    # The view takes participants through the register's index (steady ones as a set, dated
    # ones one by one); worked out here one participation at a time with Participation.active_in
    # and the municipality's years, on a random register with merging municipalities, dated
    # participations, ended arrangements and marked hosts, also after a pickle round trip.
    import dataclasses
    import pickle
    import random

    from samkart.domain.entities import Participation

    rng = random.Random(7)
    # existing in every year drawn, four ceasing in the 2018 merger of Trøndelag, one in 2020
    numbers = ["1804", "1805", "1820", "1624", "1621", "1627", "1702", "1703", "1601"]
    ordninger, deltakere = [], []
    for i in range(120):
        aid = f"A{i}"
        etablert = rng.choice([None, 2008, 2012, 2016])
        avviklet = rng.choice([None, None, 2014, 2019]) if etablert else None
        if avviklet is not None and etablert is not None and avviklet <= etablert:
            avviklet = None
        members = rng.sample(numbers, rng.randint(1, 6))
        host = rng.choice([None, members[0]])
        ordninger.append(arrangement(aid, etablert=etablert, avviklet=avviklet,
                                     vertskommune=host))
        for k in members:
            fra = rng.choice([None, None, None, 2010, 2015])
            til = rng.choice([None, None, None, 2013, 2018])
            if fra is not None and til is not None and til <= fra:
                til = None
            rolle = "vertskommune" if rng.random() < 0.3 else "deltaker"
            deltakere.append({"ordning_id": aid, "kommunenummer": k, "fra": fra, "til": til,
                              "rolle": rolle})
    reg = load_ok(write_tables(tmp_path / "random", {"ordninger": ordninger,
                                                     "deltakere": deltakere}))
    assert any(p.rolle.code == "vertskommune" and p.kommunenummer != reg.arrangements[
        p.ordning_id].vertskommune for p in reg.participations)
    assert any(p.fra is not None or p.til is not None for p in reg.participations)
    again = pickle.loads(pickle.dumps(reg))
    # What validation would refuse, as a register built in code may have it: a municipality
    # twice in one arrangement (with and without years), an arrangement not in the register,
    # an unknown municipality number.
    twins = [Participation(p.ordning_id, p.kommunenummer, 2015, None)
             for p in reg.participations[:40]]
    odd = dataclasses.replace(reg, participations=[*reg.participations, *twins,
                                                   Participation("ZZ", "1804"),
                                                   Participation("A1", "9999")])
    for register in (reg, again, odd):
        for year in range(2006, 2022):
            valid = {m.kommunenummer for m in register.municipalities.valid_in(year)}
            expected, hosts = {}, {}
            for aid, a in register.arrangements.items():
                ps = [p for p in register.participations if p.ordning_id == aid
                      and p.kommunenummer in valid and p.active_in(year, a)]
                expected[aid] = {p.kommunenummer for p in ps}
                marked = {p.kommunenummer for p in ps if p.rolle.code == "vertskommune"}
                hosts[aid] = a.vertskommune if a.vertskommune in expected[aid] else (
                    next(iter(marked)) if a.vertskommune and len(marked) == 1 else None)
            view = YearView(register, year)
            assert {aid: set(s.participants) for aid, s in view.statuses.items()} == expected
            assert {aid: s.host for aid, s in view.statuses.items()} == hosts

"""The reference data to the present (issue 10): population per year, målform, councils after 2020,
outlines of every municipality on both maps. Expected values are read from the shared files
independently of the package's loader."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import replace
from importlib import resources

import pytest

from samkart.reference import MAP_YEARS, Change, load_reference, outlines
from tests.reference.test_reference import SHARED, needs_shared, valid_numbers


def _shared(name: str) -> list[dict[str, str]]:
    with open(SHARED / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# The five municipalities SSB's extract in FHI's packages lacks (shared README, "Kjente mangler").
GAPS = {("0706", y) for y in range(2012, 2017)} | {("0719", y) for y in range(2012, 2017)} \
    | {("0720", y) for y in range(2012, 2017)} | {("1901", 2012), ("1915", 2012)}


@needs_shared
@pytest.mark.parametrize("year", range(2012, 2027))
def test_every_municipality_of_every_year_has_its_population(year):
    ref = load_reference()
    expected = {r["kommunenummer"]: int(r["innbyggere"]) for r in _shared("folketall.csv")
                if int(r["ar"]) == year}
    for knr in valid_numbers(year):
        m = ref.municipalities.valid(knr, year)
        got = ref.population.figure(m, year)
        if (knr, year) in GAPS:
            # Not guessed: no figure of a year the municipality existed in is known.
            assert got is None, knr
        else:
            assert got == (expected[knr], year), knr
    # ... and nothing of the year is left over: the municipalities of the year are SSB's.
    assert set(expected) == valid_numbers(year) - {k for k, y in GAPS if y == year}


@needs_shared
def test_the_gaps_are_exactly_the_merged_areas_of_the_2024_table():
    # The 2024-boundary table holds the gaps only as sums over whole old municipalities; the sums
    # are exactly what each year's total lacks, so no single municipality's figure can be read
    # from them (and none is).
    by_year = defaultdict(int)
    for r in _shared("folketall.csv"):
        by_year[int(r["ar"])] += int(r["innbyggere"])
    merged = {(r["kommunenummer"], int(r["ar"])): (int(r["innbyggere"]), r["opprinnelige_kommunenummer"])
              for r in _shared("folketall_2024grenser.csv")}
    assert merged["3907", 2012] == (60776, "0706+0719+0720")
    assert merged["5503", 2012] == (24095, "1901+1915")
    # The README's national total for 1 January 2012.
    assert by_year[2012] + merged["3907", 2012][0] + merged["5503", 2012][0] == 4985870


def test_nearest_earlier_year_and_versions():
    ref = load_reference()
    narvik = ref.municipalities.valid("1806", 2024)
    assert ref.population.figure(narvik, 2030)[1] == 2026  # nearest earlier
    # 1806 Narvik of 2020 (merged with Ballangen and part of Tysfjord) never lends its figures to
    # the Narvik of 2012-2019.
    old = ref.municipalities.valid("1805", 2015)
    assert ref.population.figure(old, 2015)[1] == 2015
    assert ref.population.figure(old, 2024)[1] == 2019
    # Before the table starts: the earliest year known, its year stated.
    assert ref.population.figure(old, 2008)[1] == 2012


def test_the_bundled_list_figures_are_those_of_2017():
    ref = load_reference()
    for knr in valid_numbers(2017):
        m = ref.municipalities.valid(knr, 2017)
        if m.innbyggere is not None:
            assert m.innbyggere_ar == 2017
            assert ref.population.figure(m, 2017) == (m.innbyggere, 2017), knr


@needs_shared
def test_language_forms():
    ref = load_reference()
    rows = _shared("kommuner_2025.csv")
    assert len(ref.language_forms) == len(rows) == 357
    for r in rows:
        assert ref.language_forms[r["kommunenummer"]] == r["malform"].lower()
    assert set(ref.language_forms.values()) == {"bokmål", "nynorsk", "nøytral"}
    assert set(ref.language_forms) == valid_numbers(2024)


@pytest.mark.parametrize("map_year", MAP_YEARS)
def test_every_municipality_of_the_map_year_has_an_outline(map_year):
    assert valid_numbers(map_year) <= set(outlines(map_year).rings)


def test_traena_and_kvitsoy_2017_are_their_2024_outlines():
    for knr in ("1835", "1144"):
        assert outlines(2017).rings[knr] == outlines(2024).rings[knr]
    assert "Kartverket" in outlines(2017).source


@needs_shared
def test_councils_after_2020():
    ref = load_reference()
    rows = _shared("interkommunale_politiske_rad.csv")
    names = {r["navn"] for r in rows}
    assert len(names) == 48
    bundled = {c.navn: c for c in ref.councils.values()}
    assert names <= set(bundled)
    members_2024 = defaultdict(set)
    for m in ref.memberships:
        if m.active_in(2024):
            members_2024[ref.councils[m.regionrad_id].navn].add(m.kommunenummer)
    for name in names:
        assert members_2024[name] == {r["kommunenummer"] for r in rows if r["navn"] == name}
    covered = set().union(*(members_2024[n] for n in names))
    assert len(covered) == 268
    assert covered <= valid_numbers(2024)
    # Every membership row carries its source.
    assert all(m.kilde for m in ref.memberships)


def test_councils_follow_the_2024_renumbering():
    ref = load_reference()
    # Halden is 3001 in 2020-2023 and 3101 from 2024: one membership each, nothing in between lost.
    halden = [m for m in ref.memberships if m.kommunenummer in ("3001", "3101")
              and m.regionrad_id.startswith("ipr_")]
    years = {y for m in halden for y in range(2020, 2027) if m.active_in(y)}
    if halden:
        assert years == set(range(min(m.fra for m in halden), 2027))


def test_the_2017_map_has_the_426_municipalities_of_2017():
    text = resources.files("samkart.reference").joinpath("data", "kart_2017.json").read_text("utf-8")
    doc = json.loads(text)
    assert doc["ar"] == 2017 and set(doc["kommuner"]) == valid_numbers(2017)


@pytest.mark.parametrize("year", range(2012, 2027))
def test_every_municipality_lies_in_a_county_valid_that_year(year):
    ref = load_reference()
    for knr in valid_numbers(year):
        county = ref.municipalities.valid(knr, year).fylkesnummer
        assert any(c.valid_in(year) for c in ref.counties.get(county, ())), (knr, county, year)
    # The 2024 split: Viken, Vestfold og Telemark, Troms og Finnmark end; their parts begin.
    counties = {c for c, vs in ref.counties.items() if any(v.valid_in(year) for v in vs)}
    if year >= 2024:
        assert {"31", "32", "33", "39", "40", "55", "56"} <= counties
        assert not counties & {"30", "38", "54"}
    assert len(counties) == (19 if year < 2018 else 18 if year < 2020 else 11 if year < 2024
                             else 15)


def test_language_form_follows_a_municipality_to_what_it_became():
    ref = load_reference()
    # malform.csv (2024 numbers): Volda 1577 nynorsk, Indre Fosen 5054 nøytral, Bodø 1804 nøytral.
    assert ref.language_form("1519", 2014) == "nynorsk"  # Volda before the 2020 renumbering
    assert ref.language_form("1624", 2013) == "nøytral"  # Rissa, in Indre Fosen from 2018
    assert ref.language_form("1804", 2014) == "nøytral"
    assert ref.language_form("9999", 2014) is None


def test_language_form_is_unknown_when_the_successors_differ():
    split = (Change(2020, "deling", "0001", "Før", "0002", "A", "test"),
             Change(2020, "deling", "0001", "Før", "0003", "B", "test"))
    ref = replace(load_reference(), changes=split,
                  language_forms={"0002": "nynorsk", "0003": "bokmål"})
    assert ref.language_form("0001", 2019) is None
    same = replace(ref, language_forms={"0002": "nynorsk", "0003": "nynorsk"})
    assert same.language_form("0001", 2019) == "nynorsk"

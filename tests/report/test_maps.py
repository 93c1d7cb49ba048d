"""Map drawing: class breaks, outlines found or reported missing, council names on the map."""

from __future__ import annotations

from samkart.reference import map_year_for, outlines
from samkart.report import maps


def test_class_breaks_equal_counts_and_distinct():
    assert maps.class_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [2, 4, 6, 8, 10]
    # Many equal values collapse into fewer classes rather than repeating a bound.
    assert maps.class_breaks([5, 5, 5, 5, 9]) == [5, 9]
    assert maps.class_breaks([]) == []


def test_choropleth_titles_values_and_missing_numbers():
    shapes = outlines(2017)
    svg, missing = maps.choropleth(shapes, {"1853": 50, "1852": 3, "1835": 7, "5006": 2},
                                   {"1853": "Evenes", "1852": "Tjeldsund", "1835": "Træna",
                                    "5006": "Steinkjer"}, "Kart")
    assert "<title>Evenes: 50 ordninger</title>" in svg
    assert "<title>Tjeldsund: 3 ordninger</title>" in svg
    # Træna is on the 2017 map (its 2024 outline); Steinkjer's number of 2020 is not.
    assert "<title>Træna: 7 ordninger</title>" in svg
    assert missing == ["5006"]
    assert svg.count("<path") == 3 and 'aria-label="Kart"' in svg


def test_council_map_writes_names_and_leaves_outsiders_white():
    shapes = outlines(2017)
    svg = maps.council_map(shapes, {"1853": "ofoten", "1852": "ofoten"},
                           {"ofoten": "Ofoten & Co"}, {"1853", "1852", "1804"}, "Råd")
    assert ">Ofoten &amp; Co</text>" in svg
    assert "<title>Bodø: ikke i regionråd</title>" in svg
    assert 'fill="#ffffff"' in svg


def test_map_year_for():
    assert map_year_for(2014) == 2017 and map_year_for(2019) == 2017 and map_year_for(2020) == 2024

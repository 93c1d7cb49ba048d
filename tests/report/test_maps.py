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


def test_numbered_council_map_has_a_legend_and_markers_that_do_not_overlap():
    """The subregion map of a county: every council numbered on the map once, each number's
    council named in the legend with its count, and no two markers on top of each other (the
    Trøndelag councils lie close, and some in two parts across a fjord)."""
    import math
    import re

    from samkart.reference import load_reference, outlines
    from samkart.report.council_maps import numbered_council_map

    reference = load_reference()
    shapes = outlines(2017)
    members: dict[str, set[str]] = {}
    for ms in reference.memberships:
        if ms.active_in(2012) and ms.kommunenummer.startswith("17"):
            members.setdefault(ms.regionrad_id, set()).add(ms.kommunenummer)
    council_of = {k: max((c for c, ms in members.items() if k in ms),
                         key=lambda c: (len(members[c]), c)) for ms in members.values()
                  for k in ms}
    legend = [(c, f"{reference.councils[c].navn} ({i})") for i, c in enumerate(sorted(members))]
    shown = {c for c in council_of.values()}
    svg = numbered_council_map(shapes, council_of, legend, set(council_of), "Kart", prefix="t")
    circles = [(float(x), float(y), float(r)) for x, y, r in
               re.findall(r'<circle cx="([\d.-]+)" cy="([\d.-]+)" r="([\d.]+)" fill="#fff"', svg)]
    assert len(circles) == len(shown) >= 4
    for (x1, y1, r), (x2, y2, _) in [(a, b) for i, a in enumerate(circles)
                                     for b in circles[i + 1:]]:
        assert math.hypot(x1 - x2, y1 - y2) >= 2 * r
    for c, text in legend:
        if c in shown:
            assert text in svg
    numbers = re.findall(r'font-weight="bold">(\d+)</text>', svg)
    assert sorted(map(int, numbers)) == list(range(1, len(shown) + 1))
    assert 'id="t-p0"' in svg and 'id="p0"' not in svg  # ids unique in a page of maps


def test_markers_on_one_spot_are_moved_apart():
    import math

    from samkart.report.council_maps import _spread

    spots = [[300.0, 200.0], [300.0, 200.0], [305.0, 201.0], [10.0, 5.0]]
    _spread(spots, 24.0, 400.0)
    for i, a in enumerate(spots):
        assert 12.0 <= a[0] <= 588.0 and 12.0 <= a[1] <= 388.0  # still on the map
        for b in spots[i + 1:]:
            assert math.hypot(a[0] - b[0], a[1] - b[1]) >= 24.0

"""The network page and the network and regions API on the golden register (tests/golden.py, 2013;
its own councils are not in the database, so the bundled councils apply), and the page in a real
Chromium: axe-core on it, and a click on a municipality listing its partners."""

from __future__ import annotations

import json

import pytest

from tests.web.test_browser import browser_ready, run  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

# Counted 2013 (tests/golden.py): A1 1621 1624 1627; A2 1621 1624 1627 1714 1718; A3 1624 1627 1711
# 1714; A4 1714 1717; A10 1717 1718; A11 1624 1627. Pairs, worked out by hand: Rissa-Bjugn
# (1624-1627) share A1, A2, A3, A11 = 4; Ørland-Rissa, Ørland-Bjugn, Rissa-Stjørdal,
# Bjugn-Stjørdal share 2; ten pairs share 1: 15 pairs in all.


def test_network_api(client, golden_db):
    body = client.get("/api/network?year=2013&limit=100").json()
    assert body["count"] == 15
    assert body["items"][0] == {"kommunenummer_a": "1624", "kommune_a": "Rissa",
                                "kommunenummer_b": "1627", "kommune_b": "Bjugn", "felles": 4}
    assert [i["felles"] for i in body["items"]] == [4, 2, 2, 2, 2] + [1] * 10
    # Frosta (1717) takes part in A4 (with Stjørdal) and A10 (with Leksvik) only
    body = client.get("/api/network?year=2013&county=17&level=lokal").json()
    assert {(i["kommunenummer_a"], i["kommunenummer_b"]) for i in body["items"]} == {
        ("1714", "1717")}  # A4 is the only local one with a participant in 17 (A11 is in 16)
    assert client.get("/api/network?year=2013&level=nasjonal").status_code == 422


def test_regions_api(client, golden_db):
    body = client.get("/api/regions?year=2013&county=17").json()
    assert body["method"] == "louvain" and body["seed"] == 1 and body["resolution"] == 1.0
    rows = {m["kommunenummer"]: m for m in body["municipalities"]}
    assert set(rows) == {"1711", "1714", "1717", "1718"}  # the county's municipalities with ties
    for m in rows.values():
        shares = [s["share_percent"] for s in (m["region_split"], m["council_split"]) if s]
        assert m["vippekommune"] == any(s >= 100 / 3 for s in shares), m
    assert all(r["id"] in {m["region"] for m in rows.values()} for r in body["regions"])
    # Frosta's two ties: Stjørdal (A4) and Leksvik (A10)
    assert rows["1717"]["ties"] == 2


@pytest.mark.parametrize("url", ["/nettverk/", "/nettverk/?ar=2013", "/nettverk/?ar=2013&fylke=17",
                                 "/nettverk/?ar=2013&fylke=16&niva=regional&sektor=helse",
                                 "/nettverk/?ar=1990"])
def test_network_page_answers(client, golden_db, url):
    assert client.get(url).status_code == 200


def test_network_page_content(client, golden_db):
    html = client.get("/nettverk/?ar=2013&fylke=17").content.decode()
    assert 'class="network"' in html and 'data-k="1717"' in html
    assert 'aria-label="Frosta: Region' in html  # every node has a name for screen readers
    start = html.index('<script id="nettverk-data" type="application/json">')
    data = json.loads(html[start:].split(">", 1)[1].split("</script>", 1)[0])
    partners = {p[0]: p for p in data["municipalities"]["1717"]["partners"]}
    assert set(partners) == {"1714", "1718"}
    assert [data["arrangements"][i][0] for i in partners["1714"][2]] == ["A4"]
    # the text alternative: every municipality of the figure has a row the figure links to
    assert 'id="kommune-1717"' in html and 'href="#kommune-1717"' in html
    assert client.get("/nettverk/?ar=2013&niva=nasjonal").status_code == 400  # a bad parameter


@pytest.mark.django_db(transaction=True)
def test_network_page_in_chromium(browser_ready, live_server, golden_db):  # noqa: F811
    url = f"{live_server.url}/nettverk/?ar=2013&fylke=17"
    results = run("axe.mjs", url)
    for r in results:
        assert r["violations"] == [] and r["external"] == [] and r["blocked"] == [], r
    steps = run("network_e2e.mjs", url, "1714", "Frosta", "Ordning A4")
    assert [s for s in steps if not s["pass"]] == [], steps
